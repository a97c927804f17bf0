"""Recording what was done about a recommendation (implementation): validate, lock, append, copy, announce."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F

from ..changes import Change, ChangeKind, announce
from ..models import (
    Basis,
    Implementation,
    ImplementationEntry,
    Recommendation,
    WrittenQuestion,
)
from .history import ChangeRefused, check_date, check_source, check_text, lock_recommendations


def check_implementation(
    *,
    recommendation: Recommendation,
    implementation: str,
    basis: str,
    effective_on: datetime.date,
    note: str,
    source_url: str = "",
) -> None:
    """Raise ChangeRefused if the entry would make the implementation history wrong."""
    if implementation not in Implementation.values or implementation == Implementation.NOT_ASSESSED:
        choices = ", ".join(value for value in Implementation.values if value != Implementation.NOT_ASSESSED)
        raise ChangeRefused(f"“{implementation}” cannot be recorded. Choose one of: {choices}.")
    if basis not in Basis.values:
        raise ChangeRefused(f"“{basis}” is not a basis. Choose one of: {', '.join(Basis.values)}.")
    if not note.strip():
        raise ChangeRefused("Say what was done, in a note.")
    check_text(ImplementationEntry, note=note)
    check_source(source_url)
    check_date(effective_on, recommendation.implementation_changed_on, "progress recorded")


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
    """Append an implementation entry and copy it onto the recommendation. Raises ChangeRefused."""
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
