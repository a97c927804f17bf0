"""Hostile input: generated query strings and paths never make a server error, and hostile text is shown escaped.

The property tests send every public URL query strings that Hypothesis builds: random and known keys, repeated
keys, unicode, control characters, invalid UTF-8, very long values, unknown orderings and odd `page` values.
The number of requests sent is written to test-artifacts/hypothesis-count.txt.
"""

import collections
import datetime
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations.models import Body, Recommendation, Reply, Theme, WrittenQuestion
from tests.builders import build_report

ROOT = Path(__file__).resolve().parents[2]
REPORT = "special-educational-needs-and-disabilities"
QUESTION = "send-improvement-plan-health-and-social-services"

LISTING_URLS = ["/recommendations/", "/recommendations/export.csv", "/recommendations/export.json", "/feeds/"]
PAGE_URLS = [
    "/",
    f"/reports/{REPORT}/",
    f"/reports/{REPORT}/1/",
    "/themes/",
    "/themes/send-workforce/",
    "/sitemap.xml",
    "/robots.txt",
]
QUESTION_URLS = ["/questions/", f"/questions/{QUESTION}/"]

KNOWN_KEYS = [
    "q",
    "status",
    "theme",
    "addressed_to",
    "report",
    "kind",
    "ordering",
    "page",
    "department",
    "house",
    "format",
    "o",
    "csrfmiddlewaretoken",
]
KNOWN_VALUES = [
    "accepted",
    "under_review",
    "noted",
    "conclusion",
    "recommendation",
    REPORT,
    "send-workforce",
    "funding",
    "department-for-education",
    "report",
    "status",
    "changed",
    "relevance",
    "-position",
    "report__committee__name",
    "__class__",
    "pk",
    "?",
    "",
    "0",
    "-1",
    "1e9",
    "nan",
    "last",
    "99999999999999999999999999",
    "%",
    "%%",
    "&",
    "=",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202eevil",
    "\x00",
    "a:b",
    "*",
    "NOT",
    '"unterminated',
]

sent = collections.Counter()


@pytest.fixture(scope="module", autouse=True)
def record_request_count():
    yield
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    lines = [f"{group}: {count}" for group, count in sorted(sent.items())]
    lines.append(f"total: {sum(sent.values())} generated requests ({connection.vendor})")
    (artifacts / "hypothesis-count.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture
def site(db):
    """Three recommendations with replies, themes, bodies and histories, and a written question (seed words)."""
    report = build_report(3)
    question = WrittenQuestion.objects.create(
        key=QUESTION,
        department="Department of Health and Social Care",
        answering_member="Neil O'Brien",
        asked_on=datetime.date(2023, 3, 23),
        answered_on=datetime.date(2023, 3, 29),
        heading="Special Educational Needs: Health and Social Services",
        question_text="To ask the Secretary of State for Health and Social Care, what steps he is taking to help "
        "ensure improved engagement and support for children and families from health and social care services "
        "as part of the SEND Improvement Plan.",
        answer_text="We are working closely with the Department for Education to implement actions set out in the "
        "Special Educational Needs and Disability (SEND) and Alternative Provision Implementation Plan.",
    )
    question.themes.add(Theme.objects.get(slug="send-workforce"))
    question.recommendations.add(report.recommendations.first())
    return report


# Values: unicode (no lone surrogates: they cannot be sent), control characters, raw bytes (often invalid
# UTF-8), numbers, very long runs, and the known vocabulary.
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
values = st.one_of(
    st.sampled_from(KNOWN_VALUES),
    texts,
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=10),
    st.binary(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.builds(lambda piece, n: piece * n, st.sampled_from(["a", "é", "\u202e", "%", " ", "€ "]), st.integers(1, 6000)),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), texts, st.binary(max_size=10))
pairs = st.lists(st.tuples(keys, values), max_size=12)
# Repeated keys: several values for one key.
repeated = st.builds(
    lambda key, many: [(key, value) for value in many], st.sampled_from(KNOWN_KEYS), st.lists(values, max_size=8)
)
query_strings = st.builds(lambda a, b: a + b, pairs, repeated).map(
    lambda items: "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in items)
)


