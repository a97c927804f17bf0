"""The editor's corrections of a draft, as plain functions on a DraftResponse (the review page calls them).

Each one changes the draft and then reads it again: the rules' readings and the checks of numbers and of the
replies' recommendations are made afresh, so no doubt outlives what it was about. An item an editor has edited
loses its doubts: the editor has looked at it. The two one-click corrections that touch many items (a heading read
as a recommendation; numbering in reading order) drop only the doubts they settle, and leave a warning on the draft
saying what the editor did. The document's words stay in each item's `as_read`. Bad input raises ReviewError with a
message for the editor.
"""

import re

from intake.rules.tables import GOVERNMENT
from recommendations.validators import paragraph_numbers

from .draft import CHECK, ERROR, WARNING, Doubt, DraftRecommendation, DraftReply, DraftResponse
from .rules.apply import apply as apply_rules
from .segment import NUMBER, check_sequence
from .sentences import sentence_spans

_SEQUENCE = ("is out of sequence", "appears twice", "answers recommendation")
# The doubts that say the printed numbers are missing, repeated, out of order or unusable.
_NUMBERING = ("is out of sequence", "appears twice", "numbered in reading order", "recommendation number is too long")
READING_ORDER = "An editor numbered the recommendations"
ANSWERS_NONE = (", a heading, not a recommendation: it answers no recommendation now. Give it to the ones it "
                "answers (Correct a reply).")  # fmt: skip
HEADING_LIMIT = 200  # characters: longer words are a recommendation (or need correcting first), not a heading


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
        value = getattr(item, name)
        item.as_read.setdefault(name, list(value) if isinstance(value, list) else value)  # a copy: lists change


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


def heading_not_recommendation(draft, index: int) -> DraftResponse:
    """What was read as a recommendation is a section heading ("Funding"): it leaves the recommendations, and its
    words become the section of the recommendations after it, up to the next section heading.

    A reply that answered it with other recommendations keeps the others. A reply that answered it alone is kept,
    answering no recommendation, with a check saying so: the words under a heading may open the section or end the
    reply before it, and only the editor can tell (Correct a reply gives it to the right ones); a guess would let
    the rules suggest a status from words that may not answer anything. Nothing is lost: the document's reading
    (the words and the number) stays on the draft as a warning, each recommendation keeps the section it was read
    under and each reply the numbers it was read with (`as_read`)."""
    item = _recommendation(draft, index)
    heading = " ".join(item.text.split()).removesuffix(".")
    if len(draft.recommendations) == 1:
        raise ReviewError("This is the draft's only recommendation: a response needs at least one.")
    if len(heading) > HEADING_LIMIT:
        raise ReviewError(
            f"Recommendation {item.number} has {len(heading)} characters, too many for a heading (at most "
            f"{HEADING_LIMIT}). If it begins with a heading, correct its words first."
        )
    del draft.recommendations[index]
    under = []
    for following in draft.recommendations[index:]:
        if following.section != item.section:
            break  # the next section heading
        _remember(following, "section")
        following.section = heading
        under.append(following.number)
    if all(other.number != item.number for other in draft.recommendations):  # a number printed twice stays
        _forget_number(draft, item.number, heading)
    message = f"“{heading}”, read as recommendation {item.number}, is a heading (an editor's correction): "
    draft.doubts.append(Doubt(item.line, message + _under(under), WARNING))
    return _recheck(draft)


def _under(numbers: list[str]) -> str:
    if not numbers:
        return "no recommendation is under it."
    if len(numbers) == 1:
        return f"recommendation {numbers[0]} is under it."
    return f"recommendations {numbers[0]} to {numbers[-1]} are under it."


def _forget_number(draft: DraftResponse, number: str, heading: str) -> None:
    """The replies no longer answer `number`, now a heading; one that answered nothing else says so."""
    for reply in draft.replies:
        if number in reply.numbers:
            _answer(reply, [n for n in reply.numbers if n != number])
            if not reply.numbers:
                message = f"this reply answered only “{heading[:80]}”{ANSWERS_NONE}"
                reply.doubts.append(Doubt(reply.line, message, CHECK))


