"""The editors' admin, used as an editor would: through HTTP, with the Editors group's rights."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from recommendations.admin.recommendations import STALE_EDIT_MESSAGE
from recommendations.models import Recommendation, Status, StatusEntry
from tests.builders import build_report

pytestmark = pytest.mark.django_db

LATER = "2021-03-01"


@pytest.fixture
def report():
    return build_report(4)


def change_url(recommendation):
    return reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])


def form_data(recommendation, **changes):
    """What the change form posts when the editor leaves everything as it is."""
    data = {
        "report": recommendation.report_id,
        "number": recommendation.number,
        "position": recommendation.position,
        "paragraphs": ", ".join(recommendation.paragraphs),
        "kind": recommendation.kind,
        "text": recommendation.text,
        "themes": [theme.pk for theme in recommendation.themes.all()],
        "addressed_to": [body.pk for body in recommendation.addressed_to.all()],
        "seen_version": recommendation.version,
        "new_status": "",
        "new_review": "",
        "effective_on": "",
        "note": "",
        "source_url": "",
        "status_entries-TOTAL_FORMS": "0",
        "status_entries-INITIAL_FORMS": str(recommendation.status_entries.count()),
        "status_entries-MIN_NUM_FORMS": "0",
        "status_entries-MAX_NUM_FORMS": "0",
        "implementation_entries-TOTAL_FORMS": "0",
        "implementation_entries-INITIAL_FORMS": str(recommendation.implementation_entries.count()),
        "implementation_entries-MIN_NUM_FORMS": "0",
        "implementation_entries-MAX_NUM_FORMS": "0",
    }
    data.update(changes)
    return data


def test_editors_group_has_only_the_permissions_editors_need():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {
        "change_recommendation",
        "add_statusentry",
        "change_reply",
        "change_theme",
        "change_writtenquestion",
    } <= codenames
    assert not {"change_statusentry", "delete_statusentry", "delete_report", "delete_recommendation"} & codenames
    assert not any(codename.endswith(("_user", "_group", "_permission")) for codename in codenames)


def test_anonymous_users_are_sent_to_log_in(client, report):
    response = client.get(change_url(report.recommendations.first()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_cannot_open_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_editor_sees_the_recommendation_list_with_filters(editor_client, report):
    response = editor_client.get(reverse("admin:recommendations_recommendation_changelist"), {"status": "rejected"})
    assert response.status_code == 200
    shown = {row.number for row in response.context["cl"].result_list}
    assert shown == set(report.recommendations.filter(status=Status.REJECTED).values_list("number", flat=True))


def test_admin_search_covers_reply_text(editor_client, report):
    response = editor_client.get(reverse("admin:recommendations_recommendation_changelist"), {"q": "NASENCO course"})
    assert response.status_code == 200
    assert [row.number for row in response.context["cl"].result_list] == ["1"]
    response = editor_client.get(reverse("admin:recommendations_recommendation_changelist"), {"q": "network meetings"})
    assert [row.number for row in response.context["cl"].result_list] == ["2"]


def test_editor_changes_a_status_and_the_entry_records_them(editor_client, editor, report):
    recommendation = report.recommendations.get(number="2")
    data = form_data(
        recommendation,
        new_status=Status.ACCEPTED,
        effective_on=LATER,
        note="Regional SENCO networks now funded.",
        source_url="https://www.gov.uk/",
    )
    response = editor_client.post(change_url(recommendation), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    entry = recommendation.status_entries.latest()
    assert recommendation.status == Status.ACCEPTED
    assert entry.status == Status.ACCEPTED
    assert entry.recorded_by == editor
    assert entry.effective_on == datetime.date(2021, 3, 1)
    assert entry.note == "Regional SENCO networks now funded."


def test_a_status_change_needs_a_date_and_a_note(editor_client, report):
    recommendation = report.recommendations.get(number="2")
    response = editor_client.post(change_url(recommendation), form_data(recommendation, new_status=Status.ACCEPTED))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "effective_on" in errors and "note" in errors
    recommendation.refresh_from_db()
    assert recommendation.status == Status.UNDER_CONSIDERATION


def test_a_refused_status_change_is_shown_on_the_form(editor_client, report):
    recommendation = report.recommendations.get(number="1")
    data = form_data(recommendation, new_status=Status.REJECTED, effective_on=LATER, note="Again")
    response = editor_client.post(change_url(recommendation), data)
    assert response.status_code == 200
    assert "already has the status" in str(response.context["adminform"].form.errors["new_status"])
    assert recommendation.status_entries.count() == 1


def test_history_is_read_only(editor_client, report):
    entry = StatusEntry.objects.first()
    assert editor_client.get(reverse("admin:recommendations_statusentry_changelist")).status_code == 200
    response = editor_client.post(reverse("admin:recommendations_statusentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert editor_client.get(reverse("admin:recommendations_statusentry_add")).status_code == 403
    assert StatusEntry.objects.filter(pk=entry.pk).exists()


def test_history_shows_on_the_recommendation_page(editor_client, report):
    recommendation = report.recommendations.get(number="1")
    response = editor_client.get(change_url(recommendation))
    assert response.status_code == 200
    assert "we reject the recommendation" in response.content.decode()


def test_recommendations_cannot_be_deleted(editor_client, report):
    recommendation = report.recommendations.first()
    response = editor_client.post(
        reverse("admin:recommendations_recommendation_delete", args=[recommendation.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_second_of_two_simultaneous_edits_is_refused(editor, second_editor, report):
    first_client, second_client = Client(), Client()
    first_client.force_login(editor)
    second_client.force_login(second_editor)
    recommendation = report.recommendations.get(number="3")
    # Both open the form and see the same version.
    assert first_client.get(change_url(recommendation)).status_code == 200
    assert second_client.get(change_url(recommendation)).status_code == 200
    seen = form_data(recommendation)

    first_text = recommendation.text + " (first editor)"
    response = first_client.post(change_url(recommendation), {**seen, "text": first_text})
    assert response.status_code == 302

    second_text = recommendation.text + " (second editor)"
    response = second_client.post(change_url(recommendation), {**seen, "text": second_text})
    assert response.status_code == 200
    assert STALE_EDIT_MESSAGE in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.text == first_text


def test_stale_status_change_is_refused_too(editor, second_editor, report):
    recommendation = report.recommendations.get(number="3")
    seen = form_data(recommendation)
    first_client, second_client = Client(), Client()
    first_client.force_login(editor)
    second_client.force_login(second_editor)
    change = {"effective_on": LATER, "note": "Changed"}
    assert (
        first_client.post(change_url(recommendation), {**seen, "new_status": Status.ACCEPTED, **change}).status_code
        == 302
    )
    response = second_client.post(change_url(recommendation), {**seen, "new_status": Status.NOTED, **change})
    assert response.status_code == 200
    recommendation.refresh_from_db()
    assert recommendation.status == Status.ACCEPTED
    assert recommendation.status_entries.latest().recorded_by == editor


def bulk_post(client, recommendations, **extra):
    data = {"action": "change_status", "_selected_action": [rec.pk for rec in recommendations], **extra}
    return client.post(reverse("admin:recommendations_recommendation_changelist"), data, follow=True)


def test_bulk_action_asks_for_date_note_and_source_first(editor_client, report):
    chosen = list(report.recommendations.filter(number__in=["2", "4"]))
    response = bulk_post(editor_client, chosen)
    assert response.status_code == 200
    assert "admin/recommendations/bulk_action.html" in [t.name for t in response.templates]
    assert not StatusEntry.objects.filter(effective_on=datetime.date(2021, 3, 1)).exists()


def test_bulk_action_changes_each_recommendation(editor_client, editor, report):
    chosen = list(report.recommendations.filter(number__in=["2", "4"]))
    response = bulk_post(
        editor_client,
        chosen,
        apply="1",
        status=Status.ACCEPTED,
        effective_on=LATER,
        note="Both taken forward in the SEND green paper.",
        source_url="https://www.gov.uk/",
    )
    assert response.status_code == 200
    assert "Changed the status of 2 recommendations" in response.content.decode()
    for recommendation in chosen:
        recommendation.refresh_from_db()
        assert recommendation.status == Status.ACCEPTED
        assert recommendation.status_entries.latest().recorded_by == editor
        logged = LogEntry.objects.get(object_id=str(recommendation.pk), user=editor)
        assert "Accepted" in logged.get_change_message()


def test_bulk_action_changes_nothing_if_one_is_refused(editor_client, report):
    chosen = list(report.recommendations.filter(number__in=["1", "2"]))  # 1 is already rejected
    response = bulk_post(editor_client, chosen, apply="1", status=Status.REJECTED, effective_on=LATER, note="x")
    assert "Nothing was changed" in response.content.decode()
    assert report.recommendations.get(number="2").status == Status.UNDER_CONSIDERATION


def test_status_check_filter_lists_disagreements(editor_client, report):
    url = reverse("admin:recommendations_recommendation_changelist")
    assert editor_client.get(url, {"status_check": "disagrees"}).context["cl"].result_count == 0
    Recommendation.objects.filter(number="3").update(status=Status.ACCEPTED)
    response = editor_client.get(url, {"status_check": "disagrees"})
    assert [row.number for row in response.context["cl"].result_list] == ["3"]
