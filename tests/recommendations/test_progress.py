"""The second axis's rules: record_implementation and record_commitment_state (recommendations/services/), and
the commitment finder (intake/rules/commitments.py)."""

import datetime
from unittest import mock

import pytest

from intake.rules.commitments import FoundCommitment, find_commitments, propose_commitments
from recommendations.changes import ChangeKind
from recommendations.models import (
    Basis,
    Commitment,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    Recommendation,
    Reply,
    Verdict,
)
from recommendations.services.commitments import record_commitment_state
from recommendations.services.history import ChangeRefused
from recommendations.services.implementation import record_implementation
from tests.builders import add_commitment, build_report

pytestmark = pytest.mark.django_db
D = datetime.date
SOURCE = "https://questions-statements.parliament.uk/written-questions/detail/2023-03-23/169543"


@pytest.fixture
def recommendation():
    build_report(1)
    return Recommendation.objects.get()


def record(recommendation, **overrides):
    arguments = {
        "recommendation": recommendation,
        "implementation": Implementation.IN_PROGRESS,
        "basis": Basis.GOVERNMENT_SAYS,
        "effective_on": D(2023, 3, 29),
        "note": "The Government says it will establish a steering group this year.",
        "source_url": SOURCE,
    }
    return record_implementation(**(arguments | overrides))


def test_progress_is_appended_and_copied_onto_the_recommendation_and_announced(recommendation, editor):
    with mock.patch("recommendations.services.implementation.announce") as announce:
        entry = record(recommendation, target_on=D(2025, 12, 31), recorded_by=editor)
    assert recommendation.implementation == Implementation.IN_PROGRESS
    assert recommendation.implementation_changed_on == D(2023, 3, 29)
    assert (entry.basis, entry.target_on, entry.recorded_by) == (Basis.GOVERNMENT_SAYS, D(2025, 12, 31), editor)
    change = announce.call_args.args[0]
    assert (change.kind, change.recommendation_ids, change.source) == (
        ChangeKind.IMPLEMENTATION,
        (recommendation.pk,),
        f"implementationentry:{entry.pk}",
    )
    record(recommendation, implementation=Implementation.IMPLEMENTED, basis=Basis.VERIFIED, effective_on=D(2024, 1, 2))
    assert Recommendation.objects.get().implementation == Implementation.IMPLEMENTED
    assert ImplementationEntry.objects.count() == 2


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"implementation": "done"}, "cannot be recorded"),
        ({"implementation": Implementation.NOT_ASSESSED}, "cannot be recorded"),
        ({"basis": "hearsay"}, "is not a basis"),
        ({"note": "  "}, "note"),
        ({"source_url": "javascript:alert(1)"}, "http:// or https://"),
        ({"source_url": "ftp://example.org/file"}, "http:// or https://"),
        ({"effective_on": D(2999, 1, 1)}, "future"),
    ],
)
def test_bad_progress_is_refused_and_changes_nothing(recommendation, overrides, message):
    with pytest.raises(ChangeRefused, match=message):
        record(recommendation, **overrides)
    assert not ImplementationEntry.objects.exists()
    assert Recommendation.objects.get().implementation == Implementation.NOT_ASSESSED


def test_progress_cannot_be_dated_before_the_latest(recommendation):
    record(recommendation)
    with pytest.raises(ChangeRefused, match="cannot be dated earlier"):
        record(recommendation, implementation=Implementation.IMPLEMENTED, effective_on=D(2022, 1, 1))
    assert ImplementationEntry.objects.count() == 1


@pytest.fixture
def commitment(recommendation):
    return add_commitment(Reply.objects.get())


def test_an_open_commitment_past_its_date_is_overdue_until_its_state_changes(commitment, editor):
    assert commitment.overdue and commitment.state_label == "Overdue"
    assert list(Commitment.objects.overdue()) == [commitment]
    with mock.patch("recommendations.services.commitments.announce") as announce:
        event = record_commitment_state(
            commitment=commitment,
            state=CommitmentState.MET,
            effective_on=D(2020, 11, 2),
            note="Announced.",
            source_url=SOURCE,
            recorded_by=editor,
        )
    assert (commitment.state, commitment.state_changed_on) == (CommitmentState.MET, D(2020, 11, 2))
    assert not commitment.overdue and not Commitment.objects.overdue().exists()
    assert announce.call_args.args[0].kind == ChangeKind.COMMITMENT
    assert announce.call_args.args[0].source == f"commitmentevent:{event.pk}"


@pytest.mark.parametrize(
    "state, source_url, message",
    [
        (CommitmentState.OPEN, "", "already"),
        ("kept", "", "not a state"),
        (CommitmentState.MISSED, "file:///etc/passwd", "http:// or https://"),
    ],
)
def test_a_bad_state_change_is_refused(commitment, state, source_url, message):
    with pytest.raises(ChangeRefused, match=message):
        record_commitment_state(
            commitment=commitment, state=state, effective_on=D(2021, 1, 1), note="Checked.", source_url=source_url
        )
    assert Commitment.objects.get().state == CommitmentState.OPEN


SAID = D(2020, 7, 20)
FINDER = [
    (
        "As part of the recent mainstream free schools wave 14, we welcomed bids. We expect to announce the "
        "successful schools in Autumn 2020.",
        [
            FoundCommitment(
                "We expect to announce the successful schools in Autumn 2020.", "in Autumn 2020", D(2020, 11, 30)
            )
        ],
    ),
    (
        "A new template and\nguidance will be published regarding this in due course.",
        [
            FoundCommitment(
                "A new template and guidance will be published regarding this in due course.", "in due course", None
            )
        ],
    ),
    # a time already past is a fact, not a promise
    (
        "In 2019 we required all LAs with a deficit at the end of the 2018–19 financial year to say how they "
        "will reduce it.",
        [],
    ),
    # a promise with no time is not a commitment with a date to watch
    ("We will carefully consider the Committee's recommendation as part of this work.", []),
    # a time with no promise
    ("We published guidance in September 2019.", []),
    # the first time still to come is the period
    (
        "We will establish a steering group this year to oversee this work, which we aim to complete by 2025.",
        [
            FoundCommitment(
                "We will establish a steering group this year to oversee this work, which we aim to complete by 2025.",
                "this year",
                D(2020, 12, 31),
            )
        ],
    ),
    # list items are sentences of their own; "e.g." ends none
    (
        "Actions:\n- We will write to LAs (e.g. Kent) by March 2021\n- We met them in 2019.",
        [FoundCommitment("We will write to LAs (e.g. Kent) by March 2021", "by March 2021", D(2021, 3, 31))],
    ),
]


@pytest.mark.parametrize("text, found", FINDER)
def test_the_finder_reads_promises_with_a_time(text, found):
    assert find_commitments(text, SAID) == found


def test_proposals_are_made_once_per_sentence_and_never_overwrite_an_editor(recommendation):
    reply = Reply.objects.get()
    reply.text = "We expect to announce the successful schools in Autumn 2020. We will do more in due course."
    reply.save()
    assert propose_commitments(recommendation.report) == 2
    proposal = Commitment.objects.get(period="in Autumn 2020")
    assert (proposal.verdict, proposal.due_on, proposal.made_on) == (Verdict.PROPOSED, D(2020, 11, 30), SAID)
    assert list(proposal.recommendations.all()) == [recommendation]
    Commitment.objects.filter(pk=proposal.pk).update(text="Announce the successful schools.", verdict=Verdict.CONFIRMED)
    assert propose_commitments(recommendation.report) == 0
    assert Commitment.objects.count() == 2
    assert Commitment.objects.get(pk=proposal.pk).text == "Announce the successful schools."
