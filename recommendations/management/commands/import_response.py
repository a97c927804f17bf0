"""Import a government response document: `manage.py import_response FILE`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from recommendations.importers.common import DocumentError
from recommendations.importers.response import import_response


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--response-date: “{value}” is not a date like 2020-07-20.") from None


class Command(BaseCommand):
    help = (
        "Import a government response (the text layout of the SEND response): the committee, the report, its "
        "recommendations and the replies, with a suggested status for each. A second run changes nothing; a bad "
        "file changes nothing and the message names the line at fault."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The response document, a UTF-8 text file.")
        parser.add_argument("--source-url", default="", help="Link to the published response.")
        parser.add_argument("--report-slug", default="", help="The report's slug (default: made from its title).")
        parser.add_argument("--title", default="", help="The report's title, if the front matter lacks it.")
        parser.add_argument("--committee", default="", help="The committee's name, if the front matter lacks it.")
        parser.add_argument(
            "--response-date",
            type=_date,
            default=None,
            help="YYYY-MM-DD: the date for the suggested statuses, if the front matter gives none.",
        )

    def handle(self, *args, **options):
        try:
            result = import_response(
                options["file"],
                source_url=options["source_url"],
                report_slug=options["report_slug"],
                title=options["title"],
                committee=options["committee"],
                response_date=options["response_date"],
            )
        except DocumentError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        self.stdout.write(str(result))
