"""Public pages: conditional GET, the page cache, and never a stale page after a write (two gunicorn workers)."""

import concurrent.futures
import datetime
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils.http import http_date

from bench import serve
from recommendations import freshness
from recommendations.models import Recommendation, Status, Theme
from recommendations.services.status import record_status
from tests.builders import build_report
from tests.site.conftest import manage
from tests.site.public_pages import settle_versions

SLUG = "special-educational-needs-and-disabilities"
PUBLIC_PAGES = [
    "/",
    "/recommendations/",
    "/recommendations/?status=rejected&q=local",
    f"/reports/{SLUG}/",
    f"/reports/{SLUG}/2/",
    "/themes/",
    "/themes/send-workforce/",
    "/questions/",
    "/feeds/",
    "/sitemap.xml",
    "/robots.txt",
    "/recommendations/export.csv",
]


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True
    caches["default"].clear()


def change_status(recommendation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_status(
            recommendation=recommendation,
            status=Status.ACCEPTED if recommendation.status != Status.ACCEPTED else Status.NOTED,
            effective_on=datetime.date.today(),
            note="Test change.",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_carries_validators_and_answers_a_conditional_get_with_304(client, path):
    build_report(3)
    settle_versions(freshness.SITE, freshness.LISTS, freshness.report_token(SLUG))
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert (
        "public" in first["Cache-Control"]
        and f"max-age={django_settings.PUBLIC_PAGE_MAX_AGE}" in first["Cache-Control"]
    )

    by_etag = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert by_etag.status_code == 304 and by_etag["ETag"] == first["ETag"]
    by_date = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304
    older = http_date(datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert client.get(path, headers={"If-Modified-Since": older}).status_code == 200
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.django_db
def test_a_write_gives_every_page_a_new_version(client, django_capture_on_commit_callbacks):
    report = build_report(3)
    before = client.get(f"/reports/{SLUG}/")
    change_status(report.recommendations.get(number="2"), django_capture_on_commit_callbacks)
    after = client.get(f"/reports/{SLUG}/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


@pytest.mark.django_db
def test_the_page_cache_serves_a_page_until_the_data_changes(client, page_cache, django_capture_on_commit_callbacks):
    report = build_report(3)
    recommendation = report.recommendations.get(number="2")
    path = recommendation.get_absolute_url()
    assert client.get(path).status_code == 200
    Recommendation.objects.filter(pk=recommendation.pk).update(text="Written behind the site's back.")
    assert "behind the site" not in client.get(path).content.decode()  # served from the cache

    change_status(recommendation, django_capture_on_commit_callbacks)  # any announced write
    assert "behind the site" in client.get(path).content.decode()


@pytest.mark.django_db
def test_an_editors_save_in_the_admin_refreshes_the_pages(
    client, editor_client, page_cache, django_capture_on_commit_callbacks
):
    build_report(3)
    theme = Theme.objects.get(slug="send-workforce")
    assert theme.name in client.get("/themes/").content.decode()
    change = f"/{django_settings.ADMIN_URL}recommendations/theme/{theme.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change, {"name": "Renamed by an editor", "slug": theme.slug, "description": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Renamed by an editor" in client.get("/themes/").content.decode()


@pytest.mark.django_db
def test_editors_browsers_are_asked_to_check_again(editor_client):
    build_report(3)
    response = editor_client.get("/themes/")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_lost_version_is_replaced(client):
    build_report(3)
    etag = client.get("/themes/")["ETag"]
    caches["freshness"].delete(f"version:{freshness.SITE}")
    assert client.get("/themes/", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.django_db
def test_the_admin_is_neither_cached_nor_versioned(editor_client):
    response = editor_client.get(f"/{django_settings.ADMIN_URL}")
    assert response.status_code == 200 and "ETag" not in response


# Two gunicorn workers on a database of their own, the page cache on, a write from another process.


def pages_from_every_worker(port: int, path: str, rounds: int = 6) -> set[bytes]:
    """The bodies the workers answer for `path`, asked four at a time so that both workers answer."""
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: serve.get(port, path, timeout=30), range(4 * rounds)))
    assert {answer.status for answer in answers} == {200}
    return {answer.body for answer in answers}


@pytest.mark.django_db
def test_no_worker_serves_a_stale_page_after_a_write(workers_database, tmp_path):
    env = serve.site_environment(
        workers_database,
        static_root=str(tmp_path / "static"),
        DJANGO_FRESHNESS_DIR=str(tmp_path / "freshness"),
        DJANGO_PAGE_CACHE="1",
    )
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_send_data")
    port = serve.free_port()
    server = serve.start_gunicorn(env, port, Path(tempfile.gettempdir()) / f"tracker-freshness-{port}.log")
    try:
        path = f"/reports/{SLUG}/18/"
        (before,) = pages_from_every_worker(port, path)
        assert b"Rejected" in before
        manage(env, "shell", "-c", UNANNOUNCED_EDIT_OF_18)
        # The page cache is in use: a worker that built the page before the edit still serves it. (Which workers
        # answered the first round is up to the kernel, so one of them may build the page afresh.)
        assert before in pages_from_every_worker(port, path)

        kinds = [f"/reports/{SLUG}/", *EVERY_KIND]
        before_kinds = {kind: pages_from_every_worker(port, kind) for kind in kinds}
        manage(env, "shell", "-c", CHANGE_STATUS_OF_18)
        (after,) = pages_from_every_worker(port, path)
        assert b"Changed by another process" in after and b"behind the site" in after
        for kind in kinds:
            (now,) = pages_from_every_worker(port, kind)
            assert now not in before_kinds[kind], kind  # the status shows, or the page counts it

        (listed,) = pages_from_every_worker(port, "/recommendations/")
        manage(env, "generate_demo_data", "--recommendations", "5", "--force")
        (listed_after,) = pages_from_every_worker(port, "/recommendations/")
        assert listed_after != listed and b"Demo:" in listed_after
    finally:
        serve.stop_gunicorn(server)


# A page of each kind that shows recommendation 18's status, or counts statuses.
EVERY_KIND = [
    "/",
    "/recommendations/",
    "/recommendations/?status=accepted",
    "/recommendations/export.json",
    "/recommendations/export.csv",
    "/feeds/",
    "/themes/",
]
UNANNOUNCED_EDIT_OF_18 = """
from recommendations.models import Recommendation
Recommendation.objects.filter(report__slug="special-educational-needs-and-disabilities", number="18").update(
    text="Edited behind the site's back.")
"""
CHANGE_STATUS_OF_18 = """
import datetime
from recommendations.models import Recommendation
from recommendations.services.status import record_status
recommendation = Recommendation.objects.get(report__slug="special-educational-needs-and-disabilities", number="18")
record_status(recommendation=recommendation, status="accepted", effective_on=datetime.date.today(),
              note="Changed by another process.")
"""
