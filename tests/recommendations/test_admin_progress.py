"""The editors' admin for the second axis, used as an editor would: progress on a recommendation's page and in
bulk, commitments checked and their state changed, review documents added."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recommendations.models import (
    Basis,
    Commitment,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    Recommendation,
    Review,
    ReviewDocument,
    Verdict,
)
from tests.builders import COMMITMENT_TEXT, add_commitment, build_report
from tests.recommendations.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db
SOURCE = "https://questions-statements.parliament.uk/written-questions/detail/2023-03-23/169543"


@pytest.fixture
def report():
    return build_report(3)


def progress(**changes):
    return {
        "new_implementation": Implementation.IN_PROGRESS,
        "basis": Basis.GOVERNMENT_SAYS,
        "progress_on": "2023-03-29",
        "target_on": "",
        "progress_note": "The Government says a steering group will be established this year.",
        "progress_source_url": SOURCE,
        **changes,
    }


def test_editors_may_record_progress_and_commitments_but_delete_no_history():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_implementationentry", "change_commitment", "add_commitmentevent", "add_reviewdocument"} <= codenames
    assert not {"change_implementationentry", "delete_implementationentry", "delete_commitment"} & codenames
    assert not {"change_commitmentevent", "delete_commitmentevent"} & codenames


def test_editor_records_progress_on_the_recommendation_page(editor_client, editor, report):
    recommendation = report.recommendations.get(number="1")
    response = editor_client.post(
        change_url(recommendation), form_data(recommendation, **progress(target_on="2025-12-31"))
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = ImplementationEntry.objects.get()
    assert (entry.recommendation, entry.recorded_by, entry.target_on) == (
        recommendation,
        editor,
        datetime.date(2025, 12, 31),
    )
    assert Recommendation.objects.get(pk=recommendation.pk).implementation == Implementation.IN_PROGRESS


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"progress_note": ""}, "progress_note"),
        ({"progress_source_url": "javascript:alert(1)"}, "progress_source_url"),
        ({"progress_on": "2999-01-01"}, "new_implementation"),
    ],
)
def test_bad_progress_on_the_page_is_refused_with_a_message(editor_client, report, changes, field):
    recommendation = report.recommendations.get(number="1")
    response = editor_client.post(change_url(recommendation), form_data(recommendation, **progress(**changes)))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not ImplementationEntry.objects.exists()


def test_bulk_action_records_progress_on_each_or_none(editor_client, report):
    changelist = reverse("admin:recommendations_recommendation_changelist")
    ids = list(report.recommendations.values_list("pk", flat=True))
    asked = editor_client.post(changelist, {"action": "record_progress", "_selected_action": ids})
    assert asked.status_code == 200 and "Record progress" in asked.content.decode()
    response = editor_client.post(
        changelist, {"action": "record_progress", "_selected_action": ids, "apply": "1", **progress()}
    )
    assert response.status_code == 302
    assert set(Recommendation.objects.values_list("implementation", flat=True)) == {Implementation.IN_PROGRESS}
    refused = editor_client.post(
        changelist,
        {"action": "record_progress", "_selected_action": ids, "apply": "1", **progress(progress_on="2020-01-01")},
        follow=True,
    )
    assert "Nothing was changed" in refused.content.decode()
    assert ImplementationEntry.objects.count() == 3


def commitment_form(commitment, **changes):
    data = {
        "verdict": commitment.verdict,
        "text": commitment.text,
        "period": commitment.period,
        "due_on": commitment.due_on.isoformat() if commitment.due_on else "",
        "made_on": commitment.made_on.isoformat(),
        "responder": commitment.responder_id,
        "recommendations": [r.pk for r in commitment.recommendations.all()],
        "note": commitment.note,
        "report": commitment.report_id,
        "reply": commitment.reply_id or "",
        "question": "",
        "source_url": "",
        "new_state": "",
        "state_on": "",
        "state_note": "",
        "state_source_url": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    return data | changes


@pytest.fixture
def proposal(report):
    return add_commitment(report.replies.get(position=1), verdict=Verdict.PROPOSED, found_text=COMMITMENT_TEXT)


def test_editor_confirms_a_proposal_then_records_it_met(editor_client, proposal):
    url = reverse("admin:recommendations_commitment_change", args=[proposal.pk])
    response = editor_client.post(url, commitment_form(proposal, verdict=Verdict.CONFIRMED))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Commitment.objects.public().get() == proposal
    refused = editor_client.post(
        url, commitment_form(proposal, verdict=Verdict.CONFIRMED, new_state="met", state_on="2020-11-02")
    )
    assert "state_note" in refused.context["adminform"].form.errors
    done = editor_client.post(
        url,
        commitment_form(
            proposal,
            verdict=Verdict.CONFIRMED,
            new_state="met",
            state_on="2020-11-02",
            state_note="Announced.",
            state_source_url=SOURCE,
        ),
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.state_changed_on) == (CommitmentState.MET, datetime.date(2020, 11, 2))
    assert proposal.events.get().recorded_by.username == "editor"


def test_editor_adds_a_review_document(editor_client, report):
    review = Review.objects.get(slug="send-review")
    url = reverse("admin:recommendations_review_change", args=[review.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    data = {
        "name": review.name,
        "slug": review.slug,
        "description": review.description,
        "announced": review.announced,
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "A document",
        "documents-0-published_on": "2022-03-29",
        "documents-0-url": "https://www.gov.uk/",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context
    assert ReviewDocument.objects.get().review == review
