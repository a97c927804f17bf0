"""What every history-keeping service shares: the refusal, the row locks, the checks of dates and source links,
and running a transaction again when the database breaks a deadlock.

A service validates, locks the recommendations' rows in id order (so that two writers touching the same rows
queue instead of deadlocking), appends to the history, copies the current value, and announces the change, all in
one transaction.
"""

import datetime
import functools
import random
import time
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from ..changes import Change
from ..models import Recommendation
from ..validators import first_problem, validate_web_address


class ChangeRefused(Exception):
    """A change that would make a history wrong. The message says why."""


# Statements per bulk write, so that no statement carries more ids than SQLite allows.
BULK_BATCH = 1000


def lock_recommendations(ids: Iterable[int], *fields: str) -> dict[int, Recommendation]:
    """Lock these recommendations, in id order, until the transaction ends; {id: locked row}, with only `fields`
    read when they are named. Batches of BULK_BATCH ids, in order, keep the order of the locks."""
    ids = sorted(set(ids))
    locked = {}
    for start in range(0, len(ids), BULK_BATCH):
        rows = Recommendation.objects.select_for_update().filter(pk__in=ids[start : start + BULK_BATCH])
        rows = rows.only(*fields) if fields else rows
        locked.update((row.pk, row) for row in rows.order_by("pk"))
    return locked


def copy_latest(ids: list[int], **values) -> None:
    """Copy a bulk change's values onto the recommendations, and count a new version of each: BULK_BATCH ids a
    statement, within SQLite's limit on parameters."""
    for start in range(0, len(ids), BULK_BATCH):
        Recommendation.objects.filter(pk__in=ids[start : start + BULK_BATCH]).update(version=F("version") + 1, **values)


def refuse_if_any(refusals: list[str]) -> None:
    """Refuse a bulk change with the first few reasons, and how many more there are."""
    if refusals:
        more = f" (and {len(refusals) - 3} more)" if len(refusals) > 3 else ""
        raise ChangeRefused(" ".join(refusals[:3]) + more)


def bulk_change(*, kind: str, report_ids: dict[int, int], entries: list, summary: str) -> Change:
    """The one change to announce for a bulk change: `report_ids` is {recommendation id: its report's id},
    `entries` the history rows written, in id order. Alerts match it recommendation by recommendation, and one
    event (not one per report) keeps a change of 10,000 recommendations spread over thousands of reports quick."""
    reports = set(report_ids.values())
    name, first, last = entries[0]._meta.model_name, entries[0].pk, entries[-1].pk
    return Change(
        kind=kind,
        recommendation_ids=tuple(report_ids),
        report_id=reports.pop() if len(reports) == 1 else None,
        summary=summary,
        source=f"{name}:{first}" if first == last else f"{name}:{first}-{last}",
    )


def check_source(source_url: str) -> None:
    if not source_url:
        return
    try:
        validate_web_address(source_url)
    except ValidationError:
        message = f"The source link “{source_url}” must be a web address starting http:// or https://."
        raise ChangeRefused(message) from None


def check_text(model, **values) -> None:
    """The model's text rules (length, characters, links) for the values a service is about to write."""
    problem = first_problem(model, **values)
    if problem:
        raise ChangeRefused(problem)


def check_date(effective_on: datetime.date, latest_on: datetime.date | None, what: str) -> None:
    if effective_on > timezone.localdate():
        raise ChangeRefused(f"The date of {what} cannot be in the future.")
    if latest_on and effective_on < latest_on:
        raise ChangeRefused(f"The latest {what} is dated {latest_on:%-d %B %Y}; a new one cannot be dated earlier.")


# SQLSTATEs of a transaction the database chose to roll back: a deadlock, a serialisation failure.
ROLLED_BACK_STATES = ("40P01", "40001")
DEADLOCK_ATTEMPTS = 3


def retry_on_deadlock(function):
    """Run `function` in a transaction, again (up to DEADLOCK_ATTEMPTS times in all) when the database rolls it
    back to break a deadlock. Inside an outer transaction it runs once: only the outer one can be retried."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            outermost = not transaction.get_connection().in_atomic_block
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as error:
                lost = getattr(error.__cause__, "sqlstate", None) in ROLLED_BACK_STATES
                if not (outermost and lost) or attempt == DEADLOCK_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.01, 0.1) * attempt)  # so that the two do not meet again at once

    return run
