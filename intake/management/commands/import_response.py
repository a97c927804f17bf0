"""Import a government response as published (PDF, HTML or text), or the committee's report before its response:
`manage.py import_response FILE`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from intake.common import DocumentError, read_bytes
from intake.draft import CHECK, ERROR, from_json
from intake.pipeline import import_response, make_draft, review_address
from intake.uploads import take_in


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--response-date: “{value}” is not a date like 2020-07-20.") from None


class Command(BaseCommand):
    help = (
        "Import a government response as published (PDF, HTML or text; the type is read from the content): the "
        "committee, the report, its recommendations and the replies, with a suggested status for each. A second run "
        "changes nothing; a bad file changes nothing and the message names the place at fault. A committee report "
        "gives its conclusions and recommendations, awaiting the response, which pairs with them when it comes. A "
        "document with doubts an editor must settle is refused: give --draft to keep it for review in the admin "
        "instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The response document: PDF, HTML or UTF-8 text.")
        parser.add_argument("--source-url", default="", help="Link to the published response.")
        parser.add_argument("--report-slug", default="", help="The report's slug (default: made from its title).")
        parser.add_argument("--title", default="", help="The report's title, if the document does not say.")
        parser.add_argument("--committee", default="", help="The committee's name, if the document does not say.")
        parser.add_argument(
            "--response-date",
            type=_date,
            default=None,
            help="YYYY-MM-DD: the date for the suggested statuses, if the document gives none.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the items and doubts; save nothing.")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Keep a draft for an editor's review in the admin (doubts and all) and print its address; "
            "publish nothing.",
        )

    def handle(self, *args, **options):
        try:
            if options["dry_run"]:
                self._print_draft(options["file"])
                return
            if options["draft"]:
                self._keep_draft(options)
                return
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

    def _keep_draft(self, options) -> None:
        """Through the same check as the admin's upload: the same file already taken in gives its draft's
        address and keeps nothing new (the waiting-draft limit is an editor's: see intake.uploads)."""
        path = options["file"]
        details = {name: options[name] for name in ("title", "committee", "report_slug", "source_url")}
        row, new = take_in(path, read_bytes(path), response_date=options["response_date"], **details)
        if not new:
            state = row.get_state_display().lower()
            self.stdout.write(f"{path}: the same file was taken in before, as {row.file_name} on "
                              f"{row.uploaded_at:%-d %B %Y}, and its draft is {state}; nothing new was kept. "
                              f"Its review page: {review_address(row)}")  # fmt: skip
            return
        draft = from_json(row.content)
        doubts = draft.all_doubts()
        checks = sum(1 for doubt in doubts if doubt.level in (CHECK, ERROR))
        counts = f"{len(draft.recommendations)} recommendations, {len(draft.replies)} replies"
        self.stdout.write(f"{path}: read as {draft.format}; {counts}; {len(doubts)} doubts ({checks} to settle).")
        self.stdout.write(f"Draft kept for review (nothing is published until an editor does): {review_address(row)}")

    def _print_draft(self, path) -> None:
        draft = make_draft(path, read_bytes(path))
        write = self.stdout.write
        counts = f"{len(draft.recommendations)} recommendations, {len(draft.replies)} replies"
        write(f"{path}: read as {draft.format}; {counts}.")
        self._print_doubts(draft.doubts)
        for item in draft.recommendations:
            refs = ", ".join(item.paragraphs) or "no paragraph reference"
            write(f"{item.number} ({refs}; {item.kind}; suggested {item.status or 'nothing'}): {item.text[:100]}")
            self._print_doubts(item.doubts)
        for position, reply in enumerate(draft.replies, start=1):
            heading = f" “{reply.heading}”" if reply.heading else ""
            write(f"reply {position} by {reply.responder} to {', '.join(reply.numbers)}{heading}: {reply.text[:80]}")
            self._print_doubts(reply.doubts)
        write("Dry run: nothing was saved.")

    def _print_doubts(self, doubts) -> None:
        for doubt in doubts:
            self.stdout.write(f"  {doubt.level}: {doubt.place + ': ' if doubt.place else ''}{doubt.message}")
