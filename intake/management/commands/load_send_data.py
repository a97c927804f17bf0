"""Load the SEND data: the source documents through the importers, then the editorial layer.

Idempotent like the importers it calls: `make run` runs it every time.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from intake.common import DocumentError
from intake.editorial import apply_editorial

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
RESPONSE = FIXTURES / "documents" / "send-government-response-2020.txt"
QUESTIONS = sorted((FIXTURES / "documents").glob("question-*.txt"))
EDITORIAL = FIXTURES / "send_editorial.json"


class Command(BaseCommand):
    help = "Import the SEND government response and written questions in fixtures/, then apply the editorial layer."

    def handle(self, *args, **options):
        call_command("import_response", str(RESPONSE), stdout=self.stdout, stderr=self.stderr)
        call_command("import_question", *map(str, QUESTIONS), stdout=self.stdout, stderr=self.stderr)
        try:
            summary = apply_editorial(EDITORIAL)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Editorial layer {EDITORIAL.name}: {summary}")
