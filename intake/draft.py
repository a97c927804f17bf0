"""The draft: what the pipeline read from a document, in plain data an editor can correct before it is saved.

A draft is of a government response (recommendations and replies) or, with `committee_report`, of the committee's
own report (its recommendations, awaiting the response). `segment` fills it, `rules` adds its readings (kind,
bodies, suggested status), the review page edits it, and `save` writes it. It goes to and from JSON
(`to_json`/`from_json`) to wait in an intake.Draft row.

Every doubt is kept with its place and a level: a *warning* is shown to the editor; a *check* is shown first in
the review and refused by the command (which has no editor to look); an *error* blocks any save until fixed.
"""

import datetime
from dataclasses import asdict, dataclass, field, fields

WARNING, CHECK, ERROR = "warning", "check", "error"


class StageFailed(Exception):
    """A stage of the pipeline failed on the item at `place` (a bug, or a document no rule foresaw)."""

    def __init__(self, place: int | str, stage: str, cause: Exception):
        self.place, self.stage, self.cause = place, stage, cause
        super().__init__(f"{stage} failed at {place}: {cause.__class__.__name__}")


@dataclass
class Doubt:
    line: int | str | None
    message: str
    level: str = WARNING

    @property
    def place(self) -> str:
        if self.line is None:
            return ""
        return f"line {self.line}" if isinstance(self.line, int) else str(self.line)


@dataclass
class FrontMatter:
    house: str = ""
    committee: str = ""
    response_title: str = ""
    response_session: str = ""
    printed_on: datetime.date | None = None
    title: str = ""
    hc_number: str = ""
    session: str = ""
    report_number: str = ""
    published_on: datetime.date | None = None
    received_on: datetime.date | None = None
    command_paper: str = ""  # "CP 1478"
    presented_on: str = ""  # as printed: "March 2023"
    introduction: str = ""


@dataclass
class DraftRecommendation:
    line: int | str
    number: str
    paragraphs: list[str]
    text: str
    group: int = 0  # recommendations answered together share a group
    section: str = ""  # the section heading it is printed under ("Funding"), a theme to be
    acknowledged: str = ""  # a reply heading with no text under it that names this recommendation
    notes: list[str] = field(default_factory=list)  # footnotes, kept out of the text
    doubts: list[Doubt] = field(default_factory=list)
    as_read: dict = field(default_factory=dict)  # the document's words where an editor corrected the draft
    # The rules' readings (intake.rules), made again whenever the draft changes.
    kind: str = ""
    bodies: list[str] = field(default_factory=list)  # tables.BODIES slugs
    status: str = ""
    review: str = ""
    evidence: str = ""


@dataclass
class DraftReply:
    line: int | str
    responder: str  # a tables.BODIES slug, or the name as printed for a body not in that list
    heading: str
    text: str
    numbers: list[str]  # the recommendations it answers
    notes: list[str] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)
    as_read: dict = field(default_factory=dict)  # the document's words where an editor corrected the draft


@dataclass
class DraftResponse:
    path: str
    format: str
    front: FrontMatter
    recommendations: list[DraftRecommendation]
    replies: list[DraftReply]
    doubts: list[Doubt] = field(default_factory=list)  # about the document as a whole
    announcements: list[tuple[str, str]] = field(default_factory=list)  # ("September 2019", "a review of SEND")
    review_announced: dict[str, str] = field(default_factory=dict)  # review name → "September 2019"
    committee_report: bool = False  # the committee's own report (its recommendations, no replies yet)

    def all_doubts(self) -> list[Doubt]:
        items = [*self.recommendations, *self.replies]
        return self.doubts + [doubt for item in items for doubt in item.doubts]


def to_json(draft: DraftResponse) -> dict:
    data = asdict(draft)
    front = data["front"]
    for name in ("printed_on", "published_on", "received_on"):
        front[name] = front[name].isoformat() if front[name] else None
    return data


def _doubts(items: list[dict]) -> list[Doubt]:
    return [Doubt(**item) for item in items]


def _item(cls, data: dict):
    names = {f.name for f in fields(cls)}
    values = {name: value for name, value in data.items() if name in names}
    values["doubts"] = _doubts(values.get("doubts", []))
    return cls(**values)


def from_json(data: dict) -> DraftResponse:
    front = {name: value for name, value in data["front"].items() if name in {f.name for f in fields(FrontMatter)}}
    for name in ("printed_on", "published_on", "received_on"):
        front[name] = datetime.date.fromisoformat(front[name]) if front[name] else None
    return DraftResponse(
        path=data["path"],
        format=data["format"],
        front=FrontMatter(**front),
        recommendations=[_item(DraftRecommendation, item) for item in data["recommendations"]],
        replies=[_item(DraftReply, item) for item in data["replies"]],
        doubts=_doubts(data.get("doubts", [])),
        announcements=[tuple(pair) for pair in data.get("announcements", [])],
        review_announced=data.get("review_announced", {}),
        committee_report=data.get("committee_report", False),
    )
