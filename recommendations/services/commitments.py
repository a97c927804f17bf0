"""Changing a commitment's state, and announcing an edit of a commitment."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..changes import Change, ChangeKind, announce
from ..models import (
    Commitment,
    CommitmentEvent,
    CommitmentState,
)
from .history import ChangeRefused, check_date, check_source, check_text, lock_recommendations


def check_commitment_state(
    *, commitment: Commitment, state: str, effective_on: datetime.date, note: str, source_url: str = ""
) -> None:
    """Raise ChangeRefused if the state change would make the commitment's history wrong."""
    if state not in CommitmentState.values:
        raise ChangeRefused(f"“{state}” is not a state. Choose one of: {', '.join(CommitmentState.values)}.")
    if state == commitment.state:
        raise ChangeRefused(f"The commitment is already “{commitment.get_state_display()}”.")
    if not note.strip():
        raise ChangeRefused("Say why the state changed, in a note.")
    check_text(CommitmentEvent, note=note)
    check_source(source_url)
    check_date(effective_on, commitment.state_changed_on, "state change")


@transaction.atomic
def record_commitment_state(
    *,
    commitment: Commitment,
    state: str,
    effective_on: datetime.date,
    note: str,
    source_url: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> CommitmentEvent:
    """Append a state change to a commitment and copy it onto the commitment. Raises ChangeRefused."""
    recommendation_ids = sorted(commitment.recommendations.values_list("pk", flat=True))
    lock_recommendations(recommendation_ids)
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_commitment_state(commitment=locked, state=state, effective_on=effective_on, note=note, source_url=source_url)
    event = CommitmentEvent.objects.create(
        commitment=locked,
        state=state,
        effective_on=effective_on,
        note=note,
        source_url=source_url,
        recorded_by=recorded_by,
    )
    Commitment.objects.filter(pk=locked.pk).update(
        state=state, state_changed_on=effective_on, updated_at=timezone.now()
    )
    commitment.refresh_from_db(fields=["state", "state_changed_on", "updated_at"])
    announce(
        Change(
            kind=ChangeKind.COMMITMENT,
            recommendation_ids=tuple(recommendation_ids),
            report_id=locked.report_id,
            summary=f"Commitment {event.get_state_display().lower()}: {locked.text[:120]}",
            source=f"commitmentevent:{event.pk}",
        )
    )
    return event


def announce_commitment_edit(commitment: Commitment, *, newly_public: bool) -> None:
    """Announce an edit of a commitment: an alert when it has just been confirmed (made public), else a refresh."""
    announce(commitment_edit(commitment, newly_public=newly_public))


def commitment_edit(commitment: Commitment, *, newly_public: bool) -> Change:
    return Change(
        kind=ChangeKind.COMMITMENT if newly_public else ChangeKind.EDIT,
        recommendation_ids=tuple(commitment.recommendations.values_list("pk", flat=True)),
        report_id=commitment.report_id,
        summary=f"Commitment: {commitment.text[:120]}",
        source=f"commitment:{commitment.pk}" if newly_public else "",
    )
