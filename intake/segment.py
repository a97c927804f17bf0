"""The second stage: blocks → a draft. Which blocks are recommendations, replies, reply headings, section
headings or front matter, and which reply answers which recommendation.

How recommendations are set apart is read from the document's own cues:
- *by type*: when most numbered paragraphs (or paragraphs under a "Recommendation 12" heading) share a type the
  others lack (bold, italic or a shaded box), a recommendation is a run of paragraphs in that type, and the change
  of type is its end; its paragraph reference ("(Paragraphs 17 and 18)") is optional;
- *by numbering* otherwise (plain text): a numbered paragraph ("12. ...", "8.12. ...") up to its reference.

After the front matter (committee, titles, dates) and an "Introduction", recommendations come in groups, each
followed by the replies to it. A reply covers its whole group unless headed: "Paragraph N: <words>" or
"Recommendation N: <words>" goes to the recommendation whose words it quotes (the number decides only when the
words do not); "Response from <body>: paragraph N" is a reply from that body. A heading with nothing under it
gives no reply, but acknowledges the recommendation. Footnotes stay out of the text, as notes of their item.

Nothing uncertain is decided silently: each doubt is kept on its item (see draft.Doubt).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from recommendations.validators import MAX_TEXT_LENGTH, paragraph_numbers

from .blocks import BULLET, Block, join_lines
from .draft import CHECK, ERROR, WARNING, Doubt, DraftRecommendation, DraftReply, DraftResponse, FrontMatter
from .readers import Document
from .rules import tables

NUMBER = r"\d{1,3}(?:\.\d{1,3})*"
RECOMMENDATION_START = re.compile(rf"^(?P<number>{NUMBER})\.\s+(?P<text>\S.*)$", re.DOTALL)
# Set apart by type, a number needs no full stop: "12 The Government should ...".
TYPED_START = re.compile(rf"^(?P<number>{NUMBER})\.?\s+(?P<text>[A-Z“‘\"'(].*)$", re.DOTALL)
RECOMMENDATION_HEADING = re.compile(rf"^(?:Recommendation|Conclusion)\s+(?P<number>{NUMBER})\.?\s*$", re.I)
_REFERENCE = r"\(\s*(?:paragraphs?|paras?\.?)\s+(?P<refs>[^()]+?)\s*\)[.;]?"
REFERENCE = re.compile(rf"\s*{_REFERENCE}\s*$", re.IGNORECASE)
REFERENCE_INSIDE = re.compile(rf"\s*{_REFERENCE}\s+(?=[A-Z“‘\"'])", re.IGNORECASE)
REFERENCE_ONLY = re.compile(r"\(\s*(?:paragraphs?|paras?\.?)\s+[^()]+\)[.;]?", re.IGNORECASE)
_NUMBERS = r"\d+(?:\.\d+)*(?:\s*(?:,|and|&|–|-|to)\s*\d+(?:\.\d+)*)*"
PARAGRAPH_HEADING = re.compile(
    rf"^(?P<label>Paragraphs?|Recommendations?)\s+(?P<numbers>{_NUMBERS})\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
# A line of its own: "Response from Ofsted: paragraph 42", or just "Response from Ofsted".
RESPONSE_HEADING = re.compile(
    rf"^Response from (?P<responder>[^:.?!]{{2,100}}?)"
    rf"(?:\s*:\s*(?P<label>(?i:paragraphs?|recommendations?))\s+(?P<numbers>{_NUMBERS}))?\s*:?\s*$"
)
# Where a heading's words run on into the first sentence of the reply: "... of the reforms We do not accept ...".
REPLY_STARTS = re.compile(r"(?<=[a-z0-9)])\s+(?=(?:We|Our|The Government|The Department|This|These|It|However)\b)")
DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
ANNOUNCED = re.compile(r"\b[Ii]n ([A-Z][a-z]+ \d{4}),? we announced (?:a|the) ([^.]*?\breview\b[^.]*)")


class NoRecommendations(Exception):
    """The document holds nothing that reads as a recommendation."""


@dataclass
class _Group:
    recommendations: list[DraftRecommendation] = field(default_factory=list)
    paragraphs: list[Block] = field(default_factory=list)


def _first_line(block: Block) -> str:
    return Block(block.line, block.lines[:1]).text.strip()


def is_reply_heading(block: Block) -> bool:
    line = _first_line(block)
    return bool(PARAGRAPH_HEADING.match(line) or RESPONSE_HEADING.match(line))


# --- Page breaks ---------------------------------------------------------------------------------------

_ENDS_SENTENCE = tuple(".?!:;”\"')’…")
_RUNNING_PROSE = re.compile(r"[.?!]\s+[A-Z]")


def is_continuation(previous: Block, following: Block) -> bool:
    """Whether a page break split one paragraph into these two.

    The first must stop mid-sentence (no closing punctuation, not a bullet), and the second either starts with a
    small letter or the first is running prose (it holds a whole sentence already): "... the evidence that the" /
    "Committee has supplied ...". Both must be in the same type, and neither a heading.
    """
    if previous.style != following.style or previous.heading or following.heading:
        return False
    last = previous.lines[-1].strip()
    if BULLET.match(last) or join_lines(previous.lines).endswith(_ENDS_SENTENCE):
        return False
    first = following.lines[0].strip()
    if BULLET.match(first):
        return False
    return first[:1].islower() or bool(_RUNNING_PROSE.search(join_lines(previous.lines)))


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Blocks with page-break splits joined again; reply headings and numbered items are never joined."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not is_reply_heading(previous)
            and not is_reply_heading(block)
            and not RECOMMENDATION_START.match(block.text)
            and is_continuation(previous, block)
        ):
            joined[-1] = Block(
                previous.line,
                previous.lines + block.lines,
                bold=previous.bold,
                italic=previous.italic,
                shaded=previous.shaded,
                notes=previous.notes + block.notes,
            )
        else:
            joined.append(block)
    return joined


# --- Front matter -------------------------------------------------------------------------------------


def _date(line, text: str, doubts: list[Doubt]) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        doubts.append(Doubt(line, f"cannot read the date “{text}”.", ERROR))
        return None


def parse_front_matter(blocks: list[Block], doubts: list[Doubt]) -> FrontMatter:
    """The fields the front matter gives; those it does not give stay empty."""
    front = FrontMatter()
    intro_at = None
    for index, block in enumerate(blocks):
        text = block.text.strip()
        for line in (Block(block.line, [raw]).text.strip() for raw in block.lines):
            if not front.house and re.fullmatch(r"House of (?:Commons|Lords)", line):
                front.house = line
            elif not front.committee and re.fullmatch(r"(?:The )?[A-Z][\w ,&'’-]* Committee", line):
                front.committee = re.sub(r"^The ", "", line)
            elif not front.response_title and re.match(r"(?!Appendix\b).*\bGovernment Response to\b", line):
                front.response_title = line
        if match := re.fullmatch(r"\w+ Special Report of Session\s+(?P<session>\S+)", text):
            front.response_session = match["session"]
        if match := re.search(rf"[Oo]rdered by the House of \w+\s+to be printed (?:on )?(?P<date>{DATE})", text):
            front.printed_on = _date(block.line, match["date"], doubts)
        published = re.search(
            rf"On (?P<date>{DATE}),? the (?P<committee>.+?) published its (?P<number>\w+ Report) of Session "
            r"(?P<session>[\d–-]+),? (?P<title>.+?) \((?P<hc>HC [^)]+)\)",
            text,
        )
        if published:
            front.published_on = _date(block.line, published["date"], doubts)
            front.committee = front.committee or published["committee"]
            front.report_number, front.session = published["number"], published["session"]
            front.title, front.hc_number = published["title"].strip(), published["hc"]
        if match := re.search(rf"response was received on (?P<date>{DATE})", text):
            front.received_on = _date(block.line, match["date"], doubts)
        if intro_at is None and text.lower() == "introduction":
            intro_at = index
    if intro_at is not None:
        front.introduction = "\n\n".join(b.text.strip() for b in blocks[intro_at + 1 :] if not b.heading)
    return front


# --- How recommendations are set apart ----------------------------------------------------------------


def _headed_number(blocks: list[Block], index: int) -> str | None:
    """The number of a "Recommendation 12" heading just before blocks[index], if there is one."""
    if index == 0:
        return None
    match = RECOMMENDATION_HEADING.match(blocks[index - 1].text.strip())
    return match["number"] if match else None


def recommendation_type(blocks: list[Block]) -> str | None:
    """The type ("bold", "italic" or "shaded") that sets recommendations apart, or None if none does."""
    candidates = [
        block
        for index, block in enumerate(blocks)
        if (TYPED_START.match(block.text) or _headed_number(blocks, index)) and not block.heading
    ]
    counts = Counter(name for block in candidates for name in block.style)
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= max(2, 0.6 * len(candidates)) else None


def _starts(blocks: list[Block], index: int, typed: str | None) -> str | None:
    """The number of the recommendation starting at blocks[index], or None."""
    block = blocks[index]
    if is_reply_heading(block) or block.heading:
        return None
    if typed is None:
        match = RECOMMENDATION_START.match(block.text)
        return match["number"] if match else _headed_number(blocks, index)
    if typed not in block.style:
        return None
    match = TYPED_START.match(block.text)
    return match["number"] if match else _headed_number(blocks, index)


def _own_text(block: Block, typed: str | None) -> str:
    match = (TYPED_START if typed else RECOMMENDATION_START).match(block.text)
    return (match["text"] if match else block.text).strip()


def _read_recommendation(blocks, index, number, typed, doubts) -> tuple[DraftRecommendation, int, list[Block]]:
    """The recommendation starting at blocks[index], the index after it, and any reply found inside it."""
    first = blocks[index]
    text, notes, index = _own_text(first, typed), list(first.notes), index + 1
    while not REFERENCE.search(text) and index < len(blocks) and _starts(blocks, index, typed) is None:
        following = blocks[index]
        if is_reply_heading(following) or RECOMMENDATION_HEADING.match(following.text.strip()):
            break
        if typed:
            if typed not in following.style:
                break
            text += "\n\n" + following.text.strip()
        elif REFERENCE_ONLY.fullmatch(following.text.strip()):
            text += " " + following.text.strip()
        elif text.endswith(":") or following.text.strip().startswith(("- ", "• ")):
            text += "\n" + following.text.strip()
        else:
            break
        notes += following.notes
        index += 1
    recommendation, spill = _with_reference(first, number, text, doubts)
    recommendation.notes = notes
    return recommendation, index, spill


def _with_reference(first: Block, number: str, text: str, doubts: list[Doubt]):
    """The recommendation with its paragraph reference read; words after the reference come back as a reply."""
    spill: list[Block] = []
    reference = REFERENCE.search(text)
    if reference is None and (inside := REFERENCE_INSIDE.search(text)):
        rest = text[inside.end() :].strip()
        spill = [Block(first.line, [part]) for part in rest.split("\n\n")]
        text = text[: inside.end()].strip()
        doubts.append(
            Doubt(
                first.line,
                "the reply may begin inside the recommendation: the words after its paragraph "
                f"reference (“{rest[:60]}…”) were taken as the reply.",
                CHECK,
            )  # fmt: skip
        )
        reference = REFERENCE.search(text)
    if reference is None:
        return DraftRecommendation(first.line, number, [], text.strip()), spill
    numbers = paragraph_numbers(reference["refs"])
    if numbers is None:
        doubts.append(Doubt(first.line, f"cannot read the paragraph reference “{reference.group().strip()}”.", CHECK))
        numbers = []
    return DraftRecommendation(first.line, number, numbers, text[: reference.start()].strip()), spill


def check_sequence(recommendations: list[DraftRecommendation]) -> None:
    seen: dict[str, int | str] = {}
    previous = None
    for recommendation in recommendations:
        number, line, doubts = recommendation.number, recommendation.line, recommendation.doubts
        if number in seen:
            where = f"line {seen[number]}" if isinstance(seen[number], int) else seen[number]
            doubts.append(Doubt(line, f"recommendation number {number} appears twice (first at {where}).", ERROR))
            continue
        seen[number] = line
        parts = tuple(int(part) for part in number.split("."))
        if len(parts) == 1 and (previous is None or len(previous) == 1):
            expected = (previous[0] + 1,) if previous else (1,)
            if parts != expected:
                doubts.append(
                    Doubt(line, f"recommendation {number} is out of sequence: expected {expected[0]}.", CHECK)
                )
        elif previous and parts <= previous:
            after = ".".join(map(str, previous))
            doubts.append(Doubt(line, f"recommendation {number} is out of sequence: it comes after {after}.", CHECK))
        previous = parts


def _check_references(recommendations: list[DraftRecommendation], typed: str | None) -> None:
    """A missing paragraph reference is a doubt where the document gives them for the others."""
    with_reference = sum(1 for r in recommendations if r.paragraphs)
    if with_reference * 2 < len(recommendations):
        return  # the document does not give them
    for recommendation in recommendations:
        if not recommendation.paragraphs:
            recommendation.doubts.append(
                Doubt(
                    recommendation.line,
                    f"recommendation {recommendation.number} has no paragraph reference such as “(Paragraph 17)” "
                    "at its end.",
                    WARNING if typed else CHECK,
                )
            )


# --- Replies ------------------------------------------------------------------------------------------


def _match_heading(block, label, numbers, title, group, doubts) -> list[DraftRecommendation]:
    """The recommendations a reply heading names: by the words it quotes, else by its number."""
    if title and (quoted := tables.quoted(title, [r.text for r in group])) is not None:
        return [group[quoted]]
    if label.lower().startswith("recommendation"):
        matched = [r for r in group if r.number in numbers]
    else:
        matched = [r for r in group if set(numbers) & set(r.paragraphs)]
    if not matched:
        covered = ", ".join(r.number for r in group)
        doubts.append(
            Doubt(
                block.line,
                f"the reply heading “{_first_line(block)}” matches no recommendation of the group it follows "
                f"({covered}): none cites that paragraph or starts with those words. It was given to the whole group.",
                CHECK,
            )
        )
        return list(group)
    return matched


@dataclass
class _Segment:
    block: Block
    responder: str
    heading: str
    covered: list[DraftRecommendation]
    texts: list[str]
    notes: list[str]
    doubts: list[Doubt]


def _heading_segment(block: Block, everyone: list[DraftRecommendation]) -> _Segment | None:
    line = _first_line(block)
    rest = Block(block.line, block.lines[1:]).text.strip() if block.lines[1:] else ""
    doubts: list[Doubt] = []
    if match := PARAGRAPH_HEADING.match(line):
        split = REPLY_STARTS.search(match["rest"])
        title = (match["rest"][: split.start()] if split else match["rest"]).strip()
        first_text = (match["rest"][split.end() :] if split else "").strip()
        numbers = paragraph_numbers(match["numbers"]) or []
        covered = _match_heading(block, match["label"], numbers, title, everyone, doubts)
        heading = (line[: len(line) - len(match["rest"])] + title).strip()
        texts = [t for t in (first_text, rest) if t]
        return _Segment(block, tables.GOVERNMENT.slug, heading, covered, texts, list(block.notes), doubts)
    if match := RESPONSE_HEADING.match(line):
        body = tables.find_body(match["responder"])
        responder = body.slug if body else re.sub(r"^the\s+", "", match["responder"].strip(), flags=re.I)
        numbers = paragraph_numbers(match["numbers"]) if match["numbers"] else None
        covered = _match_heading(block, match["label"], numbers, "", everyone, doubts) if numbers else everyone
        return _Segment(block, responder, line, list(covered), [rest] if rest else [], list(block.notes), doubts)
    return None


def _group_replies(group: _Group, replies: list[DraftReply]) -> None:
    """Split a group's reply paragraphs into replies, appended to `replies`."""
    segments: list[_Segment] = []
    everyone = group.recommendations
    for block in group.paragraphs:
        if segment := _heading_segment(block, everyone):
            segments.append(segment)
        elif block.heading:
            continue  # a section heading between items
        elif segments:
            segments[-1].texts.append(block.text.strip())
            segments[-1].notes += block.notes
        else:
            segments.append(
                _Segment(block, tables.GOVERNMENT.slug, "", everyone, [block.text.strip()], list(block.notes), [])
            )
    for segment in segments:
        if not segment.texts:
            for recommendation in segment.covered:
                recommendation.acknowledged = recommendation.acknowledged or segment.heading
            if segment.covered:
                segment.covered[0].doubts += segment.doubts
            continue
        if len(segment.heading) > 500:
            segment.doubts.append(Doubt(segment.block.line, "the reply heading is longer than 500 characters.", ERROR))
        numbers = [r.number for r in segment.covered]
        reply = DraftReply(segment.block.line, segment.responder, segment.heading, "\n\n".join(segment.texts), numbers)
        reply.notes, reply.doubts = segment.notes, segment.doubts
        replies.append(reply)


