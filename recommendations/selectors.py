"""The reads the public pages share: status breakdowns (one aggregate query each), public commitments and their
state counts, a recommendation's timeline, and the home page's response × implementation table."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from . import counts
from . import counts as stored_counts
from .models import Commitment, CommitmentState, Implementation, Recommendation, Status, status_label

STATUS_RANK = {value: index for index, value in enumerate(Status.values)}


@dataclass(frozen=True)
class StatusCount:
    status: str
    review_name: str | None
    count: int
    total: int

    @property
    def label(self) -> str:
        return status_label(self.status, self.review_name)

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0

    @property
    def share(self) -> float:
        """The fraction of the total, 0 to 100, for drawing bars."""
        return round(100 * self.count / self.total, 2) if self.total else 0


@dataclass(frozen=True)
class Breakdown:
    counts: list[StatusCount]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.counts)

    def segments(self):
        """(x, width, row) for each status, to draw a stacked bar 100 units wide."""
        x = 0.0
        for row in self.counts:
            yield round(x, 2), row.share, row
            x += row.share


def _build(rows: list[tuple[str, str | None, int]]) -> Breakdown:
    total = sum(count for _, _, count in rows)
    rows = sorted(rows, key=lambda row: (STATUS_RANK.get(row[0], len(STATUS_RANK)), row[1] or ""))
    return Breakdown([StatusCount(status, review, count, total) for status, review, count in rows if count])


def status_breakdown(recommendations: QuerySet | None = None) -> Breakdown:
    """The breakdown of a queryset of recommendations (all of them by default), in the vocabulary's order."""
    if recommendations is None and counts.kept():
        return _build(counts.status_counts())
    queryset = Recommendation.objects.all() if recommendations is None else recommendations
    rows = queryset.order_by().values("status", "review__name").annotate(count=Count("id"))
    return _build([(row["status"], row["review__name"], row["count"]) for row in rows])


def theme_breakdown(theme) -> Breakdown:
    """The breakdown of a theme's recommendations: from the stored counts on PostgreSQL, else counted."""
    if counts.kept():
        return _build(counts.theme_status_counts(theme.pk).get(theme.pk, []))
    return status_breakdown(theme.recommendations.all())


def breakdowns_by_theme() -> dict[int, Breakdown]:
    """A breakdown for every theme, keyed by theme id, in one query: from the stored counts on PostgreSQL, else
    over themes × statuses."""
    if counts.kept():
        return {theme_id: _build(rows) for theme_id, rows in counts.theme_status_counts().items()}
    through = Recommendation.themes.through
    rows = (
        through.objects.order_by()
        .values("theme_id", "recommendation__status", "recommendation__review__name")
        .annotate(count=Count("id"))
    )
    by_theme = defaultdict(list)
    for row in rows:
        by_theme[row["theme_id"]].append(
            (row["recommendation__status"], row["recommendation__review__name"], row["count"])
        )
    return {theme_id: _build(theme_rows) for theme_id, theme_rows in by_theme.items()}


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(state=CommitmentState.OPEN, due_on__lt=today or timezone.localdate())


def state_counts(commitments) -> dict[str, int]:
    """How many of these commitments are in each state, and overdue, in one query."""
    counts = {value: Count("pk", filter=Q(state=value)) for value in CommitmentState.values}
    return commitments.order_by().aggregate(**counts, overdue=Count("pk", filter=overdue_q()), total=Count("pk"))


OVERDUE = "overdue"


def public_state_counts(chosen=()) -> dict[str, int]:
    """state_counts of the public commitments in the `chosen` states ("overdue" among them; all when none), from
    the stored counts (PostgreSQL only): the commitments in one state and the overdue ones, which are open."""
    found = counts.commitment_states(timezone.localdate())
    overdue = found.get(OVERDUE, 0)
    result = {}
    for state in CommitmentState.values:
        if not chosen or state in chosen:
            result[state] = found.get(state, 0)
        else:
            result[state] = overdue if state == CommitmentState.OPEN and OVERDUE in chosen else 0
    shows_overdue = not chosen or CommitmentState.OPEN in chosen or OVERDUE in chosen
    return {**result, OVERDUE: overdue if shows_overdue else 0, "total": sum(result.values())}


def public_commitments(queryset=None):
    """Confirmed commitments with what their pages show, oldest due first, undated last."""
    queryset = Commitment.objects.public() if queryset is None else queryset
    numbers = Recommendation.objects.only("pk", "number", "position", "report_id").order_by("position")
    return (
        queryset.select_related("report", "responder", "question")
        .prefetch_related(Prefetch("recommendations", queryset=numbers, to_attr="covers"))
        .order_by(F("due_on").asc(nulls_last=True), "made_on", "id")
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