def fetch(client, url, query, group):
    """GET url?query and read all of it (exports stream): the test client raises any exception of the view."""
    sent[group] += 1
    response = client.get(f"{url}?{query}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code < 500, (url, query, response.status_code, body[:300])
    return response


PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_SETTINGS
@given(query=query_strings)
def test_list_exports_and_feed_never_fail(client, site, query):
    for url in LISTING_URLS:
        fetch(client, url, query, "list, exports and feed")


@PROPERTY_SETTINGS
@given(query=query_strings)
def test_pages_never_fail(client, site, query):
    for url in PAGE_URLS:
        fetch(client, url, query, "home, report, recommendation, themes, sitemap, robots")


@PROPERTY_SETTINGS
@given(query=query_strings)
def test_question_pages_never_fail(client, site, query):
    for url in QUESTION_URLS:
        fetch(client, url, query, "questions")


segments = st.one_of(st.sampled_from(["1", "01", "1.0", "0", "-1", "8.12", REPORT, "send-workforce"]), texts)


@settings(PROPERTY_SETTINGS, max_examples=100)
@given(first=segments, second=segments)
def test_generated_paths_are_not_found_rather_than_failing(client, site, first, second):
    first, second = quote(first, safe="") or "x", quote(second, safe="") or "x"
    for url in [f"/reports/{first}/", f"/reports/{REPORT}/{second}/", f"/reports/{first}/{second}/"]:
        fetch(client, url, "", "generated paths")
    for url in [f"/themes/{first}/", f"/questions/{first}/"]:
        fetch(client, url, "", "generated paths")


# Hostile text, shown escaped. The strings below are test fixtures for escaping: hostile input, not data
# shown to anyone.

HOSTILE = "<script>alert(1)</script> &amp; &lt;b&gt; \u202eHOSTILE-RTL"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_shown_escaped(body: str):
    assert "<script>" not in body and "alert(1)</script>" not in body
    assert ESCAPED in body
    assert "&amp;amp;" in body  # an entity in the text is shown as typed, not interpreted
    assert "&lt;b&gt;" not in body.replace("&amp;lt;b&amp;gt;", "")
    assert "\u202eHOSTILE-RTL" in body  # kept as text, neither stripped nor turned into markup


@pytest.fixture
def hostile_site(site):
    recommendation = site.recommendations.get(number="1")
    Recommendation.objects.filter(pk=recommendation.pk).update(text=f"HOSTILE INPUT FIXTURE {HOSTILE}")
    body = Body.objects.create(name=f"Hostile body {HOSTILE}", slug="hostile-body")
    recommendation.addressed_to.add(body)
    theme = Theme.objects.create(name=f"Hostile theme {HOSTILE}", slug="hostile-theme", description=HOSTILE)
    recommendation.themes.add(theme)
    reply = Reply.objects.create(report=site, position=99, responder=body, heading=HOSTILE, text=HOSTILE)
    reply.recommendations.add(recommendation)
    question = WrittenQuestion.objects.create(
        key="hostile-input-fixture",
        heading=f"Hostile heading {HOSTILE}",
        question_text=f"Hostile question {HOSTILE}",
        answer_text=f"Hostile answer {HOSTILE}",
        asking_member=HOSTILE,
        department=HOSTILE,
    )
    question.recommendations.add(recommendation)
    question.themes.add(theme)
    return site


@pytest.mark.parametrize(
    "url",
    [
        f"/reports/{REPORT}/1/",
        f"/reports/{REPORT}/",
        "/recommendations/",
        "/recommendations/?q=HOSTILE",
        "/themes/hostile-theme/",
        "/questions/",
        "/questions/hostile-input-fixture/",
    ],
)
def test_hostile_text_is_shown_escaped(client, hostile_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_shown_escaped(response.content.decode())


def test_hostile_text_in_sanitised_html_answers_is_not_run(client, hostile_site):
    """An answer stored as HTML is shown as HTML, but never with a script in it, whoever typed it."""
    WrittenQuestion.objects.filter(key="hostile-input-fixture").update(
        answer_is_html=True, answer_text=f"<p>Hostile answer</p>{HOSTILE}<img src=x onerror=alert(2)>"
    )
    body = client.get("/questions/hostile-input-fixture/").content.decode()
    assert "<script>" not in body and "onerror" not in body


def test_hostile_text_in_the_exports_and_feed_stays_data(client, hostile_site):
    data = client.get("/recommendations/export.json")
    results = json.loads(b"".join(data.streaming_content) if data.streaming else data.content)
    assert any(HOSTILE in result["text"] for result in results["results"])
    feed = client.get("/feeds/").content.decode()
    assert "<script>" not in feed
