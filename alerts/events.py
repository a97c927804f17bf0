"""Recording announced changes as events (called by recommendations.changes.announce, in the writer's
transaction, so that an event commits or rolls back with its change)."""

from django.db import IntegrityError, transaction

from recommendations.changes import Change, ChangeKind

from .models import Event


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
