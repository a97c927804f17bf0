"""The one place every write path announces a change of the public data.

A writer (a service function, an importer's save, the editors' admin) calls
`announce(Change(...))` inside its own transaction, once per change. `announce`
hands the change to the parts of the site that must hear of it:

- the data version behind the public pages' caches and ETags (`freshness`),
  bumped when the transaction commits, so no worker serves a stale page;
- the `updated_at` of the recommendations it names, so that the read API's
  `updated_since` finds them whatever was written (a status, a reply, a link);
- every listener registered with `listen` (the email alerts register theirs in
  their AppConfig.ready, the read API records deletions), called in the same
  transaction, so an alert is never lost nor sent for a change that was rolled
  back.

Nothing here hangs off `save()` or signals: a write that does not announce is a
bug in that writer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from . import freshness
from .models import Recommendation

# Statements per update of updated_at, so that no statement carries more ids than SQLite allows.
TOUCH_BATCH = 1000


class ChangeKind(models.TextChoices):
    STATUS = "status", "Status changed"
    IMPLEMENTATION = "implementation", "Progress recorded"
    COMMITMENT = "commitment", "Commitment changed"
    COMMITMENT_OVERDUE = "commitment_overdue", "Commitment overdue"
    REPLY = "reply", "Reply added or changed"
    NEW_RECOMMENDATION = "new_recommendation", "New recommendation"
    QUESTION_LINKED = "question_linked", "Written question linked"
    # Any other edit of public data (a text, a theme, a review's documents): refreshes pages, sends no alert.
    EDIT = "edit", "Edited"


@dataclass(frozen=True)
class Change:
    kind: str
    recommendation_ids: tuple[int, ...] = ()
    report_id: int | None = None
    review_id: int | None = None
    # What happened, in a sentence an alert can show ("Status changed to Accepted").
    summary: str = ""
    # The history row behind the change ("statusentry:42"), so that one change is one event.
    source: str = ""
    extra: dict = field(default_factory=dict)
    # The public objects the change deleted, as (model name, id): ("theme", 7).
    deleted: tuple[tuple[str, int], ...] = ()


_listeners: list[Callable[[Change], None]] = []


def listen(listener: Callable[[Change], None]) -> None:
    """Call `listener(change)` on every announced change, inside the writer's transaction. Register once, from an
    AppConfig.ready()."""
    if listener not in _listeners:
        _listeners.append(listener)


def announce(change: Change) -> None:
    """Tell the site that public data changed. Call inside the writer's transaction."""
    freshness.data_changed(change)
    ids = sorted(set(change.recommendation_ids))
    now = timezone.now()
    for start in range(0, len(ids), TOUCH_BATCH):
        Recommendation.objects.filter(pk__in=ids[start : start + TOUCH_BATCH]).update(updated_at=now)
    for listener in _listeners:
        listener(change)