def _answer(reply: DraftReply, numbers: list[str]) -> None:
    """Give a reply other numbers; it keeps the ones it was read with."""
    _remember(reply, "numbers")
    reply.numbers = numbers


def numbering_in_doubt(draft: DraftResponse) -> bool:
    """Whether a doubt says the recommendations' numbers are missing, repeated or out of order."""
    return any(_about_numbers(doubt) for doubt in draft.all_doubts())


def _about_numbers(doubt: Doubt) -> bool:
    return doubt.level in (CHECK, ERROR) and any(phrase in doubt.message for phrase in _NUMBERING)


def number_in_reading_order(draft: DraftResponse) -> DraftResponse:
    """Number the recommendations 1, 2, 3 ... in reading order, whatever the document printed ("8.12", a number
    twice, none), and the replies' numbers with them: a reply keeps every recommendation it answered.

    Where a number was printed twice, a reply answers the one printed last before it (in a PDF, the last on its
    page or before). The doubts about the
    numbers go (the re-check makes afresh any still true), and one warning says an editor numbered them; each
    recommendation keeps the number it was printed with (`as_read`). A reply naming a number no recommendation has
    is refused first: which recommendation it meant is for the editor to say."""
    items = draft.recommendations
    new = [str(position) for position in range(1, len(items) + 1)]
    changed = [(item.number, new[at]) for at, item in enumerate(items) if item.number != new[at]]
    if not changed and not numbering_in_doubt(draft):
        raise ReviewError(f"The recommendations are already numbered 1 to {len(items)} in reading order.")
    known = {item.number for item in items}
    for position, reply in enumerate(draft.replies, start=1):
        if unknown := [n for n in reply.numbers if n not in known]:
            raise ReviewError(f"Reply {position} answers recommendation {unknown[0]}, which the draft does not have: "
                              "give it to the recommendations it answers first (Correct a reply).")  # fmt: skip
    _follow(draft, new)
    for at, item in enumerate(items):
        if item.number != new[at]:
            _remember(item, "number")
            item.number = new[at]
        item.doubts = [doubt for doubt in item.doubts if not _about_numbers(doubt)]
    shown = ", ".join(f"{old} → {number}" for old, number in changed[:5])
    more = f" and {len(changed) - 5} more" if len(changed) > 5 else ""
    changes = f" (as printed: {shown}{more})" if changed else ""
    draft.doubts = [d for d in draft.doubts if not _about_numbers(d) and not d.message.startswith(READING_ORDER)]
    draft.doubts.append(Doubt(None, f"{READING_ORDER} 1 to {len(items)} in reading order{changes}.", WARNING))
    return _recheck(draft)


def _follow(draft: DraftResponse, new: list[str]) -> None:
    """Each reply's numbers → the `new` numbers of the recommendations it answers (see number_in_reading_order)."""
    items = draft.recommendations
    places: dict[str, list[int]] = {}
    for position, item in enumerate(items):
        places.setdefault(item.number, []).append(position)
    for reply in draft.replies:
        chosen: list[int] = []
        for number in reply.numbers:
            if left := [position for position in places.get(number, []) if position not in chosen]:
                before = [position for position in left if _at_or_before(items[position].line, reply.line)]
                chosen.append(before[-1] if before else left[0])
        numbers = [new[position] for position in sorted(chosen)]
        if numbers != reply.numbers:
            _answer(reply, numbers)


def _at_or_before(place: int | str, other: int | str) -> bool:
    """Whether `place` ("line 12", "page 3") is printed no later than `other`; False where either is unknown."""
    first, second = _where(place), _where(other)
    return first is not None and second is not None and first[0] == second[0] and first[1] <= second[1]


def _where(place: int | str) -> tuple[str, int] | None:
    if isinstance(place, int):
        return ("line", place)
    found = re.fullmatch(r"page (\d+)", str(place))
    return ("page", int(found[1])) if found else None
