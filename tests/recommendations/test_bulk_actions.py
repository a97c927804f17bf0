"""The two bulk actions of the recommendation list, changing the status and recording progress: one confirmation
page, a bounded one, that carries the selection back as the change list's filter; then one bulk write, whose
queries and alert events do not grow with the number of recommendations it changes."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alerts.models import Event
from recommendations.models import (
    Basis,
    Implementation,
    ImplementationEntry,
    Kind,
    Recommendation,
    Report,
    Status,
    StatusEntry,
)
from tests.builders import build_report

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:recommendations_recommendation_changelist")
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')

STATUS_FORM = {"status": Status.ACCEPTED, "effective_on": "2021-03-01", "note": "Taken forward in the green paper."}
PROGRESS_FORM = {
    "new_implementation": Implementation.IN_PROGRESS,
    "basis": Basis.GOVERNMENT_SAYS,
    "progress_on": "2023-03-29",
    "target_on": "",
    "progress_note": "The Government says a steering group will be established this year.",
    "progress_source_url": "",
}
FORMS = {"change_status": STATUS_FORM, "record_progress": PROGRESS_FORM}


def select_all(action: str, ticked: Recommendation) -> dict:
    """What the change list posts when "select all" is used: the rows ticked on the page, and select_across."""
    return {"action": action, "select_across": "1", "index": "0", "_selected_action": [ticked.pk]}


def confirmation(client, action: str, query: str = ""):
    ticked = Recommendation.objects.order_by("pk").first()
    return client.post(CHANGELIST + query, select_all(action, ticked))


def posted_back(page) -> dict[str, list[str]]:
    """The hidden fields of the confirmation page's form, as a browser posts them back."""
    fields = {}
    for name, value in HIDDEN_INPUT.findall(page.content.decode()):
        fields.setdefault(name, []).append(value)
    return fields


def apply(client, action: str, query: str = ""):
    """Confirm the action as an editor would: the confirmation page's own fields, and the form filled in."""
    data = posted_back(confirmation(client, action, query)) | FORMS[action] | {"apply": "1"}
    return client.post(CHANGELIST + query, data, follow=True)


def cost_of_applying(client, action: str, report) -> tuple[int, int]:
    """(queries, alert events) of the confirmed action over every recommendation of the report."""
    query = f"?report__id__exact={report.pk}"
    data = posted_back(confirmation(client, action, query)) | FORMS[action] | {"apply": "1"}
    events = Event.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(CHANGELIST + query, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return len(queries), Event.objects.count() - events


def test_bulk_progress_costs_what_the_bulk_status_change_costs(admin_client):
    small, large = build_report(3, slug="small"), build_report(30, slug="large")
    admin_client.get(CHANGELIST)  # caches filled (content types, the user's permissions), as for any editor
    costs = {
        (action, report.slug): cost_of_applying(admin_client, action, report)
        for action in FORMS
        for report in (small, large)
    }
    assert ImplementationEntry.objects.count() == StatusEntry.objects.filter(status=Status.ACCEPTED).count() == 33
    progress_queries, progress_events = costs["record_progress", "large"]
    status_queries, status_events = costs["change_status", "large"]
    assert progress_events == status_events == 1, costs
    assert progress_queries <= status_queries, costs
    assert costs["record_progress", "small"] == costs["record_progress", "large"], costs


@pytest.mark.parametrize("action", FORMS)
def test_the_confirmation_shows_a_sample_and_the_count_and_carries_the_filter(admin_client, action):
    build_report(60)
    page = confirmation(admin_client, action, "?status__exact=rejected")
    body = page.content.decode()
    assert "these 24 recommendations" in body and "24 in all" in body
    assert body.count("<li>") < 30
    fields = posted_back(page)
    assert fields["select_across"] == ["1"] and fields["action"] == [action]
    assert sum(len(values) for values in fields.values()) < 10


def many_recommendations(count: int) -> Report:
    """`count` recommendations in one report, written in bulk (no history: a status change needs none)."""
    report = build_report(1)
    Recommendation.objects.bulk_create(
        Recommendation(report=report, number=str(n), position=n, kind=Kind.RECOMMENDATION, text=f"Do {n} things.")
        for n in range(2, count + 1)
    )
    return report


@pytest.mark.parametrize("action", FORMS)
def test_select_across_more_than_a_thousand_changes_every_one(admin_client, action):
    report = many_recommendations(1050)
    response = apply(admin_client, action, f"?report__id__exact={report.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "1050 recommendations" in body, body[:3000]
    if action == "record_progress":
        assert Recommendation.objects.filter(implementation=Implementation.IN_PROGRESS).count() == 1050
    else:
        assert Recommendation.objects.filter(status=Status.ACCEPTED).count() == 1050


@pytest.mark.parametrize("action", FORMS)
def test_only_the_ticked_rows_change_without_select_across(admin_client, action):
    report = build_report(10)
    ticked = list(report.recommendations.filter(number__in=["2", "4"]))
    data = {"action": action, "index": "0", "_selected_action": [rec.pk for rec in ticked]}
    page = admin_client.post(CHANGELIST, data)
    assert "these 2 recommendations" in page.content.decode()
    response = admin_client.post(CHANGELIST, posted_back(page) | FORMS[action] | {"apply": "1"}, follow=True)
    assert "2 recommendations" in response.content.decode()
    changed = (
        Recommendation.objects.filter(implementation=Implementation.IN_PROGRESS)
        if action == "record_progress"
        else Recommendation.objects.filter(status=Status.ACCEPTED)
    )
    assert set(changed) == set(ticked)


def test_a_refused_bulk_progress_names_the_recommendations_and_changes_nothing(admin_client):
    report = build_report(5)
    Recommendation.objects.filter(report=report, number__in=["2", "3"]).update(
        implementation_changed_on=datetime.date(2024, 1, 1)
    )
    response = apply(admin_client, "record_progress")
    body = response.content.decode()
    assert "Nothing was changed. Recommendation 2: The latest progress recorded is dated 1 January 2024" in body
    assert not ImplementationEntry.objects.exists()
