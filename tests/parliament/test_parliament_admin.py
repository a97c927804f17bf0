"""Editors confirm or reject the questions the sync proposes; its bookkeeping is read-only."""

import pytest

from parliament.models import QuestionProposal
from recommendations.models import Committee, Report, WrittenQuestion

pytestmark = pytest.mark.django_db

QUESTION = {
    "id": 990001,
    "uin": "1001",
    "house": "Commons",
    "dateTabled": "2020-05-01T00:00:00",
    "dateAnswered": "2020-05-06T00:00:00",
    "heading": "Tidal energy: imaginary towns",
    "questionText": "To ask about the made-up report HC 201.",
    "answerText": "<p>A made-up answer.</p>",
    "answeringBodyName": "Department for Imaginary Affairs",
}


def proposal() -> QuestionProposal:
    committee = Committee.objects.create(name="Made-up Committee", slug="made-up")
    report = Report.objects.create(committee=committee, title="Made up", slug="made-up", hc_number="HC 201")
    return QuestionProposal.objects.create(report=report, question_id=990001, matched=["HC 201"], data=QUESTION)


def test_confirming_imports_the_question(editor_client):
    row = proposal()
    url = "/admin/parliament/questionproposal/"
    response = editor_client.post(url, {"action": "confirm", "_selected_action": [row.pk]}, follow=True)
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.verdict == QuestionProposal.Verdict.CONFIRMED
    assert WrittenQuestion.objects.get().heading == "Tidal energy: imaginary towns"


def test_rejecting_imports_nothing(editor_client):
    row = proposal()
    editor_client.post("/admin/parliament/questionproposal/", {"action": "reject", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.verdict == QuestionProposal.Verdict.REJECTED and not WrittenQuestion.objects.exists()


@pytest.mark.parametrize("page", ["syncwindow", "publication", "questionproposal", "department"])
def test_the_admin_pages_open(editor_client, page):
    assert editor_client.get(
        f"/admin/{'recommendations' if page == 'department' else 'parliament'}/{page}/"
    ).status_code in (200, 302)
