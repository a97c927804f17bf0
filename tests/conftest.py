"""Fixtures shared by the whole suite. Test modules keep their own data builders."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.smtp import smtp  # noqa: F401  (the SMTP server fixture, for every test module)

# The data migrations that make the Editors group and grant its rights, in the order they run.
EDITORS_MIGRATIONS = [
    ("recommendations", "0002_editors_group", "create_editors_group"),
    ("recommendations", "0005_followthrough", "grant_editors"),
    ("intake", "0002_editors_permissions", "grant"),
    ("parliament", "0002_editors_permissions", "grant"),
]


@pytest.fixture
def editors_group():
    """The Editors group as the data migrations make it. A transactional test ends by emptying every table, so
    the tests after it find no group: it is made again here by the migrations' own functions."""
    if not Group.objects.filter(name="Editors").exists():
        migrated = MigrationLoader(connection).project_state().apps
        for app, migration, function in EDITORS_MIGRATIONS:
            getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)(migrated, None)
    return Group.objects.get(name="Editors")


@pytest.fixture
def editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user(username="editor", password="a-long-test-password", is_staff=True)
    user.groups.add(editors_group)
    return user


@pytest.fixture
def second_editor(django_user_model, editors_group):
    user = django_user_model.objects.create_user(username="editor2", password="a-long-test-password", is_staff=True)
    user.groups.add(editors_group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests run with DEBUG off but without `collectstatic`, so skip the hashed-name manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def own_data_versions(settings, tmp_path):
    """Data versions of this test's own: runs side by side (both databases, several test processes) never renew
    each other's."""
    settings.CACHES = {
        **settings.CACHES,
        "freshness": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests change data without committing (so without a new data version): pages are rendered afresh.
    tests/test_freshness.py turns the page cache on where it tests it."""
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def patient_reading(settings):
    """Several suites share the test machine: a document's reading gets more time than in production (whose
    limit tests/intake/test_read_limits.py sets where it tests it)."""
    settings.INTAKE_READ_SECONDS = 60


@pytest.fixture(autouse=True)
def api_rate_counts(settings):
    """The read API's rate limit counts in this process's own cache, emptied for each test (not in the files
    shared by the workers of a running site); the limit itself is lifted so that no test reaches it by accident:
    tests of the limits set their own."""
    settings.API_RATE_CACHE = "default"
    settings.API_ANONYMOUS_RATE_LIMIT = 1_000_000
    caches["default"].clear()
