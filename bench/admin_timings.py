"""Time the editors' admin on a large database: every change and add page, the change lists, and the bulk status
change of about 10,000 recommendations (not CI).

Usage: DATABASE_URL=postgres://…/tracker_hardening_bench .venv/bin/python bench/admin_timings.py [--bulk 10000]
The database must hold data (manage.py generate_demo_data --recommendations 250000). Requests go through
Django's test client in this process, signed in as a superuser made for the run (and deleted after). The bulk
change is real: it adds a status entry to each recommendation it selects.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "admin-timings-only")
os.environ.setdefault("DJANGO_DEBUG", "1")  # plain static files (no collectstatic manifest), and query counts

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from recommendations.models import (  # noqa: E402
    Body,
    Committee,
    Recommendation,
    Reply,
    Report,
    Review,
    Status,
    StatusEntry,
    Theme,
    WrittenQuestion,
)

PAGES = [Recommendation, Reply, WrittenQuestion, Report, StatusEntry, Theme, Body, Review, Committee]


def timed(client, method, url, data=None):
    reset_queries()
    start = time.perf_counter()
    response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    elapsed = time.perf_counter() - start
    return response, elapsed, len(connection.queries)


def report(label, response, elapsed, queries):
    print(f"{label:<58} {response.status_code:>4} {elapsed * 1000:>8.0f} ms {queries:>5} queries", flush=True)


def busiest(model):
    """A row with many links where that matters (a reply covering several recommendations)."""
    if model is Reply:
        link = Reply.recommendations.through.objects.values("reply_id").order_by("-reply_id")
        return Reply.objects.filter(pk__in=link[:50]).order_by("pk").last()
    if model is WrittenQuestion:
        link = WrittenQuestion.recommendations.through.objects.values("writtenquestion_id")
        return WrittenQuestion.objects.filter(pk__in=link[:50]).order_by("pk").last()
    return model.objects.order_by("-pk").first()


def time_pages(client):
    for model in PAGES:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        obj = busiest(model)
        report(f"{opts.verbose_name}: list", *timed(client, "get", reverse(f"{name}_changelist")))
        if model is not StatusEntry:
            report(f"{opts.verbose_name}: add page", *timed(client, "get", reverse(f"{name}_add")))
        if obj is not None:
            report(
                f"{opts.verbose_name}: change page ({obj.pk})",
                *timed(client, "get", reverse(f"{name}_change", args=[obj.pk])),
            )
    report(
        "recommendation: autocomplete search",
        *timed(
            client,
            "get",
            reverse("admin:autocomplete")
            + "?app_label=recommendations&model_name=reply&field_name=recommendations&term=funding",
        ),
    )


def bulk_filter(size):
    """A change-list filter selecting about `size` recommendations: (query string, count)."""
    by_theme = Recommendation.themes.through.objects.values_list("theme_id", "recommendation__status")
    candidates = [
        (f"?themes__id__exact={theme}&status__exact={status}", n)
        for theme, status, n in by_theme.annotate(n=Count("*")).order_by()
    ]
    by_kind = Recommendation.objects.values_list("kind", "status").annotate(n=Count("*")).order_by()
    candidates += [(f"?kind__exact={kind}&status__exact={status}", n) for kind, status, n in by_kind]
    return min(candidates, key=lambda candidate: abs(candidate[1] - size))


def time_bulk(client, size):
    query, count = bulk_filter(size)
    status = query.rsplit("=", 1)[1]
    new_status = next(s for s in (Status.UNDER_CONSIDERATION, Status.NOTED) if s != status)
    url = reverse("admin:recommendations_recommendation_changelist") + query
    ticked = Recommendation.objects.filter(status=status).order_by("pk").first()
    # What the change list posts after "select all": the rows ticked on the page, and select_across.
    data = {"action": "change_status", "select_across": "1", "index": "0", "_selected_action": [ticked.pk]}
    response, elapsed, queries = timed(client, "post", url, data)
    report(f"bulk: confirmation page for {count} recommendations", response, elapsed, queries)
    data.update(apply="1", status=new_status, effective_on=timezone.localdate().isoformat(), note="Bulk timing run.")
    response, elapsed, queries = timed(client, "post", url, data)
    report(f"bulk: status of {count} recommendations changed", response, elapsed, queries)
    changed = StatusEntry.objects.filter(note="Bulk timing run.", effective_on=timezone.localdate(), status=new_status)
    print(f"  {changed.count()} entries “{new_status}” recorded; filter {query}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=10_000, help="About how many recommendations to change at once.")
    arguments = parser.parse_args()
    print(f"{Recommendation.objects.count():,} recommendations, {Reply.objects.count():,} replies, {connection.vendor}")
    user, _ = get_user_model().objects.get_or_create(
        username="admin-timings", defaults={"is_staff": True, "is_superuser": True}
    )
    try:
        client = Client()
        client.force_login(user)
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            time_pages(client)
            time_bulk(client, arguments.bulk)
    finally:
        StatusEntry.objects.filter(recorded_by=user).update(recorded_by=None)
        user.delete()


if __name__ == "__main__":
    main()
