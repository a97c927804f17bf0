"""Finding 7: the editors' admin whatever the number of recommendations. The change and add pages run the same
queries for 3 recommendations as for 300 (selectors search, they do not list every recommendation), and the
bulk status change writes in bulk: its queries do not grow with the number it changes. Timings at 250,000
recommendations: bench/admin_timings.py."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Recommendation, Reply, Status, StatusEntry, WrittenQuestion
from tests.builders import build_report

pytestmark = pytest.mark.django_db

LATER = "2021-03-01"


def query_count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries)


def reply_covering_all(report) -> Reply:
    reply = Reply.objects.filter(report=report).order_by("position").first()
    reply.recommendations.set(report.recommendations.all())
    return reply


def question_following_all(report) -> WrittenQuestion:
    question = WrittenQuestion.objects.create(key=f"q-{report.slug}", heading="SEND", question_text="To ask…")
    question.recommendations.set(report.recommendations.all())
    return question


PAGES = {
    "reply change": lambda report: reverse("admin:recommendations_reply_change", args=[reply_covering_all(report).pk]),
    "reply add": lambda report: reverse("admin:recommendations_reply_add"),
    "question change": lambda report: reverse(
        "admin:recommendations_writtenquestion_change", args=[question_following_all(report).pk]
    ),
    "question add": lambda report: reverse("admin:recommendations_writtenquestion_add"),
    "recommendation change": lambda report: reverse(
        "admin:recommendations_recommendation_change", args=[report.recommendations.last().pk]
    ),
    "recommendation add": lambda report: reverse("admin:recommendations_recommendation_add"),
    "recommendation list": lambda report: reverse("admin:recommendations_recommendation_changelist"),
    "reply list": lambda report: reverse("admin:recommendations_reply_changelist"),
}


@pytest.mark.parametrize("page", PAGES)
def test_admin_pages_run_the_same_queries_for_3_and_300_recommendations(admin_client, page):
    counts = []
    for size, slug in [(3, "small"), (300, "large")]:
        url = PAGES[page](build_report(size, slug=slug))
        admin_client.get(url)  # caches filled (content types, the user's permissions), as for any editor
        counts.append(query_count(admin_client, "get", url))
        if size == 3:
            Recommendation.objects.all().delete()  # the second report alone, at 300
    assert counts[0] == counts[1], counts


def select_all(ticked: Recommendation) -> dict:
    """What the change list posts when "select all" is used: the rows ticked on the page, and select_across."""
    return {"action": "change_status", "select_across": "1", "index": "0", "_selected_action": [ticked.pk]}


def bulk_change(client, query, status):
    url = reverse("admin:recommendations_recommendation_changelist") + query
    data = select_all(Recommendation.objects.order_by("pk").last())
    data.update(apply="1", status=status, effective_on=LATER, note="Taken forward in the green paper.")
    return url, data


def test_the_bulk_change_runs_the_same_queries_for_3_and_300(admin_client):
    counts = []
    for size, slug in [(3, "small"), (300, "large")]:
        report = build_report(size, slug=slug)
        url, data = bulk_change(admin_client, f"?report__id__exact={report.pk}&status__exact=rejected", "accepted")
        counts.append(query_count(admin_client, "post", url, data))
        assert report.recommendations.filter(status=Status.ACCEPTED).count() == (size + 2) // 5 + (size + 4) // 5
    # Bulk inserts come in batches (SQLite takes at most 999 values in a statement): a few more, not 120 more.
    assert counts[1] <= counts[0] + 4, counts


def test_the_bulk_change_over_a_filter_logs_and_announces_every_one(admin_client, monkeypatch):
    report = build_report(10)
    announced = []
    monkeypatch.setattr("recommendations.services.status.announce", announced.append)
    rejected = set(report.recommendations.filter(status=Status.REJECTED).values_list("pk", flat=True))
    url, data = bulk_change(admin_client, "?status__exact=rejected", Status.NOTED)
    response = admin_client.post(url, data, follow=True)
    assert f"Changed the status of {len(rejected)} recommendations" in response.content.decode()
    noted_today = StatusEntry.objects.filter(status=Status.NOTED, note="Taken forward in the green paper.")
    assert set(noted_today.values_list("recommendation_id", flat=True)) == rejected
    assert set(Recommendation.objects.filter(pk__in=rejected).values_list("status", flat=True)) == {Status.NOTED}
    logged = LogEntry.objects.filter(change_message="Changed the status to “Noted”.")
    assert {int(pk) for pk in logged.values_list("object_id", flat=True)} == rejected
    assert [set(change.recommendation_ids) for change in announced] == [rejected]
    assert announced[0].report_id == report.pk and announced[0].source.startswith("statusentry:")
    assert not Recommendation.objects.status_disagrees_with_history().exists()


def test_the_confirmation_for_a_whole_filter_names_the_filter_not_every_id(admin_client):
    build_report(60)
    url = reverse("admin:recommendations_recommendation_changelist") + "?status__exact=rejected"
    response = admin_client.post(url, select_all(Recommendation.objects.filter(status=Status.REJECTED).first()))
    body = response.content.decode()
    assert "these 24 recommendations" in body, body and "24 in all" in body
    assert 'name="select_across" value="1"' in body
    assert body.count('name="_selected_action"') == 1
    assert body.count("<li>") < 30


def test_a_refused_bulk_change_names_the_recommendations_and_changes_nothing(admin_client):
    report = build_report(10)
    url, data = bulk_change(admin_client, f"?report__id__exact={report.pk}", Status.REJECTED)
    response = admin_client.post(url, data, follow=True)
    body = response.content.decode()
    assert "Nothing was changed. Recommendation 1 already has the status “Rejected”." in body
    assert "(and 1 more)" in body
    assert not StatusEntry.objects.filter(note="Taken forward in the green paper.").exists()
