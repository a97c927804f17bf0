"""The site's pages from its URL patterns: every named view, and one address for each public page."""

import time
import uuid

from django.core.cache import caches
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from recommendations.models import Committee, Department, Recommendation, Report, Review, Theme, WrittenQuestion

# The pages that show one object: each is shown for the first of its objects in the database.
SHOWN_OBJECT = {
    "report_detail": Report,
    "recommendation_detail": Recommendation,
    "theme_detail": Theme,
    "question_detail": WrittenQuestion,
    "committee_detail": Committee,
    "department_detail": Department,
    "review_detail": Review,
}


def add_the_answering_department() -> None:
    """The SEND data has no departments (they come from Parliament's sync): the Department for Education, which
    answered the SEND report, so that the department pages have one to show."""
    department = Department.objects.create(name="Department for Education", slug="department-for-education")
    Report.objects.update(responding_department=department)
    for committee in Committee.objects.all():
        committee.departments.add(department)


def named_views(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def public_paths() -> dict[str, str]:
    """An address for each page opted in with @public_page. A new page with parameters must be added to
    SHOWN_OBJECT (reverse() refuses it otherwise)."""
    paths = {}
    for name, view in named_views():
        if not getattr(view, "public_page", None):
            continue
        if name == "sitemap_page":
            paths[name] = reverse(name, args=["pages", 1])
        elif name in SHOWN_OBJECT:
            shown = SHOWN_OBJECT[name].objects.order_by("pk").first()
            assert shown, f"{name}: no {SHOWN_OBJECT[name].__name__} in the database"
            paths[name] = shown.get_absolute_url()
        else:
            paths[name] = reverse(name)
    return paths


def settle_versions(*tokens: str) -> None:
    """Data versions that changed a few seconds ago, so that pages carry a Last-Modified (none is sent within the
    second of a change, and each test starts with versions of its own, made as it first asks)."""
    past = (uuid.uuid4().hex, time.time() - 5)
    caches["freshness"].set_many({f"version:{token}": past for token in tokens}, timeout=None)
