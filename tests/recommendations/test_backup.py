"""Nothing lost: a backup brings back every row of every table, relations and histories included."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from recommendations.models import Recommendation, Review, Status, Theme, WrittenQuestion
from recommendations.services.status import record_status
from tests.builders import build_report

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
SCRATCH_DATABASE = "tracker_restore_check"


def clean_environment() -> dict:
    return {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}


def build_data(editor):
    """Recommendations, replies, themes, bodies and histories (tests/builders.py), with an editor's changes."""
    report = build_report(12)
    recommendation = report.recommendations.get(number="2")
    record_status(
        recommendation=recommendation,
        status=Status.UNDER_REVIEW,
        review=Review.objects.get(slug="send-review"),
        effective_on=datetime.date(2021, 3, 1),
        note="Deferred to the SEND Review.",
        source_url="https://www.gov.uk/",
        recorded_by=editor,
    )
    question = WrittenQuestion.objects.create(
        key="send-improvement-plan",
        heading="Special Educational Needs: Health and Social Services",
        question_text="To ask the Secretary of State for Health and Social Care, what steps he is taking.",
        asked_on=datetime.date(2023, 3, 23),
    )
    question.recommendations.add(recommendation)
    question.themes.add(Theme.objects.get(slug="funding"))
    LogEntry.objects.log_actions(
        editor.pk, [recommendation], CHANGE, change_message="Changed text.", single_object=True
    )
    return report


def snapshot() -> dict:
    """Every row of every model but those `migrate` makes, every field and many-to-many, by natural keys."""
    tables = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIPPED_MODELS or not model._meta.managed:  # a table the database keeps itself
            continue
        rows = serializers.serialize(
            "python", model._default_manager.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        for row in rows:
            row["fields"] = {
                name: sorted(value, key=str) if isinstance(value, list) and name in m2m_names(model) else value
                for name, value in row["fields"].items()
            }
        tables[label] = sorted(rows, key=repr)
    return tables


def m2m_names(model) -> set[str]:
    return {field.name for field in model._meta.many_to_many}


@pytest.mark.django_db
def test_a_json_backup_brings_back_everything(editor, tmp_path, capsys):
    build_data(editor)
    before = snapshot()
    assert len(before["recommendations.statusentry"]) == 13
    assert before["admin.logentry"] and before["auth.user"] and before["auth.group"]

    call_command("backup_data", format="json", output_dir=str(tmp_path))
    [backup] = tmp_path.glob("tracker-*.json")
    assert capsys.readouterr().out.strip() == str(backup)

    # Lose things: a status change, a theme, a link, an editor's group.
    Recommendation.objects.filter(number="3").update(text="Overwritten.")
    Theme.objects.get(slug="funding").recommendations.clear()
    WrittenQuestion.objects.all().delete()
    editor.groups.clear()
    assert snapshot() != before

    # The test's own transaction has deferred foreign-key checks pending, which PostgreSQL's TRUNCATE refuses.
    connection.check_constraints()
    call_command("restore_data", str(backup), interactive=False)
    assert snapshot() == before
    assert Group.objects.get(name="Editors").user_set.get() == editor.__class__.objects.get(username="editor")


@pytest.mark.django_db
def test_restore_asks_before_replacing_data(editor, tmp_path, monkeypatch):
    build_data(editor)
    call_command("backup_data", format="json", output_dir=str(tmp_path))
    [backup] = tmp_path.glob("tracker-*.json")
    Recommendation.objects.filter(number="3").update(text="Kept.")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(Exception, match="Nothing was restored"):
        call_command("restore_data", str(backup))
    assert Recommendation.objects.get(number="3").text == "Kept."


@pytest.mark.django_db
def test_a_failed_backup_leaves_no_file(editor, tmp_path, monkeypatch):
    build_data(editor)

    def broken():
        yield from Theme.objects.all()
        raise OSError("No space left on device")

    monkeypatch.setattr("recommendations.management.commands.backup_data.rows", broken)
    with pytest.raises(OSError):
        call_command("backup_data", format="json", output_dir=str(tmp_path))
    assert not list(tmp_path.glob("tracker-*"))


def table_counts(cursor) -> dict:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


STATUS_CHECKSUM = """
    SELECT count(*), md5(string_agg(concat_ws('|', id, recommendation_id, status, review_id, effective_on, note,
        evidence, source_url, recorded_by_id, recorded_by_import, recorded_at), ',' ORDER BY id))
    FROM recommendations_statusentry
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pg_dump path needs PostgreSQL")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
@pytest.mark.django_db(transaction=True)  # committed, for pg_dump to see
def test_a_pg_dump_backup_restores_into_an_empty_database(editor, tmp_path):
    build_data(editor)
    call_command("backup_data", output_dir=str(tmp_path))
    [backup] = tmp_path.glob("tracker-*.dump")
    with connection.cursor() as cursor:
        expected_counts = table_counts(cursor)
        cursor.execute(STATUS_CHECKSUM)
        expected_checksum = cursor.fetchone()

    settings_dict = connection.settings_dict
    server = {
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "user": settings_dict["USER"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
        admin.execute(f"CREATE DATABASE {SCRATCH_DATABASE}")
    try:
        url = "postgres://{user}{password}@{host}:{port}/{name}".format(
            user=settings_dict["USER"] or "",
            password=f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else "",
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            name=SCRATCH_DATABASE,
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "restore_data", str(backup), "--no-input"],
            cwd=ROOT,
            env={**clean_environment(), "DATABASE_URL": url, "DJANGO_SECRET_KEY": "restore-check"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        with psycopg.connect(dbname=SCRATCH_DATABASE, **server) as restored, restored.cursor() as cursor:
            assert table_counts(cursor) == expected_counts
            cursor.execute(STATUS_CHECKSUM)
            assert cursor.fetchone() == expected_checksum
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
