"""Recording what was done about a recommendation (implementation): validate, lock, append, copy, announce."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet

from ..changes import Change, ChangeKind, announce
from ..models import (
    Basis,
    Implementation,
    ImplementationEntry,
    Recommendation,
    WrittenQuestion,
)
from .history import (
    BULK_BATCH,
    ChangeRefused,
    bulk_change,
    check_date,
    check_source,
    check_text,
    copy_latest,
    lock_recommendations,
    refuse_if_any,
)


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
    check_new_implementation(
        implementation=implementation, basis=basis, effective_on=effective_on, note=note, source_url=source_url
    )
    check_date(effective_on, recommendation.implementation_changed_on, "progress recorded")


def check_new_implementation(
    *, implementation: str, basis: str, effective_on: datetime.date, note: str, source_url: str
) -> None:
    """The rules an entry must meet whatever the recommendation: vocabulary, basis, note, source, no future date."""
    if implementation not in Implementation.values or implementation == Implementation.NOT_ASSESSED:
        choices = ", ".join(value for value in Implementation.values if value != Implementation.NOT_ASSESSED)
        raise ChangeRefused(f"“{implementation}” cannot be recorded. Choose one of: {choices}.")
    if basis not in Basis.values:
        raise ChangeRefused(f"“{basis}” is not a basis. Choose one of: {', '.join(Basis.values)}.")
    if not note.strip():
        raise ChangeRefused("Say what was done, in a note.")
    check_text(ImplementationEntry, note=note)
    check_source(source_url)
    check_date(effective_on, None, "progress recorded")


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
            summary=f"Progress recorded: {Implementation(implementation).label}",
            source=f"implementationentry:{entry.pk}",
        )
    )
    return entry


@transaction.atomic
def record_implementations(
    *,
    recommendations: QuerySet,
    implementation: str,
    basis: str,
    effective_on: datetime.date,
    note: str,
    source_url: str = "",
    target_on: datetime.date | None = None,
    recorded_by: AbstractBaseUser | None = None,
) -> list[int]:
    """The same implementation entry for many recommendations, all or none, under record_implementation's rules.

    Locks the rows in id order (as record_implementation locks its one row) before writing anything, and writes
    the entries and the copied values in a few statements. Announces one change covering them all. Returns the
    ids of those changed; raises ChangeRefused, naming the recommendations at fault, and changes nothing.
    """
    check_new_implementation(
        implementation=implementation, basis=basis, effective_on=effective_on, note=note, source_url=source_url
    )
    ids = recommendations.order_by().values_list("pk", flat=True)
    locked = lock_recommendations(ids, "number", "report_id", "implementation_changed_on")
    refusals = []
    for row in locked.values():
        try:
            check_date(effective_on, row.implementation_changed_on, "progress recorded")
        except ChangeRefused as refusal:
            refusals.append(f"Recommendation {row.number}: {refusal}")
    refuse_if_any(refusals)
    if not locked:
        return []

    # Grouped by report, so that each report's entries have consecutive ids (the source of its change).
    rows = sorted(locked.values(), key=lambda row: (row.report_id, row.pk))
    values = {
        "implementation": implementation,
        "basis": basis,
        "effective_on": effective_on,
        "target_on": target_on,
        "note": note,
        "source_url": source_url,
        "recorded_by": recorded_by,
    }
    entries = ImplementationEntry.objects.bulk_create(
        [ImplementationEntry(recommendation_id=row.pk, **values) for row in rows], batch_size=BULK_BATCH
    )
    ids = list(locked)
    copy_latest(ids, implementation=implementation, implementation_changed_on=effective_on)
    announce(
        bulk_change(
            kind=ChangeKind.IMPLEMENTATION,
            report_ids={row.pk: row.report_id for row in rows},
            entries=entries,
            summary=f"Progress recorded: {Implementation(implementation).label}",
        )
    )
    return ids
