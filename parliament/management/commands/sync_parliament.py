import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from parliament.client import ApiError
from parliament.schedule import AlreadyRunning
from parliament.sync import Sync


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date: give YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Bring committees, reports, government responses, special reports and response deadlines from Parliament's "
        "Committees API; responses' documents become intake drafts for editors. Resumable and idempotent; never "
        "overwrites an editor's work. With --questions, propose written questions that follow tracked reports up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=day, help="First publication date to walk (YYYY-MM-DD); walks again.")
        parser.add_argument("--until", type=day, help="Last publication date to walk (YYYY-MM-DD); walks again.")
        parser.add_argument("--committee", type=int, metavar="ID", help="Only this committee (Parliament's id).")
        parser.add_argument("--dry-run", action="store_true", help="Fetch and compare, then write nothing.")
        parser.add_argument("--questions", action="store_true", help="Search written questions for tracked reports.")

    def handle(self, *args, since, until, committee, dry_run, questions, **options):
        if since and until and since > until:
            raise CommandError("--since is after --until: nothing to walk.")
        show = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        progress = (lambda message: self.stdout.write(f"\r{message}", ending="")) if show else (lambda m: None)
        try:
            if questions:
                from parliament.questions import QuestionSearch

                summary = QuestionSearch(since=since, until=until, dry_run=dry_run, progress=progress).run()
            else:
                summary = Sync(
                    since=since, until=until, committee_id=committee, dry_run=dry_run, progress=progress
                ).run()
        except (AlreadyRunning, ApiError) as error:
            raise CommandError(str(error)) from None
        if show:
            self.stdout.write("")
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} error(s); the windows that failed are walked by the next run.")
