from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from api import export


class Command(BaseCommand):
    help = "Write every public object, as the read API serves it, to a gzip file of JSON Lines."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "var" / "bulk" / "tracker.jsonl.gz"
        parser.add_argument("--output", type=Path, default=default, help=f"The file to write (default {default}).")

    def handle(self, *args, output: Path, **options):
        count = export.write(output)
        self.stdout.write(f"Wrote {count:,} objects to {output}.")
