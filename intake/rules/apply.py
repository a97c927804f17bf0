"""The third stage: the rules' readings of a draft — each recommendation's kind, the bodies it addresses and a
suggested status from its replies — made again from scratch whenever the draft changes.

The rule tables themselves live in one place, `intake.tables.tables`; this module only applies them.

A recommendation with replies of its own gets the status their words support. One with none but whose group
was answered (or which a heading acknowledges without text) is suggested "noted"; one whose group has no reply
at all stays "awaiting response", with no status suggested.
"""

from intake.rules import tables
from recommendations.models import Status

from ..draft import DraftRecommendation, DraftResponse


def apply(draft: DraftResponse) -> DraftResponse:
    answered = _answered_groups(draft)
    for recommendation in draft.recommendations:
        recommendation.kind = tables.kind(recommendation.text)
        recommendation.bodies = [body.slug for body in tables.bodies_addressed(recommendation.text)]
        _suggest(recommendation, draft, answered)
    draft.review_announced = _reviews_announced(draft)
    return draft


def _answered_groups(draft: DraftResponse) -> dict[int, str]:
    """For each group with a reply: the evidence that it was answered (the replies' headings or first lines)."""
    groups = {r.number: r.group for r in draft.recommendations}
    evidence: dict[int, list[str]] = {}
    for reply in draft.replies:
        for group in {groups[number] for number in reply.numbers if number in groups}:
            evidence.setdefault(group, []).append(reply.heading or reply.text.split("\n")[0])
    return {group: "; ".join(parts) for group, parts in evidence.items()}


def _suggest(recommendation: DraftRecommendation, draft: DraftResponse, answered: dict[int, str]) -> None:
    own = [reply.text for reply in draft.replies if recommendation.number in reply.numbers]
    if own:
        suggestion = tables.suggest_status("\n\n".join(own), kind=recommendation.kind)
    elif recommendation.acknowledged:
        suggestion = tables.Suggestion(Status.NOTED, None, recommendation.acknowledged)
    elif recommendation.group in answered:
        suggestion = tables.Suggestion(Status.NOTED, None, answered[recommendation.group])
    else:
        suggestion = None
    recommendation.status = suggestion.status if suggestion else ""
    recommendation.review = (suggestion.review or "") if suggestion else ""
    recommendation.evidence = suggestion.evidence if suggestion else ""


def _reviews_announced(draft: DraftResponse) -> dict[str, str]:
    announced: dict[str, str] = {}
    for period, phrase in draft.announcements:
        for recommendation in draft.recommendations:
            review = recommendation.review
            if review and review.split()[0] in phrase:
                announced.setdefault(review, period)
    return announced
