"""The third stage: the rules' readings of a draft — each recommendation's kind, the bodies it addresses and a
suggested status from its replies — made again from scratch whenever the draft changes.

The rule tables themselves live in one place, `intake.tables.tables`; this module only applies them.

A recommendation with replies of its own gets the status their words support. One with none but whose group
was answered (or which a heading acknowledges without text) is suggested "noted"; one whose group has no reply
at all stays "awaiting response", with no status suggested.
"""

from intake.rules import tables
from recommendations.models import Status

from ..draft import CHECK, Doubt, DraftRecommendation, DraftResponse, StageFailed

UNSURE = tables.UNSURE


def apply(draft: DraftResponse) -> DraftResponse:
    answered = _answered_groups(draft)
    replies = _replies_by_number(draft)
    for recommendation in draft.recommendations:
        try:
            recommendation.kind = tables.kind(recommendation.text)
            recommendation.bodies = [body.slug for body in tables.bodies_addressed(recommendation.text)]
            _suggest(recommendation, replies.get(recommendation.number, []), answered)
        except Exception as error:  # words no rule foresaw: a message naming the item, never a traceback
            raise StageFailed(recommendation.line, "reading the replies' words", error) from error
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


def _replies_by_number(draft: DraftResponse) -> dict[str, list[str]]:
    """Each recommendation number → the texts of the replies to it, in the document's order (one pass)."""
    texts: dict[str, list[str]] = {}
    for reply in draft.replies:
        for number in dict.fromkeys(reply.numbers):
            texts.setdefault(number, []).append(reply.text)
    return texts


def _suggest(recommendation: DraftRecommendation, own: list[str], answered: dict[int, str]) -> None:
    if own:
        suggestion = tables.suggest_status("\n\n".join(own), kind=recommendation.kind)
    elif recommendation.acknowledged:
        suggestion = tables.Suggestion(Status.NOTED, None, recommendation.acknowledged)
    elif recommendation.group in answered:
        suggestion = tables.Suggestion(Status.NOTED, None, answered[recommendation.group])
    else:
        suggestion = None
    recommendation.doubts = [d for d in recommendation.doubts if not d.message.startswith(UNSURE)]
    if suggestion and suggestion.unsure:
        recommendation.doubts.append(Doubt(recommendation.line, suggestion.unsure, CHECK))
    recommendation.status = suggestion.status if suggestion else ""
    recommendation.review = (suggestion.review or "") if suggestion else ""
    recommendation.evidence = suggestion.evidence if suggestion else ""


def _reviews_announced(draft: DraftResponse) -> dict[str, str]:
    announced: dict[str, str] = {}
    reviews = list(dict.fromkeys(r.review for r in draft.recommendations if r.review))
    for period, phrase in draft.announcements:
        for review in reviews:
            if review.split()[0] in phrase:
                announced.setdefault(review, period)
    return announced
