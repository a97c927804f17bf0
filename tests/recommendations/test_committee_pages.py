"""The committee, department and awaited-responses pages: right figures, bad input refused, fixed query budgets."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Committee, Department, Kind, Recommendation, Report, ResponseLink

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def build(reports_count: int) -> tuple[Committee, Department]:
    """Reports of one committee answered by one department: a third on time, a third late, a third awaited (half of
    those overdue). Each report has two recommendations."""
    committee = Committee.objects.create(name="Made-up Committee", slug="made-up", parliament_id=1)
    other = Committee.objects.create(name="Other Made-up Committee", slug="other", house="House of Lords")
    department = Department.objects.create(name="Department for Testing", slug="testing", parliament_id=2)
    committee.departments.add(department)
    reports = []
    for n in range(reports_count):
        published = TODAY - datetime.timedelta(days=400 - n % 300)
        fields = {"response_deadline": published + 60 * DAY}
        if n % 3 == 0:
            fields["response_received_on"] = published + 50 * DAY
        elif n % 3 == 1:
            fields["response_received_on"] = published + 90 * DAY
        elif n % 2:
            fields["response_deadline"] = TODAY + 10 * DAY
        reports.append(
            Report(
                committee=committee if n % 5 else other,
                title=f"Report {n}",
                slug=f"report-{n}",
                published_on=published,
                session="2024-25" if n % 2 else "2023-24",
                responding_department=department,
                response_link=ResponseLink.RECORDED if "response_received_on" in fields else "",
                **fields,
            )
        )
    Report.objects.bulk_create(reports)
    Recommendation.objects.bulk_create(
        Recommendation(report=report, number=str(i), position=i, kind=Kind.RECOMMENDATION, text=f"Do {i}.")
        for report in Report.objects.all()
        for i in (1, 2)
    )
    return committee, department


def test_committee_page_figures(client):
    committee, _ = build(30)  # n % 5 == 0 are the other committee's: 24 reports here
    page = client.get("/committees/made-up/")
    assert page.status_code == 200
    figures = page.context["figures"]
    ours = Report.objects.filter(committee=committee)
    assert figures.on_time == sum(1 for r in ours if r.response_on_time) > 0
    assert figures.late == sum(1 for r in ours if r.response_on_time is False) > 0
    assert figures.median_days in (50, 70, 90)
    assert figures.overdue == sum(r.response_overdue for r in ours)
    assert figures.awaiting == ours.filter(response_received_on__isnull=True).count()
    body = page.content.decode()
    assert "Department for Testing" in body and "Share of responses received on time, by session" in body
    assert "<svg" in body and "Show these figures as a table" in body
    overdue_first = [r.title for r in page.context["awaiting"]]
    assert overdue_first[0] in {r.title for r in ours if r.response_overdue}


def test_awaited_list_is_overdue_first_with_days_and_filters(client):
    build(30)
    page = client.get("/responses/awaited/")
    rows = list(page.context["page"].object_list)
    assert rows and all(r.response_received_on is None for r in rows)
    dues = [r.due_on for r in rows]
    assert dues == sorted(dues) and rows[0].response_overdue and not rows[-1].response_overdue
    assert f"by {rows[0].days_overdue} day" in page.content.decode()
    lords = client.get("/responses/awaited/", {"house": "House of Lords"})
    assert {r.committee.slug for r in lords.context["page"].object_list} == {"other"}
    by_department = client.get("/responses/awaited/", {"department": "testing", "committee": "made-up"})
    assert by_department.context["page"].paginator.count == sum(
        1 for r in Report.objects.filter(committee__slug="made-up") if r.response_received_on is None
    )


@pytest.mark.parametrize(
    "params", [{"committee": "nothing"}, {"house": "Moon"}, {"department": "x" * 500}, {"page": "abc"}]
)
def test_awaited_list_bad_parameters_give_a_message_not_an_error(client, params):
    build(3)
    page = client.get("/responses/awaited/", params)
    assert page.status_code == 200
    if "page" not in params:
        assert "cannot be used" in page.content.decode() and not page.context["page"].object_list
    feed = client.get("/responses/awaited/feed/", params)
    assert feed.status_code == (200 if "page" in params else 400)


def test_awaited_feed_lists_overdue_reports(client):
    build(30)
    feed = client.get("/responses/awaited/feed/")
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("application/atom+xml")
    overdue = [r for r in Report.objects.all() if r.response_overdue]
    assert body.count("<entry>") == len(overdue) and "Response overdue: " in body


def test_unknown_committee_or_department_is_404(client):
    assert client.get("/committees/nothing/").status_code == 404
    assert client.get("/departments/nothing/").status_code == 404


PAGES = [
    "/responses/timeliness.csv",
    "/committees/",
    "/committees/made-up/",
    "/departments/",
    "/departments/testing/",
    "/responses/awaited/",
    "/responses/awaited/feed/",
    "/responses/awaited/?house=House+of+Commons&department=testing",
]


@pytest.mark.parametrize("path", PAGES)
def test_query_budget_holds_at_3_and_300_reports(client, django_assert_max_num_queries, path):
    build(3)
    with django_assert_max_num_queries(10) as small:
        assert client.get(path).status_code == 200
    Recommendation.objects.all().delete()
    Report.objects.all().delete()
    Committee.objects.all().delete()
    Department.objects.all().delete()
    build(300)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200


def test_timeliness_export_by_committee_department_and_session(client):
    build(30)
    response = client.get("/responses/timeliness.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "by,name,session,responses,on_time,late,median_days,awaiting,overdue"
    rows = [line.split(",") for line in lines[1:]]
    committee_rows = [row for row in rows if row[0] == "committee" and row[1] == "Made-up Committee"]
    assert {row[2] for row in committee_rows} == {"2023-24", "2024-25"}
    ours = Report.objects.filter(committee__slug="made-up")
    assert sum(int(row[3]) for row in committee_rows) == ours.filter(response_received_on__isnull=False).count()
    department = [row for row in rows if row[0] == "department"]
    assert sum(int(row[7]) for row in department) == Report.objects.filter(response_received_on__isnull=True).count()
