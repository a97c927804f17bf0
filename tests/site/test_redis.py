"""Two machines, one truth: two gunicorn instances with separate local directories, one database and the Redis at
127.0.0.1:6379 (CI starts it). A write through one is never served stale by the other, and a throttle counted on
one holds on the other."""

import http.client
import re
import tempfile
import urllib.parse
import uuid
from pathlib import Path

import pytest
import redis

from bench import serve
from tests.site.conftest import manage
from tests.site.test_freshness import CHANGE_STATUS_OF_18, SLUG, UNANNOUNCED_EDIT_OF_18

REDIS_URL = "redis://127.0.0.1:6379/0"
# Behind one proxy both instances see the site's one host name, whatever port each listens on.
SITE = {"Host": "127.0.0.1"}


def get(port: int, path: str, **headers: str) -> serve.Answer:
    return serve.get(port, path, headers={**SITE, **headers})


def post(port: int, path: str, fields: dict, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        connection.request("POST", path, body=urllib.parse.urlencode(fields), headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def two_instances(workers_database, tmp_path):
    """Ports of two single-worker gunicorn instances sharing the database, the secret key and Redis only."""
    redis.Redis.from_url(REDIS_URL).ping()  # a clear failure when Redis is not running
    env = serve.site_environment(
        workers_database,
        static_root=str(tmp_path / "static"),
        DJANGO_PAGE_CACHE="1",
        REDIS_URL=REDIS_URL,
        DJANGO_CACHE_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_send_data")
    servers, ports = [], []
    try:
        for name in ("a", "b"):
            local = {**env, "DJANGO_FRESHNESS_DIR": str(tmp_path / f"freshness-{name}")}
            port = serve.free_port()
            log = Path(tempfile.gettempdir()) / f"tracker-redis-{port}.log"
            servers.append(serve.start_gunicorn(local, port, log, workers=1))
            ports.append(port)
        yield env, ports
    finally:
        for server in servers:
            serve.stop_gunicorn(server)


@pytest.mark.django_db
def test_a_write_is_never_served_stale_by_the_other_instance(two_instances):
    env, (a, b) = two_instances
    path = f"/reports/{SLUG}/18/"
    first = get(a, path)
    assert first.status == 200 and first.headers["X-Page-Cache"] == "miss"
    manage(env, "shell", "-c", UNANNOUNCED_EDIT_OF_18)
    shared = get(b, path)
    assert shared.headers["X-Page-Cache"] == "hit" and shared.body == first.body  # the page A built, from Redis

    listed = get(b, "/recommendations/").body
    manage({**env, "DJANGO_FRESHNESS_DIR": "/nonexistent/a"}, "shell", "-c", CHANGE_STATUS_OF_18)
    for port in (b, a):
        page = get(port, path)
        assert b"Changed by another process" in page.body and b"behind the site" in page.body
        assert get(port, "/recommendations/").body != listed
        assert get(port, path, **{"If-None-Match": first.headers["ETag"]}).status == 200


@pytest.mark.django_db
def test_throttles_counted_on_one_instance_hold_on_the_other(two_instances):
    _, (a, b) = two_instances
    for _ in range(10):  # the hourly limit of follow requests from one address
        status, _ = post(a, "/alerts/follow/", {})
        assert status != 429
    assert post(b, "/alerts/follow/", {})[0] == 429

    login = get(b, "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login.body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", login.headers["Set-Cookie"]).group(0)
    guess = {"csrfmiddlewaretoken": token, "username": "editor", "password": "wrong", "next": "/admin/"}
    for _ in range(4):  # the fifth failure of one account at one address (AXES_FAILURE_LIMIT) locks it
        assert post(a, "/admin/login/", guess, cookie)[0] == 200
    assert post(b, "/admin/login/", guess, cookie)[0] == 429
