"""Which pages are cached, what a change throws away, and the cache turned against visitors: hostile hosts,
junk parameters, memory, same-second changes."""

import csv
import datetime
import io
import json
import math
import time
import uuid

import pytest
from django.core.cache import caches
from django.utils.http import http_date

from recommendations import freshness
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import Theme
from recommendations.services.status import record_status
from tests.builders import build_report
from tests.site.public_pages import named_views, settle_versions
from tracker.caches import BoundedMemoryCache

SLUG = "special-educational-needs-and-disabilities"
OTHER = "another-report"
CACHEABLE = {
    "home",
    "recommendation_list",
    "export_csv",
    "export_json",
    "feed",
    "report_detail",
    "recommendation_detail",
    "theme_list",
    "theme_detail",
    "question_list",
    "question_detail",
    "commitment_list",
    "commitment_feed",
    "review_list",
    "review_detail",
    "robots_txt",
    "sitemap",
    "sitemap_page",
    "committee_list",
    "committee_detail",
    "department_list",
    "department_detail",
    "awaited_list",
    "awaited_feed",
    "timeliness_csv",
}
NEVER_CACHED = {"alerts:follow", "alerts:confirm", "alerts:manage", "alerts:unsubscribe"}
# The read API opts in by its prefix /api/v1/ (freshness.public_prefix): its views check their own parameters,
# and its unnamed catch-all answers unknown API paths. Its documentation page at /api/ is not cached.
UNDER_PUBLIC_PREFIX = {
    "api:api-root",
    "api:detail_operation",
    "api:list_deletions",
    "api:list_operation",
    "api:openapi-json",
    "None",
}
NOT_CACHED = {"api_docs"}


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True
    caches["default"].clear()


@pytest.fixture
def two_reports():
    first, second = build_report(3), build_report(2, slug=OTHER)
    return first, second


def change_status(recommendation, capture):
    with capture(execute=True):
        record_status(
            recommendation=recommendation,
            status="accepted" if recommendation.status != "accepted" else "noted",
            effective_on=datetime.date.today(),
            note="Test change.",
        )


def test_public_pages_opt_in_and_token_pages_are_never_cached():
    views = dict(named_views())
    opted_in = {name for name, view in views.items() if getattr(view, "public_page", None)}
    assert opted_in == CACHEABLE
    assert NEVER_CACHED <= set(views)
    admin = {name for name in views if name.startswith("admin:")}
    unclassified = set(views) - CACHEABLE - NEVER_CACHED - UNDER_PUBLIC_PREFIX - NOT_CACHED - admin
    assert not unclassified, "a new page: mark it @public_page, or list it here as never cached"


@pytest.mark.django_db
def test_the_unsubscribe_page_is_never_cached(client, page_cache):
    response = client.get("/alerts/unsubscribe/not-a-token/")
    assert "no-store" in response["Cache-Control"] and "ETag" not in response
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_a_change_of_one_report_keeps_the_other_reports_pages(
    client, page_cache, two_reports, django_capture_on_commit_callbacks
):
    first, _ = two_reports
    pages = [
        f"/reports/{SLUG}/",
        f"/reports/{SLUG}/2/",
        f"/reports/{OTHER}/",
        f"/reports/{OTHER}/1/",
        "/recommendations/",
        "/feeds/",
    ]
    for path in pages:
        assert client.get(path)["X-Page-Cache"] == "miss"
        assert client.get(path)["X-Page-Cache"] == "hit"

    change_status(first.recommendations.get(number="2"), django_capture_on_commit_callbacks)
    served = {path: client.get(path)["X-Page-Cache"] for path in pages}
    assert served == {
        f"/reports/{SLUG}/": "miss",
        f"/reports/{SLUG}/2/": "miss",
        f"/reports/{OTHER}/": "hit",
        f"/reports/{OTHER}/1/": "hit",
        "/recommendations/": "miss",
        "/feeds/": "miss",
    }
    assert "Test change." in client.get(f"/reports/{SLUG}/2/").content.decode()


