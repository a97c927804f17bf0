"""Helpers for commands that write many rows: progress shown on a terminal, fresh planner statistics after.

PostgreSQL plans queries from statistics that only ANALYZE gathers; autovacuum does it some time after a bulk
load, or never where it is off. A command that bulk-writes calls `gather_statistics` on what it filled, so
that the site is fast as soon as the command ends. (VACUUM also marks the pages all-visible, so that the
list's facets can be read from their indexes alone.)
"""

import sys
import time

from django.db import connection


def gather_statistics(models) -> None:
    """VACUUM ANALYZE (PostgreSQL) or ANALYZE (SQLite) the tables of these models and of their many-to-many
    links."""
    tables = []
    for model in (model for model in models if model._meta.managed):
        tables.append(model._meta.db_table)
        tables += [field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many]
    quoted = ", ".join(connection.ops.quote_name(table) for table in dict.fromkeys(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE alone then.
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM (ANALYZE)'} {quoted}")
        else:
            cursor.execute("ANALYZE")


class TerminalCounter:
    """`done of total` with the rate and the time left, rewritten in place on a terminal; silent elsewhere."""

    def __init__(self, total: int, what: str, stream=None):
        self.total, self.what = total, what
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.started = time.monotonic()

    def update(self, done: int) -> None:
        if not self.shown:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate else 0
        line = f"{done:,} of {self.total:,} {self.what}, {rate:,.0f}/s, about {left:.0f} s left"
        self.stream.write(f"\r{line:<78}")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
