"""Recording announced changes as events. `record` listens to recommendations.changes.announce (registered in
AlertsConfig.ready), so it runs in the writer's transaction and an event commits or rolls back with its change."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations.changes import Change, ChangeKind
from recommendations.models import Commitment

from .models import KEEP_DAYS, Event


def record(change: Change) -> Event | None:
    """Record a change worth an alert; None for a plain edit, or when its source was recorded already."""
    if change.kind == ChangeKind.EDIT:
        return None
    if change.source and Event.objects.filter(source=change.source).exists():
        return None
    try:
        with transaction.atomic():
            event = Event.objects.create(
                kind=change.kind,
                summary=change.summary[:500],
                report_id=change.report_id,
                review_id=change.review_id,
                source=change.source,
            )
    except IntegrityError:  # the same source recorded at the same moment by another writer
        return None
    if change.recommendation_ids:
        event.recommendations.add(*change.recommendation_ids)
    return event


def record_newly_overdue_commitments(today: datetime.date | None = None) -> int:
    """Record an event for each public commitment that has fallen overdue and not been recorded yet; returns how many.

    A promise falling due changes no public data (the pages derive "overdue" from the date), so `send_alerts` calls this
    first. Its source names the commitment and its due date, so it is announced once (and again only if an editor
    moves the date). Only those due within the days events are kept are looked at, so a forgotten event is not
    announced a second time.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=KEEP_DAYS)
    overdue = Commitment.objects.public().overdue(today).filter(due_on__gte=since).prefetch_related("recommendations")
    announced = 0
    for commitment in overdue:
        source = f"commitment-overdue:{commitment.pk}:{commitment.due_on.isoformat()}"
        if Event.objects.filter(source=source).exists():
            continue
        with transaction.atomic():
            record(
                Change(
                    kind=ChangeKind.COMMITMENT_OVERDUE,
                    recommendation_ids=tuple(r.pk for r in commitment.recommendations.all()),
                    report_id=commitment.report_id,
                    summary=f"Commitment overdue (due {commitment.due_label}): {commitment.text[:120]}",
                    source=source,
                )
            )
        announced += 1
    return announced
