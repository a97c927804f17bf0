"""The Atom feed of status changes: valid XML, newest first, narrowed by the list's parameters, bad input."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from recommendations.models import Recommendation, Status
from recommendations.services.status import record_status
from recommendations.views.committees import AwaitedFeed
from recommendations.views.feeds import CommitmentFeed, StatusChangeFeed
from tests.builders import build_report

pytestmark = pytest.mark.django_db
URL = "/feeds/"
ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "special-educational-needs-and-disabilities"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def test_feed_lists_status_changes_newest_first(client):
    build_report(3)
    record_status(
        recommendation=Recommendation.objects.get(number="2"),
        status=Status.ACCEPTED,
        effective_on=datetime.date(2021, 5, 4),
        note="The Department <em>now</em> agrees & acts.",
        source_url="https://example.org/source",
    )
    feed = parse(client.get(URL))
    assert feed.findtext(f"{ATOM}title") == "Status changes"
    assert titles(feed) == [
        "Recommendation 2 (Special educational needs and disabilities): Accepted",
        "Recommendation 3 (Special educational needs and disabilities): Rejected",
        "Recommendation 2 (Special educational needs and disabilities): Under consideration",
        "Recommendation 1 (Special educational needs and disabilities): Rejected",
    ]
    first = entries(feed)[0]
    link = first.find(f"{ATOM}link").get("href")
    assert link.startswith(f"http://testserver/reports/{SLUG}/2/#status-")
    assert first.findtext(f"{ATOM}published").startswith("2021-05-04T00:00:00")
    # The note is text inside HTML: escaped, with the source as a link.
    summary = first.findtext(f"{ATOM}summary")
    assert "The Department &lt;em&gt;now&lt;/em&gt; agrees &amp; acts." in summary
    assert '<a href="https://example.org/source">Source</a>' in summary
    ids = [entry.findtext(f"{ATOM}id") for entry in entries(feed)]
    assert len(set(ids)) == len(ids)


def test_feed_is_limited_to_fifty_entries(client):
    build_report(60)
    assert len(entries(parse(client.get(URL)))) == 50


def test_under_review_is_named(client):
    build_report(4)
    assert "Recommendation 4 (Special educational needs and disabilities): Under SEND Review" in titles(
        parse(client.get(URL))
    )


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ({"report": "another-report"}, ["2", "1"]),
        ({"theme": "funding"}, ["2", "4", "2"]),  # another report's 2, then this report's 4 and 2
        ({"status": "rejected", "report": SLUG}, ["3", "1"]),
        ({"status": ["rejected", "noted"], "theme": "send-workforce", "report": SLUG}, ["5", "3", "1"]),
        ({"q": "SENCO", "report": SLUG}, ["2", "1"]),
        ({"kind": "conclusion"}, ["5"]),
    ],
)
def test_feed_takes_the_list_filters(client, query, numbers):
    build_report(5)
    build_report(2, slug="another-report")
    feed = parse(client.get(URL, query))
    found = [title.split(" ")[1] for title in titles(feed)]
    assert found == numbers
    assert feed.findtext(f"{ATOM}title").startswith("Status changes: ")


def test_feed_links_to_the_same_list(client):
    build_report(2)
    feed = parse(client.get(URL, {"theme": "funding", "page": "3"}))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/recommendations/?theme=funding"
    assert links["self"] == "http://testserver/feeds/?theme=funding"
    assert feed.findtext(f"{ATOM}title") == "Status changes: theme Funding"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "bogus"}, "Status: there is no status “bogus”."),
        ({"theme": "no-such-theme"}, "Theme: there is no theme “no-such-theme”."),
        ({"report": "no-such-report"}, "Report: there is no report “no-such-report”."),
        ({"addressed_to": "nobody"}, "Addressed to: there is no body “nobody”."),
        ({"ordering": "sideways"}, "Order: “sideways” is not an ordering"),
    ],
)
def test_bad_values_give_a_plain_message(client, query, message):
    build_report(2)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "99999"},
        {"q": "SENCO " * 1000},
        {"q": "SENCO\x00\x01\x1b"},
        {"q": '日本語 🙂 \u202e "unbalanced -( OR'},
        {"report": "\x00"},
    ],
)
def test_bad_input_never_fails(client, query):
    build_report(2)
    parse(client.get(URL, query))


# The status entries with their recommendation, report and review; one more query per slug filter to check it.
FEED_QUERIES = [
    ({}, 1),
    ({"status": "rejected", "q": "SENCO"}, 1),
    ({"theme": "funding"}, 2),
    ({"report": SLUG, "addressed_to": "department-for-education", "kind": "recommendation"}, 3),
]


@pytest.mark.parametrize("size", [3, 300])
def test_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries, size):
    build_report(size)
    for query, expected in FEED_QUERIES:
        with django_assert_num_queries(expected):
            feed = parse(client.get(URL, query))
        assert entries(feed), query


@pytest.mark.django_db
@pytest.mark.parametrize(
    "feed, url, params",
    [
        (StatusChangeFeed, "/feeds/", {"status": "accepted"}),
        (CommitmentFeed, "/commitments/feed/", {"state": "met"}),
        (AwaitedFeed, "/responses/awaited/feed/", {"house": "House of Commons"}),
    ],
)
def test_a_feed_keeps_nothing_of_one_request_for_the_next(rf, feed, url, params):
    """One Feed instance answers every request, in every thread: a request's filters live on the request only."""
    instance = feed()
    before = dict(vars(instance))
    assert instance(rf.get(url, params)).status_code == 200
    assert vars(instance) == before
