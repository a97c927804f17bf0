"""The recommendations list: filters, facet counts, search, pagination, bad input and its query budget."""

import datetime
import io
import json
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from intake.management.commands.load_send_data import RESPONSE
from recommendations.models import Body, Recommendation, Reply, Report, Status, StatusEntry
from recommendations.search import search
from tests.builders import REPLY_TEXTS, build_report

pytestmark = pytest.mark.django_db
URL = "/recommendations/"
SLUG = "special-educational-needs-and-disabilities"
# build_report gives recommendation n the status STATUSES[(n - 1) % 5] (rejected, under consideration, rejected,
# under review, noted), the theme send-workforce when n is odd and funding when it is even, the kind conclusion
# when it is noted, and addresses each to the Department for Education.


def numbers(response) -> list[str]:
    return [recommendation.number for recommendation in response.context["rows"]]


def facet(response, name) -> dict[str, int]:
    return {option.value: option.count for f in response.context["facets"] if f.name == name for option in f.options}


class Outline(HTMLParser):
    """Headings, form controls, labels and links of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.controls, self.labels, self.links = [], [], set(), []
        self.in_legend = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs.get("id"))
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        elif tag == "a":
            self.links.append(attrs.get("href"))


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def query_of(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


def test_lists_every_recommendation_in_report_order(client):
    build_report(5)
    response = client.get(URL)
    assert response.status_code == 200
    assert numbers(response) == ["1", "2", "3", "4", "5"]
    content = response.content.decode()
    assert "5 recommendations" in content
    assert "Recommendation 1</a>" in content and "Conclusion 5</a>" in content
    assert 'class="status status-under_review">Under SEND Review<' in content
    assert "The SEND workforce</a>" in content and "Special educational needs and disabilities (HC 20)" in content


def test_page_is_accessible_in_structure(client):
    build_report(3)
    page = outline(client.get(URL, {"status": "rejected", "q": "SENCO"}))
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(page.headings, page.headings[1:], strict=False))
    assert page.controls and all(control in page.labels for control in page.controls)
    content = client.get(URL).content.decode()
    # The six facets, and the follow form's frequency.
    assert content.count("<fieldset") == content.count("<legend>") == 7


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "rejected"}, ["1", "3"]),
        ({"status": ["rejected", "noted"]}, ["1", "3", "5"]),
        ({"theme": "funding"}, ["2", "4"]),
        ({"theme": ["funding", "send-workforce"]}, ["1", "2", "3", "4", "5"]),
        ({"kind": "conclusion"}, ["5"]),
        ({"addressed_to": "department-for-education"}, ["1", "2", "3", "4", "5"]),
        ({"report": SLUG}, ["1", "2", "3", "4", "5"]),
        ({"theme": "send-workforce", "status": "rejected", "kind": "recommendation"}, ["1", "3"]),
    ],
)
def test_filters(client, query, expected):
    build_report(5)
    assert numbers(client.get(URL, query)) == expected


def test_a_recommendation_matching_two_values_appears_once(client):
    build_report(3)
    recommendation = Recommendation.objects.get(number="1")
    recommendation.themes.add(*recommendation.report.recommendations.get(number="2").themes.all())
    response = client.get(URL, {"theme": ["funding", "send-workforce"]})
    assert numbers(response) == ["1", "2", "3"]
    assert response.context["page"].paginator.count == 3


def test_report_filter_keeps_to_one_report(client):
    build_report(3)
    build_report(2, slug="another-report")
    assert len(numbers(client.get(URL))) == 5
    response = client.get(URL, {"report": "another-report"})
    assert [(r.report.slug, r.number) for r in response.context["rows"]] == [
        ("another-report", "1"),
        ("another-report", "2"),
    ]


def test_facet_counts_each_option_under_the_other_filters(client):
    build_report(5)
    response = client.get(URL, {"status": "rejected"})
    # Themes are counted among the rejected (1 and 3), statuses among all (no other filter).
    assert facet(response, "theme") == {"funding": 0, "send-workforce": 2}
    assert list(facet(response, "theme")) == ["funding", "send-workforce"]  # by name: Funding, The SEND workforce
    assert list(facet(response, "status")) == Status.values
    assert facet(response, "status")["rejected"] == 2 and facet(response, "status")["noted"] == 1
    assert facet(response, "kind") == {"conclusion": 0, "recommendation": 2}

    response = client.get(URL, {"theme": "funding", "status": "rejected"})
    assert numbers(response) == []
    assert facet(response, "status") == {
        "awaiting_response": 0,
        "accepted": 0,
        "accepted_in_principle": 0,
        "partially_accepted": 0,
        "under_review": 1,
        "under_consideration": 1,
        "noted": 0,
        "rejected": 0,
    }
    assert facet(response, "theme") == {"funding": 0, "send-workforce": 2}
    content = response.content.decode()
    assert 'name="theme" value="funding" checked' in content
    assert 'Under consideration <span class="count">(1)</span>' in content


def test_bodies_never_addressed_are_not_options(client):
    build_report(2)
    assert Body.objects.filter(slug="government").exists()
    response = client.get(URL)
    assert facet(response, "addressed_to") == {"department-for-education": 2}


def test_active_filters_are_links_that_remove_one_value(client):
    build_report(5)
    response = client.get(URL, {"status": ["rejected", "noted"], "theme": "send-workforce", "q": "SENCO", "page": "1"})
    active = {item["label"]: item["url"] for item in response.context["active_filters"]}
    assert set(active) == {"Status: Rejected", "Status: Noted", "Theme: The SEND workforce", "Words: “SENCO”"}
    assert query_of(active["Status: Rejected"]) == [("q", "SENCO"), ("status", "noted"), ("theme", "send-workforce")]
    assert query_of(active["Words: “SENCO”"]) == [
        ("status", "noted"),
        ("status", "rejected"),
        ("theme", "send-workforce"),
    ]
    assert all(urlsplit(url).path == URL for url in active.values())


def test_export_and_feed_links_carry_exactly_this_list(client):
    build_report(3)
    response = client.get(URL, {"status": ["rejected", "noted"], "theme": "send-workforce", "page": "1"})
    links = [link for link in outline(response).links if link and link.split("?")[0] != URL]
    expected = [("status", "noted"), ("status", "rejected"), ("theme", "send-workforce")]
    for path in ["/recommendations/export.csv", "/recommendations/export.json", "/feeds/"]:
        matching = [link for link in links if link.startswith(path + "?")]
        assert matching and all(query_of(link.replace("&amp;", "&")) == expected for link in matching), path


def test_pagination_keeps_the_filters(client):
    build_report(60)
    response = client.get(URL, {"theme": "send-workforce"})
    assert response.context["page"].paginator.count == 30
    assert len(numbers(response)) == 25
    next_links = [link for link in outline(response).links if link and "page=2" in link]
    assert next_links and all(
        ("theme", "send-workforce") in query_of(link.replace("&amp;", "&")) for link in next_links
    )
    second = client.get(URL, {"theme": "send-workforce", "page": "2"})
    assert numbers(second) == [str(n) for n in range(51, 61, 2)]


def test_bad_page_numbers_give_the_first_or_last_page(client):
    build_report(30)
    assert client.get(URL, {"page": "abc"}).context["page"].number == 1
    assert client.get(URL, {"page": "99999"}).context["page"].number == 2
    assert client.get(URL, {"page": "-1"}).context["page"].number == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "bogus"}, "Status: there is no status “bogus”."),
        ({"status": ["rejected", "bogus"]}, "Status: there is no status “bogus”."),
        ({"theme": "no-such-theme"}, "Theme: there is no theme “no-such-theme”."),
        ({"addressed_to": "nobody"}, "Addressed to: there is no body “nobody”."),
        ({"report": "no-such-report"}, "Report: there is no report “no-such-report”."),
        ({"kind": "opinion"}, "Kind: there is no kind “opinion”."),
        ({"theme": "fund\x00ing"}, "Theme: there is no theme “fund ing”."),
    ],
)
def test_a_value_that_names_nothing_gives_no_results_and_says_so(client, query, message):
    build_report(3)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert numbers(response) == []
    assert message in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert message in response.context["notices"]
    assert "No recommendations are shown" in response.content.decode()


def test_an_unknown_ordering_falls_back_to_report_order_and_says_so(client):
    build_report(3)
    response = client.get(URL, {"ordering": "sideways", "status": "rejected"})
    assert response.status_code == 200
    assert numbers(response) == ["1", "3"]
    assert response.context["notices"][0].startswith("Order: “sideways” is not an ordering")
    assert "sideways" not in response.context["export_query"]
    assert all("sideways" not in link for link in outline(response).links if link)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "SENCO " * 1000},
        {"q": "x" * 5000},
        {"q": "SENCO\x00\x01\x07\x1b\x7f"},
        {"q": "\x00"},
        {"q": "Ünïcödé — ‘quotes’ 日本語 🙂 \u202e"},
        {"q": "\"unbalanced -(quote OR & | ! :* <-> '"},
        {"q": "%_\\"},
        {"theme": "\x00", "report": "\x00", "addressed_to": "x" * 5000, "status": "\x00"},
        {"page": "\x00", "ordering": "\x00"},
        {"q": "SENCO", "ordering": "relevance", "page": "99999"},
    ],
)
def test_bad_input_never_fails(client, query):
    build_report(3)
    response = client.get(URL, query)
    assert response.status_code == 200


def test_a_long_search_is_cut_and_says_so(client):
    build_report(3)
    response = client.get(URL, {"q": "SENCO " * 1000})
    assert any("too long" in notice for notice in response.context["notices"])
    assert numbers(response) == ["1", "2"]


def test_control_characters_are_removed_from_the_search(client):
    build_report(3)
    assert client.get(URL, {"q": "SEN\x00CO\tnetwork"}).context["words"] == "SEN CO network"
    assert numbers(client.get(URL, {"q": "\x00SENCO\x07"})) == ["1", "2"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("SENCO", ["1", "2"]),
        ("senco", ["1", "2"]),
        ("biennial", ["3"]),
        ("SENCO network", ["2"]),  # "network" is only in the reply to 2
        ("essential", ["4"]),  # only in the reply to 4
        ("cold spots therapy", ["4"]),
        ("nowhere-to-be-found", []),
    ],
)
def test_search_over_recommendations_and_replies(client, words, expected):
    build_report(5)
    assert sorted(numbers(client.get(URL, {"q": words}))) == expected


def test_words_in_the_recommendation_rank_above_words_in_a_reply(client):
    build_report(5)
    report = Recommendation.objects.get(number="2").report
    reply = Reply.objects.create(
        report=report, position=6, responder=Body.objects.get(slug="government"), text=REPLY_TEXTS[2]
    )
    reply.recommendations.add(Recommendation.objects.get(number="2"))
    assert numbers(client.get(URL, {"q": "biennial"})) == ["3", "2"]
    assert numbers(client.get(URL, {"q": "biennial", "ordering": "report"})) == ["2", "3"]


def test_orderings(client):
    build_report(5)
    assert numbers(client.get(URL, {"ordering": "status"})) == ["4", "2", "5", "1", "3"]
    from recommendations.services.status import record_status

    record_status(
        recommendation=Recommendation.objects.get(number="5"),
        status=Status.ACCEPTED,
        effective_on=datetime.date(2021, 3, 1),
    )
    assert numbers(client.get(URL, {"ordering": "changed"})) == ["5", "1", "2", "3", "4"]
    response = client.get(URL, {"ordering": "relevance"})  # relevance means nothing without a search
    assert numbers(response) == ["1", "2", "3", "4", "5"]
    assert response.context["ordering"] == "report"
    assert client.get(URL, {"q": "SENCO"}).context["ordering"] == "relevance"


def test_search_shows_highlighted_escaped_snippets(client):
    report = build_report(2)
    Recommendation.objects.create(
        report=report,
        number="3",
        position=3,
        kind="recommendation",
        text='SENCO budgets < 5% & "rising" <script>alert(1)</script>',
    )
    response = client.get(URL, {"q": "SENCO"})
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<mark>SENCO</mark> budgets &lt; 5% &amp; &quot;rising&quot;" in content
    assert "<mark>SENCO" in content
    # A match in a reply is shown as such.
    response = client.get(URL, {"q": "network"})
    assert "In the replies:" in response.content.decode()
    assert "<mark>network</mark>" in response.content.decode()


# The page's rows and their themes; one query to check the slugs of each of theme, addressed_to and report given;
# unfiltered, the count and one query per facet; filtered or searched, one query counting the results, the facets
# not in use over them and each facet in use over the results of the other filters, then one listing each of the
# themes, bodies and reports.
LIST_QUERIES = [
    ({}, 9),
    ({"status": ["rejected", "noted"]}, 7),
    ({"theme": "funding", "status": ["under_consideration", "noted"]}, 7),
    ({"q": "SENCO"}, 6),
    ({"q": "SENCO", "ordering": "report", "page": "2"}, 6),
    ({"report": SLUG, "kind": "recommendation", "ordering": "status"}, 7),
    ({"addressed_to": "department-for-education", "theme": "send-workforce", "ordering": "changed"}, 8),
    ({"implementation": "not_assessed", "status": "rejected"}, 6),
]


@pytest.mark.parametrize("size", [3, 300])
def test_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries, size):
    build_report(size)
    for query, expected in LIST_QUERIES:
        with django_assert_num_queries(expected):
            response = client.get(URL, query)
        assert response.status_code == 200 and numbers(response), query


def test_full_text_search_is_used_on_postgresql(client):
    build_report(5)
    response = client.get(URL, {"q": "therapies"})  # English stemming: "therapies" finds "therapy"
    found = numbers(response)
    if connection.vendor == "postgresql":
        assert found == ["4"]
        assert "<mark>therapy</mark>" in response.content.decode()
    else:
        assert found == ["4"]  # the reply to 4 says "therapies"


@pytest.fixture
def send_response():
    """The real SEND government response, through its importer."""
    call_command("import_response", str(RESPONSE), stdout=io.StringIO())
    return Report.objects.get(slug=SLUG)


@pytest.mark.parametrize(("words", "expected"), [("SENCO", ["18", "19"]), ("biennial", ["35"])])
def test_search_in_the_real_response(client, send_response, words, expected):
    assert sorted(numbers(client.get(URL, {"q": words})), key=int) == expected


def test_status_filter_in_the_real_response_gives_the_importers_suggestions(client, send_response):
    suggested = set(
        StatusEntry.objects.filter(recorded_by_import=True, status=Status.REJECTED).values_list(
            "recommendation__number", flat=True
        )
    )
    assert {"18", "35"} <= suggested
    response = client.get(URL, {"status": "rejected"})
    assert set(numbers(response)) == suggested
    assert response.context["page"].paginator.count == len(suggested)
    exported = json.loads(
        b"".join(client.get("/recommendations/export.json", {"status": "rejected"}).streaming_content)
    )
    assert {result["number"] for result in exported["results"]} == suggested


@pytest.mark.django_db
def test_the_list_pages_through_the_first_results_only_and_says_so(client, monkeypatch):
    monkeypatch.setattr("recommendations.views.listing.MAX_PAGES", 2)
    monkeypatch.setattr("recommendations.views.listing.LISTED", 50)
    build_report(60)
    narrowed = {"report": "special-educational-needs-and-disabilities"}
    first = client.get("/recommendations/", narrowed)
    html = first.content.decode()
    assert "50+ recommendations" in html and "Page 1 of 2" in html
    assert "Only the first 50 can be shown page by page" in html

    deep = client.get("/recommendations/", {**narrowed, "page": "9"})
    assert deep.status_code == 200
    assert deep.context["page"].number == 2
    assert "Only the first 2 pages can be shown" in deep.content.decode()

    few = client.get("/recommendations/", {**narrowed, "kind": "conclusion"}).context
    assert few["count_shown"] == str(few["page"].paginator.count) and few["page"].paginator.count < 50


def test_implementation_filter_and_its_facet_counts(client):
    from recommendations.models import Basis
    from recommendations.services.implementation import record_implementation

    build_report(5)
    for number in ("1", "2"):
        record_implementation(
            recommendation=Recommendation.objects.get(number=number),
            implementation="implemented",
            basis=Basis.VERIFIED,
            effective_on=datetime.date(2021, 1, 4),
            note="Done.",
        )
    response = client.get(URL, {"implementation": "implemented"})
    assert numbers(response) == ["1", "2"]
    assert facet(response, "implementation")["not_assessed"] == 3  # counted under the other filters (none)
    response = client.get(URL, {"implementation": "implemented", "status": "rejected"})
    assert numbers(response) == ["1"]
    assert facet(response, "implementation") == {
        "not_assessed": 1,
        "not_started": 0,
        "in_progress": 0,
        "partially_implemented": 0,
        "implemented": 1,
        "not_implemented": 0,
        "superseded": 0,
    }
    bad = client.get(URL, {"implementation": "done"})
    assert bad.status_code == 200 and numbers(bad) == []
    assert "there is no implementation “done”" in bad.content.decode()


@pytest.mark.django_db
def test_a_search_with_more_results_than_listed_is_shown_in_report_order_and_its_facets_count_at_least(
    client, monkeypatch
):
    monkeypatch.setattr("recommendations.views.listing.LISTED", 3)
    monkeypatch.setattr("recommendations.facets.COUNTED_AT_MOST", 3)
    monkeypatch.setattr("recommendations.facets.FACETED_AT_MOST", 3)
    build_report(60)
    # The report facet in use counts the results of the search alone, as far as the others: at least too.
    ranked = client.get(URL, {"q": "SENCO", "report": SLUG})
    assert ranked.context["ordering"] == "report" and ranked.context["beyond"]
    assert any("shown in report order, not by relevance" in notice for notice in ranked.context["notices"])
    matching = Recommendation.objects.filter(pk__in=[row.pk for row in ranked.context["rows"]])
    assert [row.position for row in ranked.context["rows"]] == sorted(matching.values_list("position", flat=True))
    assert all(row.snippet or row.reply_snippet for row in ranked.context["rows"])
    counted = {f.name: f.at_least for f in ranked.context["facets"]}
    assert counted == {name: True for name in counted}
    assert "+)</span>" in ranked.content.decode()
    assert sum(facet(ranked, "status").values()) == 4  # FACETED_AT_MOST + 1 of them

    monkeypatch.setattr("recommendations.views.listing.LISTED", 10_000)
    monkeypatch.setattr("recommendations.facets.COUNTED_AT_MOST", 10_000)
    monkeypatch.setattr("recommendations.facets.FACETED_AT_MOST", 2_000)
    few = client.get(URL, {"q": "SENCO"})
    assert few.context["ordering"] == "relevance" and not any(f.at_least for f in few.context["facets"])
    assert few.context["page"].paginator.count == (matched := search(Recommendation.objects.all(), "SENCO").count())

    # The facets stop before the list's count does: the count stays exact, the facets say "at least".
    monkeypatch.setattr("recommendations.facets.FACETED_AT_MOST", 3)
    faceted = client.get(URL, {"q": "SENCO", "status": "rejected"})
    rejected = search(Recommendation.objects.filter(status="rejected"), "SENCO").count()
    assert rejected > 4 and faceted.context["page"].paginator.count == rejected
    assert all(f.at_least for f in faceted.context["facets"])
    assert sum(facet(faceted, "kind").values()) == 4 and sum(facet(faceted, "status").values()) == 4 < matched
