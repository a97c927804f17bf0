"""Send every email alert that is due: `send_alerts [--frequency immediate|daily|weekly]` (every frequency when
none is given). Run by cron; see README. Never sends the same change twice (alerts.sending)."""

import contextlib
import zlib

from django.core.management.base import BaseCommand
from django.db import connection

from alerts.events import record_newly_overdue_commitments
from alerts.following import delete_expired
from alerts.matching import forget_delivered, plan_deliveries
from alerts.models import Frequency
from alerts.sending import send_due


class Command(BaseCommand):
    help = "Send the email alerts that are due, one mail per address, and delete expired confirmations."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            action="append",
            help="Only subscriptions of this frequency (may be repeated). Default: all of them.",
        )

    def handle(self, *args, frequency=None, **options):
        frequencies = sorted(set(frequency or Frequency.values))
        with one_run_at_a_time(frequencies):
            subscriptions, addresses = delete_expired()
            overdue = record_newly_overdue_commitments()
            planned = plan_deliveries(frequencies)
            result = send_due(frequencies)
            forgotten = forget_delivered()
        self.stdout.write(
            f"{overdue} commitment(s) newly overdue; {planned} alert(s) planned; "
            f"{result.sent} mail(s) sent, {result.failed} failed (retried next run); "
            f"deleted: {subscriptions} unconfirmed subscription(s), {addresses} address(es), {forgotten} old event(s)."
        )


@contextlib.contextmanager
def one_run_at_a_time(frequencies: list[str]):
    """On PostgreSQL, wait until no other run of these frequencies is going (a session advisory lock, released
    when the run ends or its process dies), so that two overlapping cron runs cannot send one mail twice."""
    if connection.vendor != "postgresql":
        yield
        return
    keys = [zlib.crc32(f"send_alerts:{name}".encode()) for name in frequencies]
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for key in keys:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
