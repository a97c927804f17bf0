"""Import written parliamentary questions: `manage.py import_question FILE [FILE ...]`.

All files are read and checked before anything is saved, then saved in one transaction. The work is done by
`intake.questions.import_questions`.
"""

from django.core.management.base import BaseCommand, CommandError

from intake.common import DocumentError
from intake.questions import import_questions


class Command(BaseCommand):
    help = (
        "Import written questions from text documents (the four page layouts of the seeds) or, with "
        "--format api, from JSON in the shape of the UK Parliament written questions API. "
        "A second run with the same files changes nothing; a bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--format",
            choices=["text", "api"],
            default="text",
            help="text: one question per file, as copied from its web page (default); api: API records in JSON.",
        )
        parser.add_argument(
            "--source-url", default="", help="The link to the question's page (one text document only)."
        )

    def handle(self, *args, files, format, source_url, **options):
        try:
            summary = import_questions(files, format=format, source_url=source_url)
        except DocumentError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Written questions: {summary}.")
        if not summary.changed:
            self.stdout.write("Nothing changed.")
