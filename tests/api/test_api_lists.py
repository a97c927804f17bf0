"""The lists and objects of the read API: shapes, filters (the public list's rules), paging, updated_since, errors,
and a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import Committee, Department, Recommendation, Report, Theme
from tests.api.api_world import build_world

pytestmark = pytest.mark.django_db
ALL = "replies,history,commitments,questions"
SLUG = "special-educational-needs-and-disabilities"


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), response.content
    return response


def test_a_recommendation_with_everything_included(client):
    build_world(3)
    body = get(client, "/api/v1/recommendations/", include=ALL).json()
    first = body["results"][0]
    assert first["report"] == SLUG and first["number"] == "1" and first["status"] == "rejected"
    assert first["url"].endswith(f"/reports/{SLUG}/1/")
    assert first["api_url"].endswith(f"/api/v1/recommendations/{first['id']}/")
    assert first["replies"][0]["text"].startswith("As such, we reject")
    assert [entry["axis"] for entry in first["history"]] == ["status", "implementation"]
    assert first["commitments"][0]["state_label"] == "Overdue"
    assert first["questions"][0]["heading"] == "Special Educational Needs"
    assert body["next"] is None and body["previous"] is None
    plain = get(client, "/api/v1/recommendations/").json()["results"][0]
    assert plain["replies"] is None and plain["history"] is None


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ({"status": "rejected"}, ["1", "3"]),
        ({"status": ["noted", "under_review"]}, ["4", "5"]),
        ({"theme": "funding"}, ["2", "4"]),
        ({"kind": "conclusion"}, ["5"]),
        ({"q": "therapies"}, ["4"]),
        ({"committee": "education-committee", "report": SLUG, "status": "noted"}, ["5"]),
        (
            {"implementation": "in_progress", "addressed_to": "department-for-education", "status": "rejected"},
            ["1", "3"],
        ),
    ],
)
def test_filters_are_the_public_lists(client, query, numbers):
    build_world(5)
    results = get(client, "/api/v1/recommendations/", **query).json()["results"]
    assert [item["number"] for item in results] == numbers


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        ("/api/v1/recommendations/", {"status": "bogus"}, "status: there is no status “bogus”."),
        ("/api/v1/recommendations/", {"theme": "nothing"}, "theme: there is no theme “nothing”."),
        ("/api/v1/recommendations/", {"committee": "nobody"}, "committee: there is no committee “nobody”."),
        ("/api/v1/recommendations/", {"department": "nobody"}, "department: there is no department “nobody”."),
        ("/api/v1/reports/", {"department": ["x"] * 21}, "Too many values"),
        ("/api/v1/departments/", {"updated_since": "2020-01-01"}, "updated_since: not a parameter of this list"),
        ("/api/v1/departments/", {"include": "committees"}, "include: not a parameter of this list"),
        ("/api/v1/recommendations/", {"include": "everything"}, "include: everything cannot be included"),
        ("/api/v1/recommendations/", {"page_size": "101"}, "page_size: Input should be less than or equal to 100"),
        ("/api/v1/recommendations/", {"page_size": "x"}, "page_size: Input should be a valid integer"),
        ("/api/v1/recommendations/", {"ordering": "status"}, "ordering: not a parameter of this list"),
        ("/api/v1/recommendations/", {"status": ["noted"] * 21}, "Too many values"),
        ("/api/v1/reports/", {"updated_since": "yesterday"}, "updated_since: Input should be a valid datetime"),
        ("/api/v1/themes/", {"cursor": "abc"}, "cursor: not a cursor of this API"),
        ("/api/v1/commitments/", {"state": "late"}, "state: there is no state “late”."),
        ("/api/v1/recommendations/1/", {"include": "history,gossip"}, "include: gossip cannot be included"),
        ("/api/v1/recommendations/99999999999999999999/", {}, "key: Input should be less than or equal to"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, url, query, message):
    build_world(1)
    response = get(client, url, **query)
    assert response.status_code == 400
    assert response.json()["detail"] == "These parameters cannot be used."
    assert any(error.startswith(message) for error in response.json()["errors"]), response.json()


def test_paging_forwards_and_back(client):
    build_world(7)
    seen, url = [], "/api/v1/recommendations/?page_size=3&status=rejected&status=under_consideration&status=noted"
    pages = []
    while url:
        body = client.get(url.replace("http://127.0.0.1:8000", "")).json()
        pages.append(body)
        seen += [item["number"] for item in body["results"]]
        url = body["next"]
    assert seen == ["1", "2", "3", "5", "6", "7"]
    assert [len(page["results"]) for page in pages] == [3, 3]
    assert pages[0]["previous"] is None and "status=noted" in pages[1]["previous"]
    back = client.get(pages[1]["previous"].replace("http://127.0.0.1:8000", "")).json()
    assert [item["number"] for item in back["results"]] == ["1", "2", "3"] and back["previous"] is None


def test_updated_since_keeps_what_changed(client):
    build_world(3)
    later = timezone.now() + datetime.timedelta(seconds=1)
    Theme.objects.filter(slug="funding").update(updated_at=later + datetime.timedelta(seconds=5))
    changed = get(client, "/api/v1/themes/", updated_since=later.isoformat()).json()["results"]
    assert [theme["slug"] for theme in changed] == ["funding"]
    assert get(client, "/api/v1/recommendations/", updated_since=later.isoformat()).json()["results"] == []


@pytest.mark.parametrize(
    ("url", "field", "value"),
    [
        (f"/api/v1/reports/{SLUG}/", "title", "Special educational needs and disabilities"),
        ("/api/v1/committees/education-committee/", "name", "Education Committee"),
        ("/api/v1/themes/funding/", "name", "Funding"),
        ("/api/v1/reviews/send-review/", "name", "SEND Review"),
        ("/api/v1/departments/department-for-education/", "name", "Department for Education"),
    ],
)
def test_objects_by_slug(client, url, field, value):
    build_world(2)
    assert get(client, url).json()[field] == value


def test_objects_by_id_and_key_and_unknown_ones(client):
    build_world(2)
    recommendation = Recommendation.objects.get(number="2")
    body = get(client, f"/api/v1/recommendations/{recommendation.pk}/", include="replies").json()
    assert body["number"] == "2" and len(body["replies"]) == 1 and body["history"] is None
    commitment = get(client, "/api/v1/commitments/").json()["results"][0]
    assert get(client, commitment["api_url"].replace("http://127.0.0.1:8000", "")).json()["text"] == commitment["text"]
    question = get(client, "/api/v1/questions/").json()["results"][0]
    assert get(client, f"/api/v1/questions/{question['key']}/").json()["id"] == question["id"]
    for url in [
        "/api/v1/themes/nothing/",
        "/api/v1/recommendations/999999/",
        "/api/v1/nowhere/",
        "/api/v1/themes/a/b/",
    ]:
        response = get(client, url)
        assert response.status_code == 404 and response.json()["detail"]


def another_departments_report() -> Report:
    """A second report, of another committee, answered by another department."""
    health = Department.objects.create(name="Department of Health and Social Care", slug="dhsc", parliament_id=17)
    other = build_world(1, slug="nhs-report")
    other.committee = Committee.objects.create(name="Health and Social Care Committee", slug="health-committee")
    other.responding_department = health
    other.save()
    other.committee.departments.add(health)
    return other


def test_departments_with_their_committees_and_what_they_answered(client):
    build_world(2)
    another_departments_report()
    listed = get(client, "/api/v1/departments/").json()
    assert [item["slug"] for item in listed["results"]] == ["department-for-education", "dhsc"]
    dfe = listed["results"][0]
    assert dfe["committees"] == ["education-committee"] and dfe["parliament_id"] == 60
    assert dfe["url"].endswith("/departments/department-for-education/")
    assert dfe["api_url"].endswith("/api/v1/departments/department-for-education/")
    reports = get(client, dfe["reports_api_url"].removeprefix("http://127.0.0.1:8000")).json()["results"]
    assert [(report["slug"], report["department"]) for report in reports] == [(SLUG, "department-for-education")]
    answered = get(client, dfe["recommendations_api_url"].removeprefix("http://127.0.0.1:8000")).json()["results"]
    assert [(item["report"], item["number"]) for item in answered] == [(SLUG, "1"), (SLUG, "2")]
    health = get(client, "/api/v1/recommendations/", department="dhsc").json()["results"]
    assert [item["report"] for item in health] == ["nhs-report"]
    both = get(client, "/api/v1/recommendations/", department=["dhsc", "department-for-education"]).json()["results"]
    assert len(both) == 3
    assert get(client, "/api/v1/reports/", department="dhsc", committee="education-committee").json()["results"] == []


def test_a_report_without_a_department_says_so(client):
    report = build_world(1)
    Report.objects.filter(pk=report.pk).update(responding_department=None)
    assert get(client, f"/api/v1/reports/{SLUG}/").json()["department"] is None
    assert get(client, "/api/v1/recommendations/", department="department-for-education").json()["results"] == []


@pytest.mark.parametrize("size", [3, 300])
def test_the_departments_list_costs_two_queries_whatever_the_rows(client, size):
    committee = Committee.objects.create(name="Liaison Committee", slug="liaison")
    departments = Department.objects.bulk_create(
        Department(name=f"Department {number:03d}", slug=f"department-{number:03d}") for number in range(size)
    )
    committee.departments.add(*departments)
    with CaptureQueriesContext(connection) as captured:
        body = get(client, "/api/v1/departments/", page_size=100).json()
    assert len(body["results"]) == min(size, 100) and all(item["committees"] == ["liaison"] for item in body["results"])
    assert len(captured) == 2, [query["sql"] for query in captured]


def test_commitments_by_state(client):
    build_world(3)
    states = {item["state_label"] for item in get(client, "/api/v1/commitments/", state="overdue").json()["results"]}
    assert states == {"Overdue"}
    assert get(client, "/api/v1/commitments/", state="met").json()["results"] == []


LISTS = [
    ("/api/v1/recommendations/", {"include": ALL, "page_size": 100}),
    (
        "/api/v1/recommendations/",
        {"include": ALL, "status": "rejected", "theme": "send-workforce", "committee": "education-committee"},
    ),
    ("/api/v1/recommendations/", {"include": ALL, "q": "SENCO", "updated_since": "2020-01-01T00:00:00Z"}),
    ("/api/v1/reports/", {"page_size": 100, "committee": "education-committee"}),
    ("/api/v1/reports/", {"page_size": 100, "department": "department-for-education"}),
    ("/api/v1/recommendations/", {"include": ALL, "page_size": 100, "department": "department-for-education"}),
    ("/api/v1/committees/", {"page_size": 100}),
    ("/api/v1/commitments/", {"page_size": 100, "state": "overdue"}),
    ("/api/v1/reviews/", {"page_size": 100}),
    ("/api/v1/themes/", {"page_size": 100}),
    ("/api/v1/questions/", {"page_size": 100}),
    ("/api/v1/deletions/", {"page_size": 100}),
]


@pytest.mark.parametrize("size", [3, 300])
def test_query_counts_do_not_grow_with_the_rows(client, size):
    """Each list with every include at 3 and at 300 rows (100 to a page): the same fixed budget."""
    for number in range(3):
        build_world(size // 3, slug=f"report-{number}")
    counts = []
    for url, query in LISTS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query)
        assert response.status_code == 200, response.content
        counts.append(len(captured))
    assert counts == EXPECTED_QUERIES, str(counts)


# Recommendations: the page, its themes and bodies, replies, status and implementation entries, commitments (links,
# objects, what they cover), questions; plus one query per slug filter checking the slugs. Reports: the count of
# committees (or departments) named and the page. Commitments: the page and what they cover. Reviews: the page and
# documents. Questions: the FilterSet's two choice lists, the page, themes and recommendations.
EXPECTED_QUERIES = [10, 12, 10, 2, 2, 11, 1, 2, 2, 1, 5, 1]
