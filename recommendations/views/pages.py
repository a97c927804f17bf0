"""The public pages other than the lists with filters: home, report, recommendation, themes, written questions,
robots.txt. Each view names the rows it reads; a query-budget test pins the number of queries of each."""

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import counts
from ..counts import with_recommendation_counts
from ..filters import QuestionFilter
from ..freshness import public_page
from ..models import (
    Commitment,
    CommitmentEvent,
    Recommendation,
    Reply,
    Report,
    StatusEntry,
    Theme,
    WrittenQuestion,
)
from ..selectors import (
    breakdowns_by_theme,
    public_commitments,
    public_state_counts,
    state_counts,
    status_breakdown,
    status_by_implementation,
    theme_breakdown,
    timeline,
)

LATEST_CHANGES = 10
HOME_REPORTS = 10
THEME_RECOMMENDATIONS = 50
QUESTIONS_PER_PAGE = 20
# Newest first, undated last on every database (PostgreSQL puts NULLs first in a descending order).
QUESTION_ORDER = (F("asked_on").desc(nulls_last=True), "heading", "key")


def response_timeliness(report: Report) -> dict | None:
    """When the government's response was due (two months after publication), when it came, and how late."""
    if report.published_on is None:
        return None
    due = report.response_due_on
    received = report.response_received_on
    compared_with = received or timezone.localdate()
    return {
        "due": due,
        "received": received,
        "days_late": max((compared_with - due).days, 0),
        "days_early": max((due - compared_with).days, 0) if received else 0,
    }


@public_page()
@require_safe
def home(request):
    # Meta.ordering does not apply to aggregate queries: each one names its order.
    # The newest reports only (there can be thousands), each counted through the report index.
    counted = Recommendation.objects.filter(report=OuterRef("pk")).order_by().values("report")
    reports = (
        Report.objects.select_related("committee")
        .annotate(recommendation_count=Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0))
        .order_by("-published_on", "title")[:HOME_REPORTS]
    )
    latest_changes = StatusEntry.objects.select_related("recommendation__report", "review").order_by(
        "-effective_on", "-recorded_at", "-id"
    )[:LATEST_CHANGES]
    themes = with_recommendation_counts(Theme.objects.order_by("name"))
    return render(
        request,
        "recommendations/home.html",
        {
            "reports": reports,
            "breakdown": status_breakdown(),
            "axes": status_by_implementation(),
            "commitment_counts": public_state_counts() if counts.kept() else state_counts(Commitment.objects.public()),
            "latest_changes": latest_changes,
            "themes": themes,
        },
    )


@public_page(per_report=True)
@require_safe
def report_detail(request, slug):
    report = get_object_or_404(Report.objects.select_related("committee"), slug=slug)
    recommendations = report.recommendations.select_related("review").order_by("position")
    return render(
        request,
        "recommendations/report_detail.html",
        {
            "report": report,
            "timeliness": response_timeliness(report),
            "recommendations": recommendations,
            "breakdown": status_breakdown(report.recommendations.all()),
            "commitments": public_commitments(report.commitments.public()),
            "commitment_counts": state_counts(report.commitments.public()),
        },
    )


@public_page(per_report=True)
@require_safe
def recommendation_detail(request, slug, number):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("report__committee", "review"), report__slug=slug, number=number
    )
    report = recommendation.report
    siblings = Recommendation.objects.filter(report=report).only("report_id", "number", "position")
    history = list(recommendation.status_entries.select_related("review").order_by("effective_on", "id"))
    progress = list(recommendation.implementation_entries.select_related("question").order_by("effective_on", "id"))
    events = CommitmentEvent.objects.order_by("effective_on", "id")
    commitments = list(
        public_commitments(recommendation.commitments.public()).prefetch_related(Prefetch("events", queryset=events))
    )
    questions = list(recommendation.questions.order_by(*QUESTION_ORDER))
    context = {
        "report": report,
        "recommendation": recommendation,
        "replies": Reply.objects.filter(recommendations=recommendation)
        .select_related("responder")
        .prefetch_related(Prefetch("recommendations", queryset=siblings.order_by("position"), to_attr="covers")),
        "history": history,
        "progress": progress,
        "commitments": commitments,
        "timeline": timeline(recommendation, report, history, progress, commitments, questions),
        "themes": recommendation.themes.order_by("name"),
        "bodies": recommendation.addressed_to.order_by("name"),
        "questions": questions,
        "previous": siblings.filter(position__lt=recommendation.position).order_by("-position").first(),
        "next": siblings.filter(position__gt=recommendation.position).order_by("position").first(),
    }
    return render(request, "recommendations/recommendation_detail.html", context)


@public_page()
@require_safe
def theme_list(request):
    themes = list(with_recommendation_counts(Theme.objects.order_by("name")))
    breakdowns = breakdowns_by_theme()
    for theme in themes:
        theme.breakdown = breakdowns.get(theme.pk)
    return render(request, "recommendations/theme_list.html", {"themes": themes})


@public_page()
@require_safe
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    # The newest only: the page links to the list of all of them, filtered by the theme.
    recommendations = theme.recommendations.select_related("report", "review").order_by(
        "-report__published_on", "report__title", "position"
    )[:THEME_RECOMMENDATIONS]
    return render(
        request,
        "recommendations/theme_detail.html",
        {
            "theme": theme,
            "recommendations": recommendations,
            "breakdown": theme_breakdown(theme),
            "questions": theme.questions.order_by(*QUESTION_ORDER),
        },
    )


@public_page(params=[*QuestionFilter.Meta.fields, "page"])
@require_safe
def question_list(request):
    filterset = QuestionFilter(request.GET, queryset=WrittenQuestion.objects.order_by(*QUESTION_ORDER))
    questions = filterset.qs if filterset.is_valid() else WrittenQuestion.objects.none()
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/question_list.html",
        {
            "form": filterset.form,
            "page": page,
            "filtered": any(request.GET.get(name) for name in filterset.filters),
        },
    )


@public_page()
@require_safe
def question_detail(request, key):
    question = get_object_or_404(WrittenQuestion, key=key)
    return render(
        request,
        "recommendations/question_detail.html",
        {
            "question": question,
            "themes": question.themes.order_by("name"),
            "recommendations": question.recommendations.select_related("report", "review").order_by(
                "report__title", "position"
            ),
            "grouped_with": question.grouped_with.order_by(*QUESTION_ORDER),
        },
    )


@public_page()
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
