"""The CSV and JSON exports: shape, filters, streaming, formula neutralising, bad input and query budget."""

import csv
import datetime
import io
import json

import pytest

from recommendations.models import Body, Recommendation, Reply, Theme
from recommendations.views.exports import FIELDS, csv_cell
from tests.builders import RECOMMENDATION_TEXTS, REPLY_TEXTS, build_report

pytestmark = pytest.mark.django_db
JSON_URL = "/recommendations/export.json"
CSV_URL = "/recommendations/export.csv"
SLUG = "special-educational-needs-and-disabilities"


def content(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def exported_json(client, query=None) -> dict:
    response = client.get(JSON_URL, query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(content(response))


def exported_csv(client, query=None) -> list[dict]:
    response = client.get(CSV_URL, query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(content(response))))
    assert rows[0] == FIELDS
    return [dict(zip(FIELDS, row, strict=True)) for row in rows[1:]]


def test_json_has_the_shape_product_md_fixes(client):
    build_report(5)
    data = exported_json(client)
    assert data["count"] == 5 == len(data["results"])
    assert data["results"][0] == {
        "report": SLUG,
        "number": "1",
        "position": 1,
        "paragraphs": ["17"],
        "kind": "recommendation",
        "text": RECOMMENDATION_TEXTS[0],
        "status": "rejected",
        "status_label": "Rejected",
        "review": None,
        "themes": ["send-workforce"],
        "addressed_to": ["department-for-education"],
        "replies": [{"responder": "Government", "text": REPLY_TEXTS[0]}],
        "url": f"/reports/{SLUG}/1/",
        "implementation": "not_assessed",
        "implementation_label": "Not yet assessed",
        "commitments": [],
    }
    fourth = data["results"][3]
    assert (fourth["status"], fourth["status_label"], fourth["review"]) == (
        "under_review",
        "Under SEND Review",
        "SEND Review",
    )
    assert data["results"][4]["kind"] == "conclusion"


def test_json_download_has_a_file_name(client):
    build_report(1)
    response = client.get(JSON_URL)
    assert response["Content-Disposition"] == 'attachment; filename="recommendations.json"'
    assert client.get(CSV_URL)["Content-Disposition"] == 'attachment; filename="recommendations.csv"'


def test_replies_are_in_reply_order_and_lists_are_complete(client):
    report = build_report(2)
    first = Recommendation.objects.get(number="1")
    ofsted = Body.objects.create(name="Ofsted", slug="ofsted")
    earlier = Reply.objects.create(report=report, position=0, responder=ofsted, text=REPLY_TEXTS[4])
    earlier.recommendations.add(first)
    first.themes.add(Theme.objects.get(slug="funding"))
    first.addressed_to.add(ofsted)
    result = exported_json(client)["results"][0]
    assert result["replies"] == [
        {"responder": "Ofsted", "text": REPLY_TEXTS[4]},
        {"responder": "Government", "text": REPLY_TEXTS[0]},
    ]
    assert result["themes"] == ["funding", "send-workforce"]
    assert result["addressed_to"] == ["department-for-education", "ofsted"]

    row = exported_csv(client)[0]
    assert row["replies"] == f"Ofsted: {REPLY_TEXTS[4]}; Government: {REPLY_TEXTS[0]}"
    assert row["themes"] == "funding; send-workforce"
    assert row["addressed_to"] == "department-for-education; ofsted"


def test_csv_has_the_same_fields(client):
    build_report(5)
    rows = exported_csv(client)
    assert [row["number"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[3] == {
        "report": SLUG,
        "number": "4",
        "position": "4",
        "paragraphs": "20",
        "kind": "recommendation",
        "text": RECOMMENDATION_TEXTS[3],
        "status": "under_review",
        "status_label": "Under SEND Review",
        "review": "SEND Review",
        "themes": "funding",
        "addressed_to": "department-for-education",
        "replies": f"Government: {REPLY_TEXTS[3]}",
        "url": f"/reports/{SLUG}/4/",
        "implementation": "not_assessed",
        "implementation_label": "Not yet assessed",
        "commitments": "",
    }
    assert rows[0]["review"] == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["1", "2", "3", "4", "5"]),
        ({"status": "rejected"}, ["1", "3"]),
        ({"status": ["rejected", "noted"]}, ["1", "3", "5"]),
        ({"theme": "funding"}, ["2", "4"]),
        ({"kind": "conclusion"}, ["5"]),
        ({"report": SLUG, "addressed_to": "department-for-education", "theme": "send-workforce"}, ["1", "3", "5"]),
        ({"q": "SENCO"}, ["1", "2"]),
        ({"ordering": "status"}, ["4", "2", "5", "1", "3"]),
        ({"status": "rejected", "page": "2"}, ["1", "3"]),  # the page is the list's only
    ],
)
def test_exports_take_the_list_filters(client, query, expected):
    build_report(5)
    data = exported_json(client, query)
    assert [result["number"] for result in data["results"]] == expected
    assert data["count"] == len(expected)
    assert [row["number"] for row in exported_csv(client, query)] == expected


