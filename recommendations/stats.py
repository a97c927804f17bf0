"""Status breakdowns: how many recommendations have each status, one aggregate query per breakdown."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from . import counts
from .models import Recommendation, Status, status_label

STATUS_ORDER = {value: index for index, value in enumerate(Status.values)}


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
    rows = sorted(rows, key=lambda row: (STATUS_ORDER.get(row[0], len(STATUS_ORDER)), row[1] or ""))
    return Breakdown([StatusCount(status, review, count, total) for status, review, count in rows if count])


def status_breakdown(recommendations: QuerySet | None = None) -> Breakdown:
    """The breakdown of a queryset of recommendations (all of them by default), in the vocabulary's order."""
    if recommendations is None and counts.kept():
        return _build(counts.status_counts())
    queryset = Recommendation.objects.all() if recommendations is None else recommendations
    rows = queryset.order_by().values("status", "review__name").annotate(count=Count("id"))
    return _build([(row["status"], row["review__name"], row["count"]) for row in rows])


def breakdowns_by_theme() -> dict[int, Breakdown]:
    """A breakdown for every theme, keyed by theme id, from one query over themes × statuses."""
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
