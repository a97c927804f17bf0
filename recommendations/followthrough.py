"""The public pages of the second axis: commitments (list and Atom feed), reviews and their outcome, the
timeline of a recommendation, and the response × implementation table of the home page.

Only confirmed commitments are public. Bad parameters never make a server error: the list says what was wrong
and shows nothing for a value that names nothing; the feed answers 400.
"""

import datetime
from dataclasses import dataclass

import django_filters
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from . import counts as stored_counts
from .models import (
    Body,
    Commitment,
    CommitmentState,
    Implementation,
    Recommendation,
    Report,
    Review,
    Status,
    StatusEntry,
    Theme,
    status_label,
)

COMMITMENTS_PER_PAGE = 25
REVIEW_RECOMMENDATIONS = 100  # a review's page lists at most this many of its deferred recommendations, newest first
FEED_LENGTH = 50
OVERDUE = "overdue"
STATES = [*CommitmentState.choices, (OVERDUE, "Overdue (open, past its due date)")]


class CommitmentFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=STATES, method="filter_state", error_messages={"invalid_choice": "there is no state “%(value)s”."}
    )
    report = django_filters.ModelMultipleChoiceFilter(
        field_name="report__slug",
        queryset=Report.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "there is no report “%(value)s”."},
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="recommendations__themes__slug",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        distinct=True,
        error_messages={"invalid_choice": "there is no theme “%(value)s”."},
    )
    responder = django_filters.ModelMultipleChoiceFilter(
        field_name="responder__slug",
        queryset=Body.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "there is no body “%(value)s”."},
    )

    class Meta:
        model = Commitment
        fields = ["state", "report", "theme", "responder"]

    def filter_state(self, queryset, name, values):
        if not values:
            return queryset
        wanted = Q(state__in=[value for value in values if value != OVERDUE])
        if OVERDUE in values:
            wanted |= overdue_q()
        return queryset.filter(wanted)

    @property
    def problems(self) -> list[str]:
        return [f"{name.capitalize()}: {message}" for name, messages in self.errors.items() for message in messages]

    def matching(self):
        """The public commitments the parameters select; none when a parameter names nothing."""
        return self.qs if self.is_valid() else self.queryset.none()


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(state=CommitmentState.OPEN, due_on__lt=today or timezone.localdate())


def state_counts(commitments) -> dict[str, int]:
    """How many of these commitments are in each state, and overdue, in one query."""
    counts = {value: Count("pk", filter=Q(state=value)) for value in CommitmentState.values}
    return commitments.order_by().aggregate(**counts, overdue=Count("pk", filter=overdue_q()), total=Count("pk"))


def _commitments_filtered(request):
    base = Commitment.objects.public().select_related("report", "responder")
    return CommitmentFilter(request.GET, queryset=base)


def public_commitments(queryset=None):
    """Confirmed commitments with what their pages show, oldest due first, undated last."""
    queryset = Commitment.objects.public() if queryset is None else queryset
    numbers = Recommendation.objects.only("pk", "number", "position", "report_id").order_by("position")
    return (
        queryset.select_related("report", "responder", "question")
        .prefetch_related(Prefetch("recommendations", queryset=numbers, to_attr="covers"))
        .order_by(F("due_on").asc(nulls_last=True), "made_on", "id")
    )


@require_safe
def commitment_list(request):
    filterset = _commitments_filtered(request)
    matching = filterset.matching()
    page = Paginator(public_commitments(matching), COMMITMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/commitment_list.html",
        {
            "form": filterset.form,
            "page": page,
            "counts": state_counts(matching),
            "problems": filterset.problems,
            "states": STATES,
            "chosen_states": request.GET.getlist("state"),
            "query": query.urlencode(),
        },
    )


class CommitmentFeed(Feed):
    """Commitments, the most recently changed (or made) first, selected by the list's parameters."""

    feed_type = Atom1Feed
    title = "Commitments"
    subtitle = "Promises made in government responses and later sources, and what became of them."
    author_name = "Select committee recommendation tracker"

    def __call__(self, request, *args, **kwargs):
        filterset = _commitments_filtered(request)
        if not filterset.is_valid():
            lines = ["These parameters cannot be used:", *filterset.problems, ""]
            return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")
        self.filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return reverse("commitment_list")

    def items(self):
        changed = Coalesce("state_changed_on", "made_on")
        return self.filterset.qs.order_by(changed.desc(), "-id")[:FEED_LENGTH]

    def item_title(self, commitment):
        return f"{commitment.state_label}: {commitment.text}"

    def item_description(self, commitment):
        due = f"due by {commitment.due_on:%-d %B %Y}" if commitment.due_on else "no date given"
        return f"{commitment.responder}, {commitment.report.title}: “{commitment.period}” ({due})."

    def item_link(self, commitment):
        return f"{reverse('commitment_list')}#commitment-{commitment.pk}"

    def item_pubdate(self, commitment):
        day = commitment.state_changed_on or commitment.made_on
        return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


