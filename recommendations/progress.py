"""Where the rules of the second axis live: recording what was done about a recommendation (implementation) and
changing a commitment's state. Like services.record_status, each function validates, locks, appends to the
history, copies the current value, and announces the change, all in one transaction.

Rows are locked by id in ascending order (recommendations, then commitments), so that two writers touching the
same rows wait for each other instead of deadlocking.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .changes import Change, ChangeKind, announce
from .models import (
    Basis,
    Commitment,
    CommitmentEvent,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    Recommendation,
    WrittenQuestion,
)


class ProgressRefused(Exception):
    """A change that would make a history wrong. The message says why."""


check_web_address = URLValidator(schemes=["http", "https"])


def lock_recommendations(ids: Iterable[int]) -> dict[int, Recommendation]:
    """Lock these recommendations, in id order, until the transaction ends; {id: locked row}."""
    rows = Recommendation.objects.select_for_update().filter(pk__in=set(ids)).order_by("pk")
    return {row.pk: row for row in rows}


def _check_source(source_url: str) -> None:
    if not source_url:
        return
    try:
        check_web_address(source_url)
    except ValidationError:
        message = f"The source link “{source_url}” must be a web address starting http:// or https://."
        raise ProgressRefused(message) from None


def _check_date(effective_on: datetime.date, latest_on: datetime.date | None, what: str) -> None:
    if effective_on > timezone.localdate():
        raise ProgressRefused(f"The date of {what} cannot be in the future.")
    if latest_on and effective_on < latest_on:
        raise ProgressRefused(f"The latest {what} is dated {latest_on:%-d %B %Y}; a new one cannot be dated earlier.")


def check_implementation(
    *,
    recommendation: Recommendation,
    implementation: str,
    basis: str,
    effective_on: datetime.date,
    note: str,
    source_url: str = "",
) -> None:
    """Raise ProgressRefused if the entry would make the implementation history wrong."""
    if implementation not in Implementation.values or implementation == Implementation.NOT_ASSESSED:
        choices = ", ".join(value for value in Implementation.values if value != Implementation.NOT_ASSESSED)
        raise ProgressRefused(f"“{implementation}” cannot be recorded. Choose one of: {choices}.")
    if basis not in Basis.values:
        raise ProgressRefused(f"“{basis}” is not a basis. Choose one of: {', '.join(Basis.values)}.")
    if not note.strip():
        raise ProgressRefused("Say what was done, in a note.")
    _check_source(source_url)
    _check_date(effective_on, recommendation.implementation_changed_on, "progress recorded")


@transaction.atomic
def record_implementation(
    *,
    recommendation: Recommendation,
    implementation: str,
    basis: str,
    effective_on: datetime.date,
    note: str,
    source_url: str = "",
    target_on: datetime.date | None = None,
    question: WrittenQuestion | None = None,
    recorded_by: AbstractBaseUser | None = None,
) -> ImplementationEntry:
    """Append an implementation entry and copy it onto the recommendation. Raises ProgressRefused."""
    locked = lock_recommendations([recommendation.pk])[recommendation.pk]
    check_implementation(
        recommendation=locked,
        implementation=implementation,
        basis=basis,
        effective_on=effective_on,
        note=note,
        source_url=source_url,
    )
    entry = ImplementationEntry.objects.create(
        recommendation=locked,
        implementation=implementation,
        basis=basis,
        effective_on=effective_on,
        target_on=target_on,
        note=note,
        source_url=source_url,
        question=question,
        recorded_by=recorded_by,
    )
    Recommendation.objects.filter(pk=locked.pk).update(
        implementation=implementation, implementation_changed_on=effective_on, version=F("version") + 1
    )
    recommendation.refresh_from_db(fields=["implementation", "implementation_changed_on", "version"])
    announce(
        Change(
            kind=ChangeKind.IMPLEMENTATION,
            recommendation_ids=(locked.pk,),
            report_id=locked.report_id,
            summary=f"Progress recorded: {entry.get_implementation_display()}",
            source=f"implementationentry:{entry.pk}",
        )
    )
    return entry


def check_commitment_state(
    *, commitment: Commitment, state: str, effective_on: datetime.date, note: str, source_url: str = ""
) -> None:
    """Raise ProgressRefused if the state change would make the commitment's history wrong."""
    if state not in CommitmentState.values:
        raise ProgressRefused(f"“{state}” is not a state. Choose one of: {', '.join(CommitmentState.values)}.")
    if state == commitment.state:
        raise ProgressRefused(f"The commitment is already “{commitment.get_state_display()}”.")
    if not note.strip():
        raise ProgressRefused("Say why the state changed, in a note.")
    _check_source(source_url)
    _check_date(effective_on, commitment.state_changed_on, "state change")


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
    """Append a state change to a commitment and copy it onto the commitment. Raises ProgressRefused."""
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
    Commitment.objects.filter(pk=locked.pk).update(state=state, state_changed_on=effective_on)
    commitment.refresh_from_db(fields=["state", "state_changed_on"])
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
    announce(
        Change(
            kind=ChangeKind.COMMITMENT if newly_public else ChangeKind.EDIT,
            recommendation_ids=tuple(commitment.recommendations.values_list("pk", flat=True)),
            report_id=commitment.report_id,
            summary=f"Commitment: {commitment.text[:120]}",
            source=f"commitment:{commitment.pk}" if newly_public else "",
        )
    )