def test_csv_neutralises_formulas(client):
    report = build_report(1)
    Recommendation.objects.create(
        report=report, number="2", position=2, kind="recommendation", text='=HYPERLINK("http://example.com")'
    )
    rows = exported_csv(client)
    assert rows[1]["text"] == '\'=HYPERLINK("http://example.com")'
    assert rows[0]["text"] == RECOMMENDATION_TEXTS[0]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
        (["17", "18"], "17; 18"),
        (["=evil"], "'=evil"),
        ([{"responder": "Government", "text": "Agreed."}], "Government: Agreed."),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "bogus"}, "Status: there is no status “bogus”."),
        ({"theme": "no-such-theme"}, "Theme: there is no theme “no-such-theme”."),
        ({"report": "no-such-report"}, "Report: there is no report “no-such-report”."),
        ({"addressed_to": "\x00"}, None),
        ({"kind": "x"}, "Kind: there is no kind “x”."),
        ({"ordering": "sideways"}, "Order: “sideways” is not an ordering"),
    ],
)
def test_bad_values_give_a_plain_message(client, url, query, message):
    build_report(3)
    response = client.get(url, query)
    if message is None:  # nothing left after removing the control characters: no filter
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"q": "SENCO " * 1000},
        {"q": "SENCO\x00\x01\x1b"},
        {"q": '日本語 🙂 \u202e "unbalanced -( OR'},
        {"theme": "fund\x00ing"},
    ],
)
def test_bad_input_never_fails(client, url, query):
    build_report(3)
    response = client.get(url, query)
    assert response.status_code in {200, 400}
    if response.status_code == 200:
        content(response)


def test_json_is_valid_when_empty(client):
    assert exported_json(client) == {"count": 0, "results": []}
    assert exported_csv(client) == []


# The count (JSON only), the recommendations with report and review, then themes, bodies addressed and replies
# with their responders and commitments, once per chunk of 500; one more query per slug filter to check its slugs.
EXPORT_QUERIES = [
    (JSON_URL, {}, 6),
    (JSON_URL, {"theme": "funding", "status": ["under_consideration", "noted"]}, 7),
    (JSON_URL, {"q": "SENCO", "report": SLUG}, 7),
    (CSV_URL, {}, 5),
    (CSV_URL, {"addressed_to": "department-for-education", "kind": "recommendation", "ordering": "changed"}, 6),
    (JSON_URL, {"implementation": ["not_assessed", "in_progress"]}, 6),
]


@pytest.mark.parametrize("size", [3, 300])
def test_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries, size):
    build_report(size)
    for url, query, expected in EXPORT_QUERIES:
        with django_assert_num_queries(expected):
            response = client.get(url, query)
            body = content(response)
        assert response.status_code == 200 and len(body.splitlines()) > 1, (url, query)


def test_exports_carry_implementation_and_confirmed_commitments(client):
    from recommendations.models import Basis, Commitment, Verdict
    from recommendations.services.implementation import record_implementation

    report = build_report(3)
    first = Recommendation.objects.get(number="1")
    record_implementation(
        recommendation=first,
        implementation="in_progress",
        basis=Basis.GOVERNMENT_SAYS,
        effective_on=datetime.date(2023, 3, 29),
        note="The Government says it will establish a steering group this year.",
    )
    for text, period, due_on, verdict in [
        (
            "We expect to announce the successful schools in Autumn 2020.",
            "in Autumn 2020",
            "2020-11-30",
            Verdict.CONFIRMED,
        ),
        (
            "A new template and guidance will be published regarding this in due course.",
            "in due course",
            None,
            Verdict.CONFIRMED,
        ),
        ("Core spending power will rise in 2020–21.", "in 2020–21", "2021-03-31", Verdict.NOT_A_COMMITMENT),
    ]:
        commitment = Commitment.objects.create(
            report=report,
            responder=first.replies.get().responder,
            text=text,
            period=period,
            made_on=datetime.date(2020, 7, 20),
            due_on=due_on,
            verdict=verdict,
        )
        commitment.recommendations.add(first)
    data = exported_json(client, {"implementation": "in_progress"})
    assert data["count"] == 1
    result = data["results"][0]
    assert (result["implementation"], result["implementation_label"]) == ("in_progress", "In progress")
    assert result["commitments"] == [
        {
            "text": "We expect to announce the successful schools in Autumn 2020.",
            "due_on": "2020-11-30",
            "due_label": "in Autumn 2020",
            "state": "open",
            "responder": "Government",
        },
        {
            "text": "A new template and guidance will be published regarding this in due course.",
            "due_on": None,
            "due_label": "in due course",
            "state": "open",
            "responder": "Government",
        },
    ]
    row = exported_csv(client, {"implementation": "in_progress"})[0]
    assert row["commitments"] == (
        "Government: We expect to announce the successful schools in Autumn 2020. (in Autumn 2020, open); "
        "Government: A new template and guidance will be published regarding this in due course. (in due course, open)"
    )
    assert client.get(JSON_URL, {"implementation": "done"}).status_code == 400
