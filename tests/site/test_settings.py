"""Settings fail closed; an editor account never gets a default password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(environment)
    code = "import tracker.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.SECRET_KEY[:6])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings(DJANGO_SECRET_KEY="s3cret-from-the-environment")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"
    assert "[]" in result.stdout  # no host allowed unless DJANGO_ALLOWED_HOSTS says so


def test_debug_on_allows_local_development_without_a_key():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ['localhost', '127.0.0.1', '[::1]'] insecu")


def test_allowed_hosts_come_from_the_environment():
    result = load_settings(
        DJANGO_SECRET_KEY="k" * 50, DJANGO_ALLOWED_HOSTS="tracker.example.org, www.tracker.example.org"
    )
    assert "['tracker.example.org', 'www.tracker.example.org']" in result.stdout


@pytest.mark.django_db
def test_create_editor_asks_for_a_password_and_joins_the_editors_group(monkeypatch):
    answers = iter(["a-long-and-unusual-passphrase", "a-long-and-unusual-passphrase"])
    monkeypatch.setattr("recommendations.management.commands.create_editor.getpass", lambda prompt: next(answers))
    call_command("create_editor", username="sam", email="sam@example.org")
    user = get_user_model().objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.check_password("a-long-and-unusual-passphrase")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second", "message"), [("password", "password", "too common"), ("a" * 14, "b" * 14, "differ")]
)
def test_create_editor_refuses_weak_or_mismatched_passwords(monkeypatch, first, second, message):
    answers = iter([first, second])
    monkeypatch.setattr("recommendations.management.commands.create_editor.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match=message):
        call_command("create_editor", username="sam", email="")
    assert not get_user_model().objects.filter(username="sam").exists()


def test_postgresql_connections_run_without_jit():
    """JIT compiling cost more than the site's bounded queries themselves; every connection turns it off."""
    code = "import tracker.settings as s; print(s.DATABASES['default']['OPTIONS']['options'])"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SECRET_KEY="s3cret", DATABASE_URL="postgres://postgres@127.0.0.1:5432/tracker")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-c", "jit=off"]


@pytest.mark.django_db
def test_the_connection_in_use_has_jit_off_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict.get("OPTIONS", {})  # SQLite takes no server options
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