@require_safe
def review_list(request):
    deferred = (
        StatusEntry.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(n=Count("recommendation", distinct=True))
        .values("n")
    )
    reviews = Review.objects.annotate(
        deferred_count=Coalesce(Subquery(deferred), 0), document_count=Count("documents")
    ).order_by("name")
    return render(request, "recommendations/review_list.html", {"reviews": reviews})


@require_safe
def review_detail(request, slug):
    review = get_object_or_404(Review, slug=slug)
    ever_deferred = StatusEntry.objects.filter(review=review).values("recommendation")
    recommendations = (
        Recommendation.objects.filter(pk__in=ever_deferred)
        .select_related("report", "review")
        .order_by("-report__published_on", "report__title", "position")
    )
    return render(
        request,
        "recommendations/review_detail.html",
        {
            "review": review,
            "documents": review.documents.order_by("published_on", "title"),
            "recommendations": recommendations[:REVIEW_RECOMMENDATIONS],
            "deferred_count": recommendations.count(),
        },
    )


@dataclass(frozen=True)
class Moment:
    """One dated line of a recommendation's timeline."""

    on: datetime.date
    what: str
    detail: str = ""
    url: str = ""
    anchor: str = ""


def timeline(recommendation, report, history, progress, commitments, questions) -> list[Moment]:
    """Everything dated about a recommendation, oldest first, from rows its page has already read."""
    moments = []
    if report.published_on:
        moments.append(Moment(report.published_on, "The committee published its report"))
    if report.response_received_on:
        moments.append(Moment(report.response_received_on, "The government's response was received"))
    for entry in history:
        moments.append(
            Moment(entry.effective_on, f"Status: {entry.status_label}", entry.note, anchor=f"status-{entry.pk}")
        )
    for entry in progress:
        moments.append(
            Moment(
                entry.effective_on,
                f"Progress: {entry.get_implementation_display()}",
                entry.note,
                anchor=f"progress-{entry.pk}",
            )
        )
    for commitment in commitments:
        anchor = f"commitment-{commitment.pk}"
        moments.append(Moment(commitment.made_on, "Commitment made", commitment.text, anchor=anchor))
        if commitment.due_on:
            moments.append(
                Moment(commitment.due_on, f"Commitment due ({commitment.period})", commitment.text, anchor=anchor)
            )
        for event in commitment.events.all():
            moments.append(
                Moment(event.effective_on, f"Commitment {event.get_state_display().lower()}", event.note, anchor=anchor)
            )
    for question in questions:
        url = question.get_absolute_url()
        if question.asked_on:
            moments.append(Moment(question.asked_on, "Written question asked", question.heading, url))
        if question.answered_on:
            moments.append(Moment(question.answered_on, "Written question answered", question.heading, url))
    return sorted(moments, key=lambda moment: moment.on)


@dataclass
class CrossTable:
    """Recommendations counted by status (rows) and implementation (columns)."""

    rows: list[tuple[str, list[int], int]]  # (status label, counts by implementation, row total)
    columns: list[str]
    column_totals: list[int]
    total: int


def status_by_implementation() -> CrossTable:
    """The home page's two axes: from the stored counts on PostgreSQL, else one aggregate query."""
    if stored_counts.kept():
        counts = {tuple(value.split("|")): n for value, n in stored_counts.of_facet("status_implementation").items()}
    else:
        pairs = Recommendation.objects.order_by().values_list("status", "implementation").annotate(n=Count("pk"))
        counts = {(status, implementation): n for status, implementation, n in pairs}
    statuses = [value for value in Status.values if any(s == value for s, _ in counts)]
    rows = []
    for status in statuses:
        cells = [counts.get((status, implementation), 0) for implementation in Implementation.values]
        rows.append((status_label(status, None), cells, sum(cells)))
    column_totals = [sum(row[1][i] for row in rows) for i in range(len(Implementation.values))]
    return CrossTable(rows, Implementation.labels, column_totals, sum(column_totals))
