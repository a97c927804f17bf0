"""The editor's corrections of a draft, as plain functions on a DraftResponse (the review page calls them).

Each one changes the draft and then reads it again: the rules' readings and the checks of numbers and of the
replies' recommendations are made afresh, so no doubt outlives what it was about. An item an editor has edited
loses its doubts: the editor has looked at it. Bad input raises ReviewError with a message for the editor.
"""

import re

from intake.rules.tables import GOVERNMENT
from recommendations.validators import paragraph_numbers

from .draft import ERROR, Doubt, DraftRecommendation, DraftReply, DraftResponse
from .rules.apply import apply as apply_rules
from .segment import NUMBER, check_sequence
from .sentences import sentence_spans

_SEQUENCE = ("is out of sequence", "appears twice", "answers recommendation")


class ReviewError(Exception):
    """An edit that cannot be made; the message says why."""


def sentences(text: str) -> list[str]:
    """The text's sentences as written, which joined by a space give the text again (paragraph breaks aside)."""
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def _recheck(draft: DraftResponse) -> DraftResponse:
    for item in [*draft.recommendations, *draft.replies]:
        item.doubts = [d for d in item.doubts if not any(phrase in d.message for phrase in _SEQUENCE)]
    check_sequence(draft.recommendations)
    numbers = {r.number for r in draft.recommendations}
    for reply in draft.replies:
        for number in reply.numbers:
            if number not in numbers:
                message = f"this reply answers recommendation {number}, which the draft does not have."
                reply.doubts.append(Doubt(reply.line, message, ERROR))
    return apply_rules(draft)


def _remember(item, *names: str) -> None:
    """Keep the document's words of an item before an editor's first correction (the save tells them apart)."""
    for name in names:
        item.as_read.setdefault(name, getattr(item, name))


def _recommendation(draft: DraftResponse, index: int) -> DraftRecommendation:
    if not 0 <= index < len(draft.recommendations):
        raise ReviewError("That recommendation is no longer in the draft; reload the page.")
    return draft.recommendations[index]


def _renumber_replies(draft: DraftResponse, old: str, new: list[str]) -> None:
    for reply in draft.replies:
        if old in reply.numbers:
            at = reply.numbers.index(old)
            reply.numbers[at : at + 1] = [n for n in new if n not in reply.numbers]


def edit_recommendation(draft, index: int, *, number: str, paragraphs: str, text: str) -> DraftResponse:
    item = _recommendation(draft, index)
    number, text = number.strip().rstrip("."), _lines(text).strip()
    if not re.fullmatch(NUMBER, number):
        raise ReviewError(f"“{number}” is not a recommendation number like 12 or 8.12.")
    refs = paragraph_numbers(paragraphs) if paragraphs.strip() else []
    if refs is None:
        raise ReviewError(f"“{paragraphs}” is not a list of paragraphs like “17, 18” or “3.25”.")
    if not text:
        raise ReviewError("A recommendation needs its text.")
    if number != item.number:
        _renumber_replies(draft, item.number, [number])
    _remember(item, "text", "paragraphs")
    item.number, item.paragraphs, item.text, item.doubts = number, refs, text, []
    return _recheck(draft)


def split_recommendation(draft, index: int, *, after_sentence: int, new_number: str) -> DraftResponse:
    """Split a recommendation in two after one of its sentences; the second part gets `new_number`."""
    item = _recommendation(draft, index)
    parts = sentences(item.text)
    if not 1 <= after_sentence < len(parts):
        raise ReviewError("Choose a sentence before the last one to split after.")
    new_number = new_number.strip().rstrip(".")
    if not re.fullmatch(NUMBER, new_number):
        raise ReviewError(f"“{new_number}” is not a recommendation number like 12 or 8.12.")
    second = DraftRecommendation(item.line, new_number, [], " ".join(parts[after_sentence:]), group=item.group)
    _remember(item, "text")
    item.text, item.doubts = " ".join(parts[:after_sentence]), []
    draft.recommendations.insert(index + 1, second)
    for reply in draft.replies:
        if item.number in reply.numbers:
            reply.numbers.append(new_number)
    return _recheck(draft)


def merge_with_next(draft, index: int) -> DraftResponse:
    """One recommendation wrongly read as two: the next one's words join this one's; its replies follow."""
    item = _recommendation(draft, index)
    following = _recommendation(draft, index + 1)
    _remember(item, "text", "paragraphs")
    item.text = f"{item.text}\n\n{following.text}"
    item.paragraphs += [p for p in following.paragraphs if p not in item.paragraphs]
    item.notes += following.notes
    item.doubts = []
    _renumber_replies(draft, following.number, [item.number])
    del draft.recommendations[index + 1]
    return _recheck(draft)


def move_boundary(draft, index: int, *, reply_starts_at: int) -> DraftResponse:
    """The recommendation's sentences from `reply_starts_at` on are the reply's beginning, not its own words."""
    item = _recommendation(draft, index)
    parts = sentences(item.text)
    if not 1 <= reply_starts_at < len(parts):
        raise ReviewError("Choose a sentence after the first one: the recommendation keeps at least one.")
    moved = " ".join(parts[reply_starts_at:])
    _remember(item, "text")
    item.text, item.doubts = " ".join(parts[:reply_starts_at]), []
    reply = next((r for r in draft.replies if item.number in r.numbers), None)
    if reply is None:
        draft.replies.insert(
            _reply_place(draft, item), DraftReply(item.line, GOVERNMENT.slug, "", moved, [item.number])
        )
    else:
        _remember(reply, "text")
        reply.text = f"{moved}\n\n{reply.text}"
    return _recheck(draft)


def _reply_place(draft: DraftResponse, item: DraftRecommendation) -> int:
    """Where a new reply to `item` goes: after the replies to the recommendations before it."""
    before = {r.number for r in draft.recommendations[: draft.recommendations.index(item)]}
    return max((i + 1 for i, r in enumerate(draft.replies) if set(r.numbers) & before), default=0)


def _lines(text: str) -> str:
    """A form's text with "\n" line ends: browsers send a textarea's lines ended by CR LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def edit_reply(draft, index: int, *, heading: str, responder: str, text: str, numbers: str) -> DraftResponse:
    """Correct a reply, or give it to other recommendations ("12, 13")."""
    if not 0 <= index < len(draft.replies):
        raise ReviewError("That reply is no longer in the draft; reload the page.")
    answers = [n.strip().rstrip(".") for n in re.split(r"[,\s]+", numbers) if n.strip()]
    known = {r.number for r in draft.recommendations}
    if not answers or any(n not in known for n in answers):
        raise ReviewError(
            f"Give the numbers of the recommendations this reply answers, from: {', '.join(sorted(known, key=_order))}."
        )
    if not text.strip() or not responder.strip():
        raise ReviewError("A reply needs its text and who gave it.")
    if len(heading) > 500:
        raise ReviewError("A reply heading can be 500 characters at most.")
    reply = draft.replies[index]
    _remember(reply, "heading", "text")
    reply.heading, reply.responder, reply.text, reply.numbers, reply.doubts = (
        heading.strip(),
        responder.strip(),
        _lines(text).strip(),
        answers,
        [],
    )
    return _recheck(draft)


def _order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))