def _note_footnotes(items) -> None:
    for item in items:
        if item.notes:
            count = len(item.notes)
            item.doubts.append(
                Doubt(item.line, f"footnote text removed: {count} footnote{'s' * (count > 1)} kept as notes.")
            )


# --- The whole document -------------------------------------------------------------------------------


def segment(document: Document) -> DraftResponse:
    """The draft of a document's recommendations and replies; NoRecommendations if it has none."""
    blocks = join_page_breaks(document.blocks)
    typed = recommendation_type(blocks)
    start = next((i for i in range(len(blocks)) if _starts(blocks, i, typed) is not None), None)
    if start is None:
        raise NoRecommendations()
    front_end = start - 1 if _headed_number(blocks, start) else start
    doubts: list[Doubt] = []
    front = parse_front_matter(blocks[:front_end], doubts)

    groups: list[_Group] = []
    recommendations: list[DraftRecommendation] = []
    index = start
    while index < len(blocks):
        number = _starts(blocks, index, typed)
        if number is None:
            if not RECOMMENDATION_HEADING.match(blocks[index].text.strip()):
                groups[-1].paragraphs.append(blocks[index])
            index += 1
            continue
        if not groups or groups[-1].paragraphs:
            groups.append(_Group())
        found: list[Doubt] = []
        recommendation, index, spill = _read_recommendation(blocks, index, number, typed, found)
        recommendation.doubts += found
        recommendation.group = len(groups)
        if len(recommendation.number) > 20:
            recommendation.doubts.append(Doubt(recommendation.line, "the recommendation number is too long.", ERROR))
        if len(recommendation.text) > MAX_TEXT_LENGTH:
            too_long = f"recommendation {recommendation.number} has {len(recommendation.text):,} characters; a text may"
            recommendation.doubts.append(
                Doubt(recommendation.line, f"{too_long} have at most {MAX_TEXT_LENGTH:,}.", ERROR)
            )
        groups[-1].recommendations.append(recommendation)
        groups[-1].paragraphs += spill
        recommendations.append(recommendation)
    check_sequence(recommendations)
    _check_references(recommendations, typed)

    replies: list[DraftReply] = []
    for group in groups:
        before = len(replies)
        _group_replies(group, replies)
        if len(replies) == before:
            for recommendation in group.recommendations:
                if not recommendation.acknowledged:
                    recommendation.doubts.append(Doubt(recommendation.line, "no reply found."))
    _note_footnotes(recommendations + replies)
    if document.joined_words:
        words = ", ".join(f"“{word}”" for word in document.joined_words[:10])
        doubts.append(Doubt(None, f"words hyphenated at a line's end were joined without the hyphen: {words}."))
    announcements = [(m[1], m[2]) for m in ANNOUNCED.finditer(document.text)]
    return DraftResponse(document.path, document.format, front, recommendations, replies, doubts, announcements)
