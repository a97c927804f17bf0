"""The one function that changes a recommendation's status, its bulk form, and the announcements of replies and
of written questions linked to recommendations."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..changes import Change, ChangeKind, announce
from ..models import Recommendation, Review, Status, StatusEntry, WrittenQuestion, status_label
from .history import (
    BULK_BATCH,
    ChangeRefused,
    bulk_change,
    check_text,
    copy_latest,
    lock_recommendations,
    refuse_if_any,
)


def latest_entry(recommendation: Recommendation) -> StatusEntry | None:
    return recommendation.status_entries.order_by("-effective_on", "-id").first()


def check_status_change(
    *, recommendation: Recommendation, status: str, review: Review | None, effective_on: datetime.date
) -> None:
    """Raise ChangeRefused if the change would make the history wrong.

    Refused: a status outside the vocabulary, a review given or missing against
    the `under_review` rule, a date in the future or earlier than the current
    entry's, and a change that changes nothing.
    """
    check_new_status(status=status, review=review, effective_on=effective_on)
    current = latest_entry(recommendation)
    if current is not None:
        check_against_current(
            number=recommendation.number,
            current=(current.status, current.review_id, current.effective_on),
            status=status,
            review=review,
            effective_on=effective_on,
        )


def check_new_status(*, status: str, review: Review | None, effective_on: datetime.date) -> None:
    """The rules a change must meet whatever the recommendation: vocabulary, review, date."""
    if status not in Status.values:
        raise ChangeRefused(f"“{status}” is not a status. Choose one of: {', '.join(Status.values)}.")
    if status == Status.UNDER_REVIEW and review is None:
        raise ChangeRefused("Name the review the recommendation is deferred to.")
    if status != Status.UNDER_REVIEW and review is not None:
        raise ChangeRefused("A review can only be given with the status “Under review”.")
    if effective_on > timezone.localdate():
        raise ChangeRefused("The date a status took effect cannot be in the future.")


def check_against_current(
    *,
    number: str,
    current: tuple[str, int | None, datetime.date],
    status: str,
    review: Review | None,
    effective_on: datetime.date,
) -> None:
    """The rules against the latest entry, (status, review id, effective_on): a change, and not dated earlier."""
    current_status, current_review_id, current_effective_on = current
    if current_status == status and current_review_id == (review.pk if review else None):
        label = status_label(status, review.name if review else None)
        raise ChangeRefused(f"Recommendation {number} already has the status “{label}”.")
    if effective_on < current_effective_on:
        raise ChangeRefused(
            f"The current status of recommendation {number} took effect on "
            f"{current_effective_on:%-d %B %Y}; a new entry cannot be dated earlier."
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

    Raises ChangeRefused when check_status_change refuses the change.
    """
    # Lock the row so that two simultaneous changes are applied one after the other.
    locked = lock_recommendations([recommendation.pk])[recommendation.pk]
    check_status_change(recommendation=locked, status=status, review=review, effective_on=effective_on)
    check_text(StatusEntry, note=note, evidence=evidence, source_url=source_url)

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
    announce(reply_change(report_id=report_id, recommendation_ids=recommendation_ids, summary=summary))


def reply_change(*, report_id: int, recommendation_ids: set[int], summary: str) -> Change:
    return Change(
        kind=ChangeKind.REPLY,
        recommendation_ids=tuple(sorted(recommendation_ids)),
        report_id=report_id,
        summary=summary,
    )


@dataclass
class _Current:
    pk: int
    number: str
    report_id: int
    status: str | None
    review_id: int | None
    effective_on: datetime.date | None


@transaction.atomic
def record_statuses(
    *,
    recommendations: QuerySet,
    status: str,
    effective_on: datetime.date,
    review: Review | None = None,
    note: str = "",
    source_url: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> list[int]:
    """The same status change for many recommendations, all or none, under record_status's rules.

    Locks the rows in id order (as record_status locks its one row) before writing anything, reads every
    latest entry in one query, and writes the entries and the copied statuses in a few statements. Announces
    one change covering them all. Returns the ids of those changed; raises
    ChangeRefused, naming the recommendations at fault, and changes nothing.
    """
    check_new_status(status=status, review=review, effective_on=effective_on)
    rows = _lock_with_latest_entries(recommendations)
    refusals = []
    for row in rows:
        if row.status is None:
            continue
        try:
            current = (row.status, row.review_id, row.effective_on)
            check_against_current(
                number=row.number, current=current, status=status, review=review, effective_on=effective_on
            )
        except ChangeRefused as refusal:
            refusals.append(str(refusal))
    refuse_if_any(refusals)
    if not rows:
        return []

    # Grouped by report, so that each report's entries have consecutive ids (the source of its change).
    rows.sort(key=lambda row: (row.report_id, row.pk))
    entries = StatusEntry.objects.bulk_create(
        [
            StatusEntry(
                recommendation_id=row.pk,
                status=status,
                review=review,
                effective_on=effective_on,
                note=note,
                source_url=source_url,
                recorded_by=recorded_by,
            )
            for row in rows
        ],
        batch_size=BULK_BATCH,
    )
    ids = sorted(row.pk for row in rows)
    copy_latest(ids, status=status, review=review, status_changed_on=effective_on)
    announce(
        bulk_change(
            kind=ChangeKind.STATUS,
            report_ids={row.pk: row.report_id for row in rows},
            entries=entries,
            summary=f"Status changed to {status_label(status, review.name if review else None)}",
        )
    )
    return ids


def _lock_with_latest_entries(recommendations: QuerySet) -> list[_Current]:
    """Lock the recommendations, in id order, then read each one's latest entry (None for no history): in a
    statement after the locks, so that it sees an entry committed by whoever held one of them."""
    ids = list(
        Recommendation.objects.filter(pk__in=recommendations.order_by().values("pk"))
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list("pk", flat=True)
    )
    latest = StatusEntry.objects.filter(recommendation=OuterRef("pk")).order_by("-effective_on", "-id")
    rows = []
    for start in range(0, len(ids), BULK_BATCH):
        batch = Recommendation.objects.filter(pk__in=ids[start : start + BULK_BATCH]).order_by("pk")
        batch = batch.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_review=Subquery(latest.values("review")[:1]),
            latest_on=Subquery(latest.values("effective_on")[:1]),
        )
        fields = ("pk", "number", "report_id", "latest_status", "latest_review", "latest_on")
        rows += [_Current(*row) for row in batch.values_list(*fields)]
    return rows
