"""Which windows of the walk are done, and one run at a time.

A window is done once its items are written (in the same transaction as its record), so a killed run resumes at the
first window it had not finished. A window that ended less than RECHECK_DAYS before it was walked is walked again
by the next run: Parliament adds and corrects recent publications for a while.
"""

import contextlib
import datetime
import zlib

from django.db import connection
from django.utils import timezone

from .models import SyncWindow

RECHECK_DAYS = 60
LOCK_KEY = zlib.crc32(b"sync_parliament")


class AlreadyRunning(Exception):
    pass


def is_done(key: str) -> bool:
    window = SyncWindow.objects.filter(key=key).first()
    if window is None or window.ends_on is None:
        return False
    return window.ends_on < window.done_at.date() - datetime.timedelta(days=RECHECK_DAYS)


def mark_done(key: str, ends_on: datetime.date | None, items: int) -> None:
    SyncWindow.objects.update_or_create(
        key=key, defaults={"ends_on": ends_on, "items": items, "done_at": timezone.now()}
    )


@contextlib.contextmanager
def one_run_at_a_time():
    """On PostgreSQL, refuse to start while another run holds the session advisory lock (released when the run
    ends or its process dies)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            raise AlreadyRunning("another sync_parliament is running; nothing was done.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
