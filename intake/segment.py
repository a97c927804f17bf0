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

A committee report (its cover says so: intake.report) is read otherwise: only the numbered items of its
"Conclusions and recommendations" section, each up to its paragraph reference, with no replies.

Nothing uncertain is decided silently: each doubt is kept on its item (see draft.Doubt).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from recommendations.timephrases import parse_date
from recommendations.validators import MAX_TEXT_LENGTH, paragraph_numbers

from .blocks import BULLET, Block, join_lines
from .draft import (
    CHECK,
    ERROR,
    WARNING,
    Doubt,
    DraftRecommendation,
    DraftReply,
    DraftResponse,
    FrontMatter,
    StageFailed,
)
from .labels import ReplyBlock, is_label, is_labelled, is_topic, relabel, unbox
from .readers import Document
from .report import COMMITTEE, HOUSE, conclusions, describe, items, read_cover, report_cue
from .rules import tables

NUMBER = r"\d{1,3}(?:\.\d{1,3})*"
RECOMMENDATION_START = re.compile(rf"^(?P<number>{NUMBER})\.\s+(?P<text>\S.*)$", re.DOTALL)
UNDOTTED_START = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})+)\s+(?P<text>[A-Z“‘\"'(].*)$", re.DOTALL)
# Set apart by type, a number needs no full stop: "12 The Government should ...".
TYPED_START = re.compile(rf"^(?P<number>{NUMBER})\.?\s+(?P<text>[A-Z“‘\"'(].*)$", re.DOTALL)
RECOMMENDATION_HEADING = re.compile(rf"^(?:Recommendation|Conclusion)\s+(?P<number>{NUMBER})\.?\s*$", re.I)
# Each part of a pattern takes what the next cannot (the references start at a non-space, no leading "\s*"), so a
# search never tries one run of spaces in many ways: it stays linear in the text.
_REFERENCE = r"\(\s*(?:paragraphs?|paras?\.?)\s+(?P<refs>[^()\s][^()]*)\)[.;]?"
REFERENCE = re.compile(rf"{_REFERENCE}\s*$", re.IGNORECASE)
REFERENCE_INSIDE = re.compile(rf"{_REFERENCE}\s+(?=[A-Z“‘\"'])", re.IGNORECASE)
REFERENCE_ONLY = re.compile(r"\(\s*(?:paragraphs?|paras?\.?)\s+[^()\s][^()]*\)[.;]?", re.IGNORECASE)
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
_REPORT = (
    r"published its (?P<number>\w+ Report) of Session (?P<session>[\d–-]+),? (?:entitled )?(?P<title>.+?),? "
    r"\((?P<hc>H[CL](?: Paper)? [^)]+)\)"
)
# A special report's opening paragraph, in its two common orders.
PUBLISHED = re.compile(rf"On (?P<date>{DATE}),? the (?P<committee>.+?) {_REPORT}")
PUBLISHED_ON = re.compile(rf"(?:The|the) (?P<committee>[\w ,&'’-]*?Committee) {_REPORT},? on (?P<date>{DATE})")
COMMAND_PAPER = re.compile(r"(?P<series>CP|Cm|Cmnd)\.?\s*(?P<number>\d{1,5})")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_YEAR = re.compile(rf"(?:\d{{1,2}} )?(?:{_MONTHS}) \d{{4}}")
PRESENTED = re.compile(rf"by Command of (?:His|Her) Majesty\W+(?P<date>(?:\d{{1,2}} )?(?:{_MONTHS}) \d{{4}})")
ANNOUNCED = re.compile(r"\b[Ii]n ([A-Z][a-z]+ \d{4}),? we announced (?:a|the) ")
REVIEW_WORD = re.compile(r"\breview\b")


def announced_reviews(text: str) -> list[tuple[str, str]]:
    """("September 2019", "review of SEND ...") for each sentence saying "In September 2019 we announced a review".

    Read sentence by sentence (up to a full stop), the first announcement in each: one pass over the text."""
    found = []
    for sentence in text.split("."):
        if (match := ANNOUNCED.search(sentence)) and REVIEW_WORD.search(sentence, match.end()):
            found.append((match[1], sentence[match.end() :]))
    return found


INLINE_REPLY = "the reply may begin inside the recommendation"


class NoRecommendations(Exception):
    """The document holds nothing that reads as a recommendation; `message` says where it looked, if it can."""

    def __init__(self, place: int | str | None = None, message: str = ""):
        self.place, self.message = place, message
        super().__init__(message)


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
_LEADING_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?\s+")


def _is_prose(text: str) -> bool:
    """Whether text holds a whole sentence already (a number before it, "1. Social media", is no sentence)."""
    return bool(_RUNNING_PROSE.search(_LEADING_NUMBER.sub("", text)))


def is_continuation(previous: Block, following: Block, *, prose: bool | None = None) -> bool:
    """Whether a page break split one paragraph into these two.

    The first must stop mid-sentence (no closing punctuation, not a bullet), and the second either starts with a
    small letter or the first is running prose (it holds a whole sentence already): "... the evidence that the" /
    "Committee has supplied ...". Both must be in the same type, and neither a heading. `prose` says whether the
    first is running prose, where the caller already knows.
    """
    if previous.style != following.style or previous.heading or following.heading:
        return False
    last, first = previous.lines[-1].strip(), following.lines[0].strip()
    if BULLET.match(last) or BULLET.match(first) or last.endswith(_ENDS_SENTENCE):
        return False
    if prose is None:
        prose = _is_prose(join_lines(previous.lines))
    return first[:1].islower() or prose


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Blocks with page-break splits joined again; reply headings and numbered items are never joined.

    Each block is looked at once: the block being built keeps whether it holds running prose yet, so joining
    thousands of pieces stays linear."""
    joined: list[Block] = []
    prose = False  # whether joined[-1] holds a whole sentence already
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not is_reply_heading(previous)
            and not is_reply_heading(block)
            and not RECOMMENDATION_START.match(block.text)
            and not is_label(block)
            and is_continuation(previous, block, prose=prose)
        ):
            seam = f"{previous.lines[-1].strip()[-3:]} {block.lines[0].strip()[:3]}"
            prose = prose or bool(_RUNNING_PROSE.search(seam) or _RUNNING_PROSE.search(join_lines(block.lines)))
            previous.lines.extend(block.lines)
            previous.notes.extend(block.notes)
        else:
            block = replace(block, lines=list(block.lines), notes=list(block.notes))
            prose = _is_prose(join_lines(block.lines))
            joined.append(block)
    return joined


# --- Front matter -------------------------------------------------------------------------------------


def _date(line, text: str, doubts: list[Doubt]) -> datetime.date | None:
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        doubts.append(Doubt(line, f"cannot read the date “{text}”.", ERROR))
    return day


def parse_front_matter(blocks: list[Block], doubts: list[Doubt]) -> FrontMatter:
    """The fields the front matter gives; those it does not give stay empty."""
    front = FrontMatter()
    intro_at = None
    for index, block in enumerate(blocks):
        text = block.text.strip()
        for line in (Block(block.line, [raw]).text.strip() for raw in block.lines):
            if not front.house and HOUSE.fullmatch(line):
                front.house = line
            elif not front.committee and COMMITTEE.fullmatch(line):
                front.committee = re.sub(r"^The ", "", line)
            elif not front.response_title and re.match(r"(?!Appendix\b).*\bGovernment Response to\b", line):
                front.response_title = line
        if match := re.fullmatch(r"\w+ Special Report of Session\s+(?P<session>\S+)", text):
            front.response_session = match["session"]
        if match := re.search(rf"[Oo]rdered by the House of \w+\s+to be printed (?:on )?(?P<date>{DATE})", text):
            front.printed_on = _date(block.line, match["date"], doubts)
        if published := PUBLISHED.search(text) or PUBLISHED_ON.search(text):
            front.published_on = _date(block.line, published["date"], doubts)
            if published["committee"] and published["committee"] != "Committee":
                front.committee = front.committee or published["committee"]
            front.report_number, front.session = published["number"], published["session"]
            front.title, front.hc_number = published["title"].strip(" “”\"'"), published["hc"]
        _command_paper(block, front)
        if match := re.search(rf"response was received on (?P<date>{DATE})", text):
            front.received_on = _date(block.line, match["date"], doubts)
        if intro_at is None and text.lower() == "introduction":
            intro_at = index
    if intro_at is not None:
        front.introduction = "\n\n".join(b.text.strip() for b in blocks[intro_at + 1 :] if not b.heading)
    return front


def _command_paper(block: Block, front: FrontMatter) -> None:
    """A command paper's number ("CP 1478") and the month it was presented, from lines of their own."""
    for line in (Block(block.line, [raw]).text.strip() for raw in block.lines):
        if not front.command_paper and (match := COMMAND_PAPER.fullmatch(line)):
            front.command_paper = f"{match['series']} {match['number']}"
        elif not front.presented_on and MONTH_YEAR.fullmatch(line):
            front.presented_on = line
    if not front.presented_on and (match := PRESENTED.search(block.text)):
        front.presented_on = match["date"]


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


def _plain_start(text: str) -> re.Match | None:
    """A numbered paragraph in plain type: "12. ...", "8.12. ..." or, with two levels or more, "8.12 ..."."""
    return RECOMMENDATION_START.match(text) or UNDOTTED_START.match(text)


def _scheme(match: re.Match) -> tuple[int, bool]:
    """How a number is printed: its levels, and whether a full stop follows it."""
    return match["number"].count(".") + 1, match.re is RECOMMENDATION_START


def numbering_scheme(blocks: list[Block]) -> tuple[int, bool] | None:
    """How the document numbers its recommendations, read from the numbered paragraphs that cite the report's
    paragraphs ("8.12 ... (paragraph 2.20)"); None if none do. Numbered lists printed otherwise (a reply's
    "1.", "2.") are then not recommendations."""
    schemes = Counter(
        _scheme(match)
        for block in blocks
        if not block.heading and REFERENCE_ONLY.search(block.text) and (match := _plain_start(block.text))
    )
    return schemes.most_common(1)[0][0] if schemes else None


def _starts(blocks: list[Block], index: int, typed: str | None, scheme=None) -> str | None:
    """The number of the recommendation starting at blocks[index], or None."""
    block = blocks[index]
    if is_reply_heading(block) or block.heading or isinstance(block, ReplyBlock):
        return None
    if typed is None:
        match = _plain_start(block.text)
        if match and (scheme is None or _scheme(match) == scheme):
            return match["number"]
        return _headed_number(blocks, index)
    if typed not in block.style:
        return None
    match = TYPED_START.match(block.text)
    return match["number"] if match else _headed_number(blocks, index)


def _own_text(block: Block, typed: str | None) -> str:
    match = TYPED_START.match(block.text) if typed else _plain_start(block.text)
    return (match["text"] if match else block.text).strip()


def _read_recommendation(
    blocks, index, number, typed, doubts, starts, runs_on=False
) -> tuple[DraftRecommendation, int, list[Block]]:
    """The recommendation starting at blocks[index], the index after it, and any reply found inside it. With
    `runs_on` (a report, where no reply follows), plain paragraphs up to its paragraph reference are its own."""
    first = blocks[index]
    text, notes, index = _own_text(first, typed), list(first.notes), index + 1
    while not REFERENCE.search(text) and index < len(blocks) and index not in starts:
        following = blocks[index]
        if is_reply_heading(following) or RECOMMENDATION_HEADING.match(following.text.strip()):
            break
        if runs_on:  # a new paragraph, or a change of type inside one (a PDF's bold words, then plain ones)
            if _is_section_heading(blocks, index, starts):
                break
            new_paragraph = following.style == blocks[index - 1].style and text.endswith(_ENDS_SENTENCE)
            text += ("\n\n" if new_paragraph else " ") + following.text.strip()
        elif typed:
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
                f"{INLINE_REPLY}: the words after its paragraph reference (“{rest[:60]}…”) were taken as the reply.",
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


def _normalised(blocks: list[Block]) -> tuple[list[Block], list[Doubt]]:
    """The blocks with page-break splits joined, and a labelled document in numbered form."""
    blocks, doubts = join_page_breaks(blocks), []
    if is_labelled(blocks):
        blocks, counted = relabel(blocks)
        doubts += _numbered_in_order(counted, "labelled, not numbered")
    return blocks, doubts


def _numbered_in_order(counted: int, how: str) -> list[Doubt]:
    if not counted:
        return []
    return [Doubt(None, f"{counted} recommendations are {how}: they were numbered in reading order.", CHECK)]


def _is_section_heading(blocks: list[Block], index: int, starts: dict[int, str]) -> bool:
    """A heading printed as plain text between items: one short line with no sentence end, just before a
    recommendation ("Funding", "Chapter 3: Accountability")."""
    block = blocks[index]
    if RECOMMENDATION_HEADING.match(block.text.strip()) or is_reply_heading(block):
        return False
    return block.heading or (index + 1 in starts and not isinstance(block, ReplyBlock) and is_topic(block))


def _read_items(blocks, start, typed, starts, cursor, runs_on=False) -> tuple[list[_Group], list[DraftRecommendation]]:
    """The recommendations in groups, each group with the paragraphs that follow it."""
    groups: list[_Group] = []
    recommendations: list[DraftRecommendation] = []
    index, section = start, ""
    if start and _is_section_heading(blocks, start - 1, starts):
        section = _section_name(blocks[start - 1])
    while index < len(blocks):
        cursor.place = blocks[index].line
        number = starts.get(index)
        if number is None:
            if _is_section_heading(blocks, index, starts):
                section = _section_name(blocks[index])
            elif not RECOMMENDATION_HEADING.match(blocks[index].text.strip()):
                groups[-1].paragraphs.append(blocks[index])
            index += 1
            continue
        if not groups or groups[-1].paragraphs:
            groups.append(_Group())
        found: list[Doubt] = []
        recommendation, index, spill = _read_recommendation(blocks, index, number, typed, found, starts, runs_on)
        recommendation.doubts += found
        recommendation.group, recommendation.section = len(groups), section
        _check_lengths(recommendation)
        groups[-1].recommendations.append(recommendation)
        groups[-1].paragraphs += spill
        recommendations.append(recommendation)
    return groups, recommendations


def _section_name(block: Block) -> str:
    """ "Chapter 3: Accountability" → "Accountability"; "1. Social media" → "Social media"."""
    return re.sub(r"^(?:(?:Chapter|Part|Section)\s+\d+[:.]?|\d{1,2}\.?)\s+", "", block.text.strip())


def _check_lengths(recommendation: DraftRecommendation) -> None:
    if len(recommendation.number) > 20:
        recommendation.doubts.append(Doubt(recommendation.line, "the recommendation number is too long.", ERROR))
    if len(recommendation.text) > MAX_TEXT_LENGTH:
        too_long = f"recommendation {recommendation.number} has {len(recommendation.text):,} characters; a text may"
        recommendation.doubts.append(Doubt(recommendation.line, f"{too_long} have at most {MAX_TEXT_LENGTH:,}.", ERROR))


def _settle_inline_replies(recommendations: list[DraftRecommendation]) -> None:
    """Where most replies begin right after their recommendation's reference, that is the document's layout:
    a warning, not a check, on each."""
    inline = [d for r in recommendations for d in r.doubts if d.message.startswith(INLINE_REPLY)]
    if len(inline) * 2 > len(recommendations):
        for doubt in inline:
            doubt.level = WARNING


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


@dataclass
class _Cursor:
    place: int | str  # where the segmenter is reading


def segment(document: Document) -> DraftResponse:
    """The draft of a document's recommendations and replies; NoRecommendations if it has none, StageFailed
    (naming the block being read) if anything else goes wrong."""
    cursor = _Cursor(document.blocks[0].line if document.blocks else 1)
    try:
        return _segment(document, cursor)
    except NoRecommendations:
        raise
    except Exception as error:  # a document no rule foresaw: a message naming the place, never a traceback
        raise StageFailed(cursor.place, "reading the recommendations and replies", error) from error


def _segment(document: Document, cursor: _Cursor) -> DraftResponse:
    blocks, doubts = _normalised(document.blocks)
    if (cue := report_cue(blocks)) is not None:
        return _segment_report(document, blocks, cue, doubts, cursor)
    typed = recommendation_type(blocks)
    scheme = None if typed else numbering_scheme(blocks)
    starts = {i: n for i in range(len(blocks)) if (n := _starts(blocks, i, typed, scheme)) is not None}
    if not starts:
        blocks, counted = unbox(blocks)
        starts = {i: n for i in range(len(blocks)) if (n := _starts(blocks, i, None)) is not None}
        typed = None
        doubts += _numbered_in_order(counted, "in shaded boxes with no number")
    if not starts:
        raise NoRecommendations()
    start = min(starts)
    front_end = start - 1 if _headed_number(blocks, start) else start
    front = parse_front_matter(blocks[:front_end], doubts)
    groups, recommendations = _read_items(blocks, start, typed, starts, cursor)
    check_sequence(recommendations)
    _check_references(recommendations, typed)
    _settle_inline_replies(recommendations)

    replies: list[DraftReply] = []
    for group in groups:
        cursor.place = group.recommendations[0].line
        before = len(replies)
        _group_replies(group, replies)
        if len(replies) == before:
            for recommendation in group.recommendations:
                if not recommendation.acknowledged:
                    recommendation.doubts.append(Doubt(recommendation.line, "no reply found."))
    _note_footnotes(recommendations + replies)
    doubts += _joined_words(document)
    announcements = announced_reviews(document.text)
    return DraftResponse(document.path, document.format, front, recommendations, replies, doubts, announcements)


def _joined_words(document: Document) -> list[Doubt]:
    if not document.joined_words:
        return []
    words = ", ".join(f"“{word}”" for word in document.joined_words[:10])
    return [Doubt(None, f"words hyphenated at a line's end were joined without the hyphen: {words}.")]


def _segment_report(document: Document, blocks: list[Block], cue: Block, doubts, cursor) -> DraftResponse:
    """A committee report's own recommendations: the numbered items of its conclusions-and-recommendations section
    (see intake.report), with no replies; the body's numbered paragraphs and what follows the section are not
    read. NoRecommendations, naming the place, if it has no such section."""
    bounds = conclusions(blocks)
    section = items(blocks[bounds[0] + 1 : bounds[1]]) if bounds else []
    starts = {i: n for i in range(len(section)) if (n := _starts(section, i, None)) is not None}
    if not starts:
        raise NoRecommendations(
            cue.line,
            f"the document reads as a committee report (its cover says “{cue.text}”) but has no “Conclusions and "
            "recommendations” section with numbered items such as “1. ... (Paragraph 17)”.",
        )
    groups, recommendations = _read_items(section, min(starts), None, starts, cursor, runs_on=True)
    check_sequence(recommendations)
    _check_references(recommendations, None)
    _note_footnotes(recommendations)
    before = [block for i, block in enumerate(section[: min(starts)]) if not _is_section_heading(section, i, starts)]
    for block in before + [block for group in groups for block in group.paragraphs if not block.heading]:
        left_out = "this paragraph of the conclusions and recommendations is no numbered recommendation: left out"
        doubts.append(Doubt(block.line, f"{left_out} (“{block.text.strip()[:80]}”)."))
    front = read_cover(blocks, doubts)
    doubts.insert(0, Doubt(cue.line, describe(front, len(recommendations))))
    doubts += _joined_words(document)
    return DraftResponse(document.path, document.format, front, recommendations, [], doubts, committee_report=True)
