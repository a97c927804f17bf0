"""Which report a government response answers.

Parliament records the link on a minority of publications, from either side: the response's
`responseToPublicationId`, or the report's `governmentResponses.publication`. Otherwise a response (often published
as the committee's Special Report) is matched by its description ("Title: Government Response to the Committee's
First Report") or the paper number it names, among the same committee's earlier reports: such a link is inferred,
and says so.
"""

import re

from django.db.models import Q

from recommendations.models import ResponseLink

from .models import Publication, PublicationKind

RESPONSE_TO = re.compile(r"^(?P<title>.+?)\s*[:–—-]\s*(?:the\s+)?Government(?:'s)? Response\b", re.I)
GOVERNMENT_RESPONSE = re.compile(r"\bGovernment(?:'s)? Response\b", re.I)
PAPER = re.compile(r"\b(HC|HL Paper)\s+(\d+)\b")


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def report_for(response: Publication) -> tuple[int | None, str]:
    """The Parliament id of the report a response answers, and how it is known (recorded or inferred)."""
    if response.response_to:
        return response.response_to, ResponseLink.RECORDED
    listing = Publication.objects.filter(
        kind=PublicationKind.REPORT, committee_parliament_id=response.committee_parliament_id
    ).exclude(responses=[])
    for report in listing.only("parliament_id", "responses"):
        if response.parliament_id in report.responses:
            return report.parliament_id, ResponseLink.RECORDED
    inferred = infer(response)
    return (inferred, ResponseLink.INFERRED) if inferred else (None, ResponseLink.NONE)


def infer(response: Publication) -> int | None:
    """The latest of the committee's earlier reports whose title or paper number the description names."""
    if not GOVERNMENT_RESPONSE.search(response.description) or response.committee_parliament_id is None:
        return None
    title = RESPONSE_TO.match(response.description)
    papers = {f"{house} {number}" for house, number in PAPER.findall(response.description)}
    reports = Publication.objects.filter(
        kind=PublicationKind.REPORT, committee_parliament_id=response.committee_parliament_id
    )
    if response.published_on:
        reports = reports.filter(Q(published_on__lte=response.published_on) | Q(published_on__isnull=True))
    wanted = words(title["title"]) if title else None
    for report in reports.order_by("-published_on", "-parliament_id").only(
        "parliament_id", "description", "paper_number"
    ):
        if (wanted and words(report.description) == wanted) or (report.paper_number and report.paper_number in papers):
            return report.parliament_id
    return None
