"""Where the rules live: the one function that changes a recommendation's status."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .changes import Change, ChangeKind, announce
from .models import Recommendation, Review, Status, StatusEntry, WrittenQuestion


class StatusChangeRefused(Exception):
    """A status change that would make the history wrong. The message says why."""


def latest_entry(recommendation: Recommendation) -> StatusEntry | None:
    return recommendation.status_entries.order_by("-effective_on", "-id").first()


def check_status_change(
    *, recommendation: Recommendation, status: str, review: Review | None, effective_on: datetime.date
) -> None:
    """Raise StatusChangeRefused if the change would make the history wrong.

    Refused: a status outside the vocabulary, a review given or missing against
    the `under_review` rule, a date in the future or earlier than the current
    entry's, and a change that changes nothing.
    """
    if status not in Status.values:
        raise StatusChangeRefused(f"“{status}” is not a status. Choose one of: {', '.join(Status.values)}.")
    if status == Status.UNDER_REVIEW and review is None:
        raise StatusChangeRefused("Name the review the recommendation is deferred to.")
    if status != Status.UNDER_REVIEW and review is not None:
        raise StatusChangeRefused("A review can only be given with the status “Under review”.")
    if effective_on > timezone.localdate():
        raise StatusChangeRefused("The date a status took effect cannot be in the future.")
    current = latest_entry(recommendation)
    if current is None:
        return
    if current.status == status and current.review_id == (review.pk if review else None):
        raise StatusChangeRefused(
            f"Recommendation {recommendation.number} already has the status “{current.status_label}”."
        )
    if effective_on < current.effective_on:
        raise StatusChangeRefused(
            f"The current status of recommendation {recommendation.number} took effect on "
            f"{current.effective_on:%-d %B %Y}; a new entry cannot be dated earlier."
        )


@transaction.atomic
def record_status(
    *,
    recommendation: Recommendation,
    status: str,
    effective_on: datetime.date,
    review: Review | None = None,
    note: str = "",
    evidence: str = "",
    source_url: str = "",
    recorded_by: AbstractBaseUser | None = None,
    recorded_by_import: bool = False,
) -> StatusEntry:
    """Append a status entry and copy it onto the recommendation.

    Raises StatusChangeRefused when check_status_change refuses the change.
    """
    # Lock the row so that two simultaneous changes are applied one after the other.
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_status_change(recommendation=locked, status=status, review=review, effective_on=effective_on)

    entry = StatusEntry.objects.create(
        recommendation=locked,
        status=status,
        review=review,
        effective_on=effective_on,
        note=note,
        evidence=evidence,
        source_url=source_url,
        recorded_by=recorded_by,
        recorded_by_import=recorded_by_import,
    )
    Recommendation.objects.filter(pk=locked.pk).update(
        status=status, review=review, status_changed_on=effective_on, version=F("version") + 1
    )
    recommendation.refresh_from_db(fields=["status", "review", "status_changed_on", "version"])
    announce(
        Change(
            kind=ChangeKind.STATUS,
            recommendation_ids=(locked.pk,),
            report_id=locked.report_id,
            summary=f"Status changed to {entry.status_label}",
            source=f"statusentry:{entry.pk}",
        )
    )
    return entry


def announce_question_links(question: WrittenQuestion, recommendation_ids: set[int]) -> None:
    """A written question newly linked to recommendations: an alert to their followers."""
    if recommendation_ids:
        heading = question.heading or "A written question"
        announce(
            Change(
                kind=ChangeKind.QUESTION_LINKED,
                recommendation_ids=tuple(sorted(recommendation_ids)),
                summary=f"Written question linked: {heading}"[:500],
            )
        )
        return
    announce(Change(kind=ChangeKind.EDIT, summary="Written question changed"))


def announce_reply(*, report_id: int, recommendation_ids: set[int], summary: str) -> None:
    """A reply added or changed: an alert to the followers of the recommendations it covers."""
    announce(
        Change(
            kind=ChangeKind.REPLY,
            recommendation_ids=tuple(sorted(recommendation_ids)),
            report_id=report_id,
            summary=summary,
        )
    )
