"""The curated SEND data: the documents through the importers plus the editorial layer."""

import json

import pytest
from django.core.management import call_command

from intake.common import DocumentError
from intake.editorial import apply_editorial
from intake.management.commands.load_send_data import EDITORIAL, QUESTIONS, RESPONSE
from recommendations.models import (
    Commitment,
    ImplementationEntry,
    Recommendation,
    Reply,
    Review,
    Status,
    StatusEntry,
    Theme,
    WrittenQuestion,
)

pytestmark = pytest.mark.django_db
SLUG = "special-educational-needs-and-disabilities"


@pytest.fixture
def send_data():
    call_command("load_send_data")


def snapshot():
    """Everything the SEND data consists of, in comparable form."""
    return {
        "recommendations": list(
            Recommendation.objects.order_by("report__slug", "position").values_list(
                "report__slug", "number", "kind", "text", "status", "review__slug", "status_changed_on", "version"
            )
        ),
        "themes": sorted(Theme.objects.values_list("slug", "name", "description", "recommendations__number")),
        "replies": list(
            Reply.objects.order_by("position").values_list("position", "responder__slug", "heading", "text")
        ),
        "covers": sorted(
            Reply.recommendations.through.objects.values_list("reply__position", "recommendation__number")
        ),
        "commitments": list(
            Commitment.objects.order_by("text", "period").values_list(
                "reply__position", "question__key", "text", "period", "due_on", "verdict", "note"
            )
        ),
        "implementation": list(
            ImplementationEntry.objects.values_list("recommendation__number", "implementation", "basis", "note")
        ),
        "history": list(
            StatusEntry.objects.order_by("recommendation__position", "id").values_list(
                "recommendation__number", "status", "review__slug", "effective_on", "note", "evidence"
            )
        ),
        "questions": sorted(
            WrittenQuestion.objects.values_list("key", "themes__slug", "recommendations__number", "answer_text")
        ),
    }


def test_every_recommendation_has_a_theme_and_the_questions_are_linked(send_data):
    assert Recommendation.objects.filter(report__slug=SLUG).count() == 38
    assert not Recommendation.objects.filter(themes__isnull=True).exists()
    assert 8 <= Theme.objects.count() <= 12
    assert WrittenQuestion.objects.count() == 4
    assert not WrittenQuestion.objects.filter(themes__isnull=True).exists()
    assert not WrittenQuestion.objects.filter(recommendations__isnull=True).exists()
    assert Review.objects.get(slug="send-review").name == "SEND Review"


def test_statuses_agree_with_their_history(send_data):
    assert not Recommendation.objects.status_disagrees_with_history().exists()
    # The document's last line is the Government's reply to 38 ("We agree that the SEND system is not working...").
    assert Recommendation.objects.get(number="38").status == Status.ACCEPTED


def test_editorial_statuses_carry_a_note(send_data):
    for item in json.loads(EDITORIAL.read_text())["statuses"]:
        recommendation = Recommendation.objects.get(report__slug=SLUG, number=item["number"])
        assert recommendation.status == item["status"]
        latest = recommendation.status_entries.latest()
        assert latest.note == item["note"] and not latest.recorded_by_import


def test_loading_twice_changes_nothing(send_data):
    before = snapshot()
    call_command("load_send_data")
    assert snapshot() == before


def test_the_fixtures_equal_the_importer_output_plus_the_editorial_layer(send_data):
    loaded = snapshot()
    Commitment.objects.all().delete()
    ImplementationEntry.objects.all().delete()
    Reply.objects.all().delete()
    StatusEntry.objects.all().delete()
    WrittenQuestion.objects.all().delete()
    Recommendation.objects.all().delete()
    Theme.objects.all().delete()
    call_command("import_response", str(RESPONSE))
    call_command("import_question", *map(str, QUESTIONS))
    apply_editorial(EDITORIAL)
    assert snapshot() == loaded


def test_editorial_layer_never_overrules_an_editor(send_data, editor):
    from recommendations.services.status import record_status

    item = json.loads(EDITORIAL.read_text())["statuses"][0]
    recommendation = Recommendation.objects.get(report__slug=SLUG, number=item["number"])
    other = Status.NOTED if item["status"] != Status.NOTED else Status.ACCEPTED
    record_status(
        recommendation=recommendation,
        status=other,
        effective_on=recommendation.status_changed_on,
        note="Editor's reading.",
        recorded_by=editor,
    )
    call_command("load_send_data")
    recommendation.refresh_from_db()
    assert recommendation.status == other


def test_a_bad_editorial_file_changes_nothing(send_data, tmp_path):
    data = json.loads(EDITORIAL.read_text())
    data["themes"][0]["name"] = "Renamed"
    data["themes"][-1]["recommendations"].append("99")
    bad = tmp_path / "editorial.json"
    bad.write_text(json.dumps(data))
    before = snapshot()
    with pytest.raises(DocumentError, match=r"editorial.json: .*no recommendation numbered 99"):
        apply_editorial(bad)
    assert snapshot() == before
