"""The read API over HTTP: conditional GET, caching headers, CORS, no cookies, API keys and rate limits."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from api.models import ApiKey, digest
from api.throttle import hit
from parliament.records import save_department
from recommendations import freshness
from recommendations.models import Department
from tests.api.api_world import build_world
from tests.site.public_pages import settle_versions

pytestmark = pytest.mark.django_db
URL = "/api/v1/recommendations/"


def test_conditional_get_and_cache_headers(client):
    build_world(2)
    settle_versions(freshness.SITE, freshness.LISTS)
    first = client.get(URL)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60" and first["ETag"] and first["Last-Modified"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_department_changed_by_an_editor_or_the_sync_is_not_answered_from_the_cache(
    client, admin_client, django_capture_on_commit_callbacks
):
    build_world(1)
    url = "/api/v1/departments/"
    first = client.get(url)
    assert first.json()["results"][0]["name"] == "Department for Education"
    department = Department.objects.get()
    renamed = {"name": "Department for Education (England)", "slug": department.slug, "parliament_id": ""}
    change_url = f"/admin/recommendations/department/{department.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url, renamed).status_code == 302
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["results"][0] == {**first.json()["results"][0], "name": renamed["name"], "parliament_id": None}
    with django_capture_on_commit_callbacks(execute=True):
        save_department({"name": renamed["name"], "departmentId": 60})
    third = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    assert third.status_code == 200 and third.json()["results"][0]["parliament_id"] == 60


def test_cors_for_any_origin_no_cookies_no_csrf(client):
    build_world(1)
    response = client.get(URL, HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    preflight = client.options(
        URL, HTTP_ORIGIN="https://newsroom.example", HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization"
    )
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert client.post(URL, {"status": "accepted"}).status_code == 405  # read-only, and no CSRF token asked for
    head = client.head(URL)
    assert head.status_code == 200 and head.content == b""


def test_anonymous_clients_are_limited_per_address(client, settings):
    settings.API_ANONYMOUS_RATE_LIMIT = 3
    build_world(1)
    answers = [client.get("/api/v1/themes/", REMOTE_ADDR="203.0.113.9") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW
    assert refused.json()["detail"].startswith("Too many requests: 3 are allowed per 60 seconds")
    assert refused["Access-Control-Allow-Origin"] == "*" and refused["Cache-Control"] == "no-store"
    assert client.get("/api/v1/themes/", REMOTE_ADDR="203.0.113.10").status_code == 200  # another address


def test_keys_lift_the_limit_and_bad_keys_are_refused(client, settings):
    settings.API_ANONYMOUS_RATE_LIMIT = 1
    settings.API_KEY_RATE_LIMIT = 5
    build_world(1)
    row = ApiKey(name="Institute for Government")
    key = row.issue()
    row.save()
    assert row.hashed == digest(key) and key not in {row.hashed, row.prefix}
    statuses = [client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code for _ in range(3)]
    statuses += [client.get("/api/v1/themes/", HTTP_X_API_KEY=key).status_code for _ in range(3)]
    assert statuses == [200, 200, 200, 200, 200, 429]
    for headers in ({"HTTP_AUTHORIZATION": "Bearer trk_unknown"}, {"HTTP_AUTHORIZATION": "Basic abc"}):
        refused = client.get("/api/v1/themes/", **headers)
        assert refused.status_code == 401 and refused.json()["detail"]
    ApiKey.objects.filter(pk=row.pk).update(active=False)
    assert client.get("/api/v1/themes/", HTTP_X_API_KEY=key).status_code == 401


def test_superusers_issue_keys_in_the_admin_and_see_them_once(client, django_user_model, editor):
    admin = django_user_model.objects.create_superuser("chief", password="a-long-test-password")
    client.force_login(admin)
    response = client.post("/admin/api/apikey/add/", {"name": "A newsroom", "active": "on"}, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    key = next(word for message in shown for word in message.split() if word.startswith("trk_"))
    assert ApiKey.objects.get().hashed == digest(key)
    assert key not in client.get(f"/admin/api/apikey/{ApiKey.objects.get().pk}/change/").content.decode()
    client.force_login(editor)
    assert client.get("/admin/api/apikey/").status_code == 403  # editors cannot issue keys


def test_counts_are_shared_through_redis(settings):
    """Two workers are two cache clients: with Redis, a count made by one is seen by the other."""
    location = "redis://127.0.0.1:6379/15"
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    with override_settings(CACHES={**settings.CACHES, "api": redis, "api-other-worker": redis}):
        settings.API_RATE_CACHE = "api"
        caches["api"].clear()
        assert [hit("address:198.51.100.1", 2).allowed for _ in range(2)] == [True, True]
        settings.API_RATE_CACHE = "api-other-worker"
        refused = hit("address:198.51.100.1", 2)
        assert not refused.allowed and refused.remaining == 0
        caches["api"].clear()


def test_the_api_page_serves_its_own_documentation_ui(client):
    page = client.get("/api/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="/static/api/swagger-ui/swagger-ui-bundle.js"' in html and "/api/v1/openapi.json" in html
    assert "curl " in html and "cdn" not in html.lower()
    assert "script-src 'self'" in page["Content-Security-Policy"]
