"""Public pages about committees, departments and the responses awaited from the government.

Each view names the rows it reads; tests/recommendations/test_committee_pages.py pins the number of queries of each.
Bad parameters never make a server error: the awaited list says what was wrong and shows nothing it cannot name.
"""

import csv
import io

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import timeliness
from ..filters import AwaitedFilter
from ..freshness import public_page
from ..models import Commitment, Committee, Department, Implementation, Recommendation, Report
from ..selectors import status_breakdown
from .exports import csv_cell
from .feeds import FilteredFeed

AWAITED_PER_PAGE = 50
RECENT_REPORTS = 50
FEED_LENGTH = 50


def _with_figures(rows, figures: dict) -> list:
    for row in rows:
        row.figures = figures.get(row.pk, timeliness.Timeliness())
    return rows


@public_page()
@require_safe
def committee_list(request):
    committees = list(Committee.objects.order_by("house", "name").only("name", "slug", "house", "ended_on"))
    figures = timeliness.timeliness_by(Report.objects.all(), "committee_id")
    return render(request, "committees/committee_list.html", {"committees": _with_figures(committees, figures)})


@public_page()
@require_safe
def department_list(request):
    departments = list(Department.objects.order_by("name"))
    figures = timeliness.timeliness_by(Report.objects.all(), "responding_department_id")
    return render(request, "committees/department_list.html", {"departments": _with_figures(departments, figures)})


def implementation_counts(recommendations) -> list[tuple[str, int]]:
    rows = dict(recommendations.order_by().values_list("implementation").annotate(n=Count("id")))
    return [(label, rows[value]) for value, label in Implementation.choices if rows.get(value)]


def _page_of_reports(reports) -> dict:
    """What a committee's and a department's pages show of a set of reports."""
    awaiting = reports.awaiting_response().with_due_on().select_related("committee", "responding_department")
    recommendations = Recommendation.objects.filter(report__in=reports.values("pk"))
    bars = timeliness.by_session(reports)
    return {
        "figures": timeliness.overall(reports),
        "awaiting": awaiting.order_by("due_on", "title")[:AWAITED_PER_PAGE],
        "recent": reports.with_due_on()
        .select_related("responding_department", "committee")
        .order_by("-published_on", "title")[:RECENT_REPORTS],
        "breakdown": status_breakdown(recommendations),
        "implementation": implementation_counts(recommendations),
        "bars": bars,
        "chart_height": timeliness.chart_height(bars),
        "today": timezone.localdate(),
    }


@public_page()
@require_safe
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    context = {
        "committee": committee,
        "departments": list(committee.departments.order_by("name")),
        **_page_of_reports(Report.objects.filter(committee=committee)),
    }
    return render(request, "committees/committee_detail.html", context)


@public_page()
@require_safe
def department_detail(request, slug):
    department = get_object_or_404(Department, slug=slug)
    reports = Report.objects.filter(responding_department=department)
    context = {
        "department": department,
        "committees": list(department.committees.order_by("name").only("name", "slug")),
        "commitments_overdue": Commitment.objects.public().overdue().filter(report__in=reports.values("pk")).count(),
        **_page_of_reports(reports),
    }
    return render(request, "committees/department_detail.html", context)


def awaited_reports(filterset: AwaitedFilter):
    return filterset.qs.awaiting_response().with_due_on().select_related("committee", "responding_department")


@public_page(params=[*AwaitedFilter.Meta.fields, "page"])
@require_safe
def awaited_list(request):
    filterset = AwaitedFilter(request.GET, queryset=Report.objects.all())
    problems = filterset.problems if not filterset.is_valid() else []
    reports = awaited_reports(filterset).order_by("due_on", "title", "id") if not problems else Report.objects.none()
    page = Paginator(reports, AWAITED_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "problems": problems,
        "page": page,
        "query": query.urlencode(),
        "chosen_houses": request.GET.getlist("house"),
        "overdue_count": reports.filter(due_on__lt=timezone.localdate()).count() if not problems else 0,
        "today": timezone.localdate(),
    }
    return render(request, "committees/awaited_list.html", context)


TIMELINESS_FIELDS = ["by", "name", "session", "responses", "on_time", "late", "median_days", "awaiting", "overdue"]


@public_page()
@require_safe
def timeliness_csv(request):
    """Responses on time and late, median days, awaited and overdue, per session, for every committee and every
    department (one query each)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TIMELINESS_FIELDS)
    for by, key, model in (
        ("committee", "committee_id", Committee),
        ("department", "responding_department_id", Department),
    ):
        names = dict(model.objects.values_list("pk", "name"))
        groups = timeliness.timeliness_by(Report.objects.filter(**{f"{key}__isnull": False}), (key, "session"))
        for (pk, session), figures in sorted(groups.items(), key=lambda item: (names.get(item[0][0], ""), item[0][1])):
            row = [by, names.get(pk, ""), session, figures.received, figures.on_time, figures.late]
            writer.writerow([csv_cell(v) for v in (*row, figures.median_days, figures.awaiting, figures.overdue)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="response-timeliness.csv"'
    return response


@public_page(params=[*AwaitedFilter.Meta.fields, "page"])
class AwaitedFeed(FilteredFeed):
    """Reports whose response has fallen overdue, the most recently overdue first, with the list's filters."""

    title = "Government responses overdue"
    subtitle = "Committee reports whose government response is past its deadline."

    def filterset(self, request):
        return AwaitedFilter(request.GET, queryset=Report.objects.all())

    def link(self):
        return reverse("awaited_list")

    def items(self, filterset):
        overdue = awaited_reports(filterset).filter(due_on__lt=timezone.localdate())
        return overdue.order_by("-due_on", "-id")[:FEED_LENGTH]

    def item_title(self, report):
        return f"Response overdue: {report.title}"

    def item_description(self, report):
        department = f" from {report.responding_department}" if report.responding_department_id else ""
        return f"{report.committee}: the government's response{department} was due by {report.due_on:%-d %B %Y}."

    def item_link(self, report):
        return report.get_absolute_url()

    def item_guid(self, report):
        return f"{report.get_absolute_url()}#overdue-{report.due_on:%Y-%m-%d}"

    def item_updateddate(self, report):
        return timezone.make_aware(timezone.datetime.combine(report.due_on, timezone.datetime.min.time()))
