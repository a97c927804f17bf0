"""How promptly the government responds: on time or late against each report's deadline (Parliament's, else two
months after publication), the median days to respond, and what is still awaited. One query reads the dates of the
reports in question; the figures are summed here, for any grouping (committee, department, session)."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

CHART_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 600, 22, 8, 150


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    awaiting: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)
    first_published: object = None

    @property
    def received(self) -> int:
        return self.on_time + self.late

    @property
    def median_days(self) -> int | None:
        return round(statistics.median(self.days)) if self.days else None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.received) if self.received else None

    def add(self, published, received, due, excepted, today) -> None:
        if published and (self.first_published is None or published < self.first_published):
            self.first_published = published
        if received is not None:
            if due is not None and received <= due:
                self.on_time += 1
            elif due is not None:
                self.late += 1
            if published:
                self.days.append((received - published).days)
        elif not excepted and published is not None:
            self.awaiting += 1
            self.overdue += due is not None and due < today


def timeliness_by(reports, key: str | tuple[str, ...] | None) -> dict:
    """{value of `key` (a tuple of values for a tuple of keys; None for all): Timeliness} over a ReportQuerySet,
    in one query."""
    today = timezone.localdate()
    keys = (key,) if isinstance(key, str) else tuple(key or ())
    fields = ["published_on", "response_received_on", "due_on", "response_excepted"]
    rows = reports.with_due_on().order_by().values_list(*keys, *fields)
    groups = defaultdict(Timeliness)
    for row in rows:
        group = row[: len(keys)] if len(keys) > 1 else (row[0] if keys else None)
        groups[group].add(*row[len(keys) :], today)
    return groups


def overall(reports) -> Timeliness:
    return timeliness_by(reports, None).get(None, Timeliness())


@dataclass
class SessionBar:
    session: str
    figures: Timeliness
    y: int
    width: float


def by_session(reports) -> list[SessionBar]:
    """One bar per session with responses, oldest first: the share received on time, drawn on the server."""
    sessions = [(s, t) for s, t in timeliness_by(reports, "session").items() if t.received]
    sessions.sort(key=lambda item: (item[1].first_published is None, item[1].first_published, item[0]))
    scale = CHART_WIDTH - LABEL_WIDTH - 60
    return [
        SessionBar(
            session or "Session not known",
            figures,
            i * (BAR_HEIGHT + BAR_GAP),
            scale * figures.on_time / figures.received,
        )
        for i, (session, figures) in enumerate(sessions)
    ]


def chart_height(bars: list[SessionBar]) -> int:
    return len(bars) * (BAR_HEIGHT + BAR_GAP)