@pytest.mark.django_db
def test_an_edit_that_is_not_of_recommendations_refreshes_every_page(
    client, page_cache, two_reports, django_capture_on_commit_callbacks
):
    pages = [f"/reports/{OTHER}/1/", "/themes/"]
    for path in pages:
        client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.filter(slug="send-workforce").update(name="Renamed theme")
        announce(Change(kind=ChangeKind.EDIT, summary="Theme renamed"))
    assert [client.get(path)["X-Page-Cache"] for path in pages] == ["miss", "miss"]
    assert "Renamed theme" in client.get(f"/reports/{OTHER}/1/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/feeds/", "/commitments/feed/", "/sitemap.xml", "/sitemaps/reports-1.xml", "/robots.txt"]
)
def test_a_hostile_host_header_plants_no_links_in_other_visitors_pages(client, settings, page_cache, two_reports, path):
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    for _ in range(3):
        hostile = client.get(path, HTTP_HOST="tracker.example.org:6666", HTTP_X_FORWARDED_PROTO="http")
        assert hostile.status_code == 200
    visitor = client.get(path, HTTP_HOST="tracker.example.org")
    assert visitor.status_code == 200
    assert b":6666" not in visitor.content
    assert b"tracker.example.org" in visitor.content or path == "/commitments/feed/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "redirected_to"),
    [
        ("/recommendations/?v=1&status=accepted", "/recommendations/?status=accepted"),
        ("/themes/?utm_source=mail", "/themes/"),
        (f"/reports/{SLUG}/?x=1", f"/reports/{SLUG}/"),
        ("/commitments/?state=open&junk=1&page=2", "/commitments/?state=open&page=2"),
        ("/recommendations/export.json?page=3&v=2", "/recommendations/export.json?page=3"),
    ],
)
def test_unknown_parameters_are_dropped_before_the_cache(client, page_cache, two_reports, asked, redirected_to):
    response = client.get(asked)
    assert response.status_code == 301 and response["Location"] == redirected_to
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_many_searches_keep_the_page_cache_within_its_bytes(client, settings, page_cache, two_reports):
    bound = 150_000
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tracker.caches.BoundedMemoryCache", "OPTIONS": {"MAX_BYTES": bound}},
    }
    for n in range(40):
        assert client.get(f"/recommendations/?q=word{n}")["X-Page-Cache"] == "miss"
    used = caches["default"].bytes_used
    assert 0 < used <= bound
    assert client.get("/recommendations/?q=word39")["X-Page-Cache"] == "hit"  # the most recent stay


def test_the_bounded_cache_drops_the_least_recently_used_first():
    cache = BoundedMemoryCache(f"bounded-{uuid.uuid4().hex}", {"OPTIONS": {"MAX_BYTES": 10_000}})
    for n in range(10):
        cache.set(f"page{n}", b"x" * 2_000)
        cache.get("page0")  # kept in use
    assert cache.bytes_used <= 10_000
    assert cache.get("page0") is not None and cache.get("page9") is not None
    assert cache.get("page1") is None
    cache.set("huge", b"x" * 20_000)
    assert cache.get("huge") is None and cache.bytes_used <= 10_000
    cache.clear()
    assert cache.bytes_used == 0


@pytest.mark.django_db
def test_no_304_on_if_modified_since_alone_within_the_second_of_a_change(client, two_reports):
    time.sleep(1.02 - time.time() % 1)  # just after a second begins
    freshness._renew([freshness.SITE])  # a change now
    within = client.get("/themes/")
    assert "Last-Modified" not in within
    this_second = http_date(math.floor(time.time()))
    assert client.get("/themes/", headers={"If-Modified-Since": this_second}).status_code == 200
    assert client.get("/themes/", headers={"If-None-Match": within["ETag"]}).status_code == 304

    time.sleep(1.02 - time.time() % 1)  # the second of the change is over
    later = client.get("/themes/")
    assert later["Last-Modified"] == this_second
    assert client.get("/themes/", headers={"If-Modified-Since": later["Last-Modified"]}).status_code == 304


@pytest.mark.django_db
def test_exports_answer_304_and_small_ones_are_cached(client, settings, page_cache, two_reports):
    settle_versions(freshness.SITE, freshness.LISTS)
    path = "/recommendations/export.json?report=" + SLUG
    first = client.get(path)
    body = b"".join(first.streaming_content) if first.streaming else first.content
    second = client.get(path)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == body and json.loads(body)["count"] == 3
    assert client.get(path, headers={"If-None-Match": second["ETag"]}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": second["Last-Modified"]}).status_code == 304

    settings.PUBLIC_PAGE_CACHE_MAX_BYTES = 100
    big = "/recommendations/export.csv"
    answers = [client.get(big) for _ in range(2)]
    assert [answer["X-Page-Cache"] for answer in answers] == ["miss", "miss"]
    bodies = {b"".join(answer.streaming_content) for answer in answers}
    assert len(bodies) == 1
    assert len(list(csv.reader(io.StringIO(bodies.pop().decode())))) == 6  # the header and every row


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["state=x&" * 500, "state=open&" * 21, "report=a&theme=b&responder=c&" * 14])
def test_the_commitments_list_and_feed_refuse_too_many_values(client, two_reports, query):
    for path in ("/commitments/", "/commitments/feed/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert "Too many values" in response.content.decode()
        assert "state=x" not in response.content.decode()
