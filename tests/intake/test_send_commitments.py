"""The SEND editorial layer's second axis, pinned: the commitments read from the response (and one later written
answer), each with its text, period as written and due date; which the editor corrected; and the one
implementation entry the seeds support."""

import datetime

import pytest
from django.core.management import call_command

from recommendations.models import Basis, Commitment, Implementation, ImplementationEntry, Recommendation, Verdict

pytestmark = pytest.mark.django_db
D = datetime.date

# (recommendations, responder, text, period as written, due on, verdict)
SEND_COMMITMENTS = [
    (
        ["3"],
        "government",
        "Publication of the report of the survey has been delayed due to the coronavirus pandemic, but it will be "
        "published as soon as possible.",
        "as soon as possible",
        None,
        Verdict.CONFIRMED,
    ),
    (
        ["5"],
        "government",
        "Under these proposals, core spending power will rise from £46.2 billion in 2019–20 to £49.1 billion in "
        "2020–21.",
        "in 2020–21",
        D(2021, 3, 31),
        Verdict.NOT_A_COMMITMENT,
    ),
    (
        ["5"],
        "government",
        "These additional resources sit on top of the existing social care package, which will continue at "
        "2019–20 levels, and mean that local authorities will have access to almost £6 billion of dedicated "
        "funding across adult and children's social care in 2020–21.",
        "in 2020–21",
        D(2021, 3, 31),
        Verdict.NOT_A_COMMITMENT,
    ),
    (
        ["5"],
        "government",
        "The importance of children's social care was signalled in the Government's manifesto, and we are "
        "committed to undertaking a review at the earliest opportunity.",
        "at the earliest opportunity",
        None,
        Verdict.CONFIRMED,
    ),
    (
        ["6"],
        "government",
        "Future funding for social care will be set out at the next spending review.",
        "at the next spending review",
        None,
        Verdict.CONFIRMED,
    ),
    (
        ["7"],
        "government",
        "A new template and guidance will be published regarding this in due course.",
        "in due course",
        None,
        Verdict.CONFIRMED,
    ),
    (
        ["25"],
        "government",
        "We expect to announce the successful schools in Autumn 2020.",
        "in Autumn 2020",
        D(2020, 11, 30),
        Verdict.CONFIRMED,
    ),
    (
        ["25"],
        "government",
        "We anticipate announcing the successful proposer groups in Summer 2020.",
        "in Summer 2020",
        D(2020, 8, 31),
        Verdict.CONFIRMED,
    ),
    (
        ["30"],
        "equality-and-human-rights-commission",
        "The Commission notes the Committee's encouragement to carry out a monitoring review of apprenticeships "
        "and will be responding directly in due course.",
        "in due course",
        None,
        Verdict.CONFIRMED,
    ),
    (
        ["21"],
        "department-of-health-and-social-care",
        "We will establish a steering group this year to oversee this work, which we aim to complete by 2025.",
        "this year",
        D(2023, 12, 31),
        Verdict.CONFIRMED,
    ),
    (
        ["21"],
        "department-of-health-and-social-care",
        "We will establish a steering group this year to oversee this work, which we aim to complete by 2025.",
        "by 2025",
        D(2025, 12, 31),
        Verdict.CONFIRMED,
    ),
]


def read_commitments():
    rows = []
    for commitment in Commitment.objects.select_related("responder").prefetch_related("recommendations"):
        numbers = sorted(r.number for r in commitment.recommendations.all())
        rows.append(
            (
                numbers,
                commitment.responder.slug,
                commitment.text,
                commitment.period,
                commitment.due_on,
                commitment.verdict,
            )
        )
    return sorted(rows, key=lambda row: (int(row[0][0]), row[3], row[2]))


def test_the_send_commitments_are_those_read_from_the_replies_and_checked():
    call_command("load_send_data")
    expected = sorted(SEND_COMMITMENTS, key=lambda row: (int(row[0][0]), row[3], row[2]))
    assert read_commitments() == expected
    # Made on the response's date, except the later written answer's.
    made = set(Commitment.objects.values_list("made_on", flat=True))
    assert made == {D(2020, 7, 20), D(2023, 3, 29)}
    # Found by the importer: all but the two from the later answer.
    assert Commitment.objects.exclude(found_text="").count() == 9
    # The overdue ones today: the free-schools announcements and the 2023 steering group.
    assert {c.period for c in Commitment.objects.public().overdue()} >= {
        "in Autumn 2020",
        "in Summer 2020",
        "this year",
    }


def test_the_one_implementation_entry_cites_the_2023_written_answer():
    call_command("load_send_data")
    entry = ImplementationEntry.objects.select_related("recommendation", "question").get()
    assert (entry.recommendation.number, entry.implementation, entry.basis) == (
        "21",
        Implementation.IN_PROGRESS,
        Basis.GOVERNMENT_SAYS,
    )
    assert (entry.effective_on, entry.question.source_document) == (
        D(2023, 3, 29),
        "question-send-improvement-plan.txt",
    )
    assert Recommendation.objects.exclude(number="21").filter(implementation=Implementation.NOT_ASSESSED).count() == 37
