"""Production settings, security headers, sign-in throttling, staff sessions, the 503 page and the audit trail."""

import datetime
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError
from django.db.models.query import QuerySet
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from gunicorn.config import Config

from recommendations.models import Theme
from tests.builders import build_report
from tracker.middleware import server_error

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password"  # the conftest editor's

PRODUCTION_ENVIRONMENT = {
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_SITE_URL": "https://tracker.example.org",
}


def run_with_environment(arguments, **environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(environment)
    return subprocess.run(arguments, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


# Production settings


def test_deploy_check_is_clean_with_the_production_environment():
    result = run_with_environment(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION_ENVIRONMENT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_admin_url_comes_from_the_environment():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    result = run_with_environment(
        [sys.executable, "-c", code],
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DJANGO_SECRET_KEY="k" * 50,
        DJANGO_ADMIN_URL="/editors-desk/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/editors-desk/"


@pytest.mark.django_db
def test_public_pages_send_security_headers_and_a_policy_without_inline_code(client):
    build_report(3)
    response = client.get("/reports/special-educational-needs-and-disabilities/1/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "script-src" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_the_admin_policy_allows_inline_style_but_no_inline_script(client):
    policy = client.get(reverse("admin:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"


@pytest.mark.django_db
def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/robots.txt")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/robots.txt"
    response = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


# Sign-in throttling (django-axes)


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def is_signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_the_right_password_signs_in(client, editor):
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_repeated_failures_refuse_the_account_at_that_address_only(client, editor, second_editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong-password").status_code == 200  # the form again, with an error
    assert sign_in(client, "editor", "wrong-password").status_code == 429

    # Refused: the right password fails too, from this address.
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert b"too many login attempts" in response.content
    assert not is_signed_in(client)
    # Another account from the same address is not refused: the address has not reached its own limit.
    assert sign_in(client, "editor2", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_attacker_cannot_lock_an_editor_out_of_their_own_address(client, editor, settings):
    """Finding 2: five wrong passwords from anywhere used to lock the editor out everywhere for 30 minutes."""
    attacker, office = "198.51.100.66", "203.0.113.7"
    for _ in range(settings.AXES_FAILURE_LIMIT * 3):
        sign_in(client, "editor", "wrong-password", address=attacker)
    assert sign_in(client, "editor", PASSWORD, address=attacker).status_code == 429
    response = sign_in(client, "editor", PASSWORD, address=office)
    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_another_accounts_success_does_not_reset_the_count(client, editor, django_user_model, settings):
    """Finding 1: 4 guesses at the superuser, then the editor's own sign-in, repeated, used to guess forever."""
    django_user_model.objects.create_superuser(username="root", password="the-superusers-password")
    guesses = 0
    for _ in range(4):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "root", "a-guess")
            guesses += 1
        assert sign_in(client, "editor", PASSWORD).status_code == 302
        client.logout()
    assert guesses == 16
    response = sign_in(client, "root", "the-superusers-password")
    assert response.status_code == 429
    assert not is_signed_in(client)
    # The editor, whose own password was right every time, still signs in from there.
    assert sign_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_address_trying_many_accounts_is_refused_for_all(client, editor, settings):
    for n in range(settings.SIGNIN_ADDRESS_FAILURE_LIMIT):
        sign_in(client, f"guess{n % 10}", "wrong-password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.30").status_code == 302


@pytest.mark.django_db
def test_an_account_own_success_forgets_its_failures_at_that_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "wrong-password")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "editor", "wrong-password").status_code == 200
    assert sign_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_signing_in_with_an_unsafe_next_lands_on_the_admin(client, editor, unsafe):
    response = client.post(
        reverse("admin:login") + "?next=" + unsafe,
        {"username": "editor", "password": PASSWORD, "next": unsafe},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off_period(client, editor, settings):
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong-password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_behind_the_proxy_failures_count_against_the_forwarded_address(client, editor, second_editor, settings):
    settings.BEHIND_PROXY = True
    proxy = "127.0.0.1"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "nobody", "password": "wrong-password"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="10.9.8.7, 203.0.113.9",  # the first entry is the client's to forge
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    ok = client.post(
        reverse("admin:login"),
        {"username": "editor2", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.40",
    )
    assert ok.status_code == 302


# Staff sessions


def test_staff_sessions_expire_after_eight_hours_and_at_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_a_signed_in_editor_gets_a_browser_session_cookie_that_ends(client, editor):
    response = sign_in(client, "editor", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.get(reverse("admin:index")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# The database going away


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_error_in_a_view_gives_a_quick_503_page(client, monkeypatch, error):
    build_report(3)

    def unreachable(self):
        raise error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(QuerySet, "_fetch_all", unreachable)
    response = client.get("/reports/special-educational-needs-and-disabilities/1/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Content-Security-Policy" in response
    body = response.content.decode()
    assert "temporarily unavailable" in body
    assert "Traceback" not in body and "Connection refused" not in body and "5432" not in body


def test_the_error_handler_gives_503_for_a_database_error_and_500_otherwise():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise ValueError("something else")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


# Every admin change is attributable


@pytest.mark.django_db
def test_an_admin_edit_leaves_a_log_entry_naming_the_editor(editor_client, editor):
    theme = Theme.objects.create(name="Funding", slug="funding")
    url = reverse("admin:recommendations_theme_change", args=[theme.pk])
    response = editor_client.post(url, {"name": "Funding", "slug": "funding", "description": "High needs money."})
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(theme.pk))
    assert entry.user == editor
    assert entry.action_flag == CHANGE
    assert "Description" in entry.get_change_message()
    assert timezone.now() - entry.action_time < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_an_address_with_a_nul_character_is_refused(client):
    build_report(1)
    response = client.get("/reports/special-educational-needs-and-disabilities/%00/")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response


# Exports under gunicorn (measured by bench/export_timings.py)


def test_gunicorn_serves_with_threads_that_no_long_export_times_out():
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    assert config.worker_class_str == "gthread"
    assert config.threads >= 4
    assert config.max_requests == 0  # a worker replaced mid-export would cut it after graceful_timeout
    assert config.workers * config.threads < 100  # each thread keeps a PostgreSQL connection
