"""A committee report, as opposed to a government response: how one is recognised, what its cover says, and where
its own "Conclusions and recommendations" section lies. The segmenter reads that section's numbered items as the
report's recommendations, with no replies (they await the response).

- *Recognised* by its cover (the blocks before "Contents"): a line of its own "First Report of Session 2019–21" (any
  ordinal, never "Special Report") or "Report, together with formal minutes", and no line naming a government
  response or a special report.
- *The cover as printed*: house, committee, title, report number and session, HC (or HL) number, and "Published on
  23 October 2019 by authority of the House of Commons" (the date the response's deadline counts from). "Ordered
  by the House of Commons to be printed" is the report's own order, not a response's, and is not read.
- *The section*: from a heading "Conclusions and recommendations" (or "Summary of conclusions and
  recommendations", or numbered "7 Conclusions and recommendations") to the next of "Formal minutes",
  "Witnesses", "Published written evidence", "List of Reports from the Committee", an annex or an appendix. The
  contents list names it too: the section is the last such heading with a numbered item under it. A web page
  that prints an item's number against its words ("1.We recommend") has them set apart.
"""

import datetime
import re
from dataclasses import replace

from recommendations.timephrases import parse_date

from .blocks import Block
from .draft import WARNING, Doubt, FrontMatter

HOUSE = re.compile(r"House of (?:Commons|Lords)")
COMMITTEE = re.compile(r"(?:The )?[A-Z][\w ,&'’-]* Committee")
HOUSE_COMMITTEE = re.compile(rf"(?P<house>{HOUSE.pattern})\s+(?P<committee>{COMMITTEE.pattern})")  # one line
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|(?!Special\b)[A-Z][a-z]+(?:-[a-z]+)?)"  # "First", "Twenty-first", "3rd"
_SESSION = r"\d{4}(?:\s*[–-]\s*\d{2,4})?"  # "2019–21"
REPORT_OF_SESSION = re.compile(rf"(?P<number>{_ORDINAL} Report) of Session\s+(?P<session>{_SESSION})")
FORMAL_MINUTES = re.compile(r"Report,? together with formal minutes\b.*", re.IGNORECASE)
RESPONSE = re.compile(r"\bGovernment(?:['’]s)? Response\b|\bSpecial Report\b", re.IGNORECASE)
# "HC 20", "HL Paper 12"; on a line of its own or at the start of one ("HC 1860 Published on ...").
PAPER_NUMBER = re.compile(r"H[CL](?: Paper)? \d{1,4}(?:-[IVX]+)?\b")
PUBLISHED = re.compile(r"Published on (?P<date>\d{1,2} [A-Z][a-z]+ \d{4})")
ORDERED = re.compile(r"Ordered by the House of \w+ to be printed\b.*", re.IGNORECASE)
CONTENTS = re.compile(r"Contents", re.IGNORECASE)
COVER_BLOCKS = 30  # where a document has no contents list, its cover is within its first blocks
_PAGE = r"(?:[\s.…]+\d{1,3})?"  # a contents entry's page number
_CHAPTER = r"(?:(?:Chapter\s+)?\d{1,2}[:.]?\s*)?"  # "7 ", "Chapter 7: ", or "7" printed against the words
SECTION = re.compile(rf"{_CHAPTER}(?:Summary of )?(?:the )?conclusions and recommendations{_PAGE}", re.IGNORECASE)
SECTION_END = re.compile(
    rf"(?:Formal [Mm]inutes|Witnesses|Published (?:written|oral) evidence|List of [Rr]eports from the Committee"
    rf"|(?:Annex|Appendix)(?:\s+\d{{1,2}})?\b)[^.?!]{{0,120}}{_PAGE}"
)
NUMBERED = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.\s*[^\s\d]|\d{1,3}(?:\.\d{1,3})+\s+\S")  # "1. We", "1.We", "8.12 We"
# A web page may print an item's number against its words: "1.We recommend" (the number in an element of its own).
NUMBER_AGAINST = re.compile(r"^(\d{1,3}\.)(?=[A-Z“‘\"'])")


def _lines(block: Block) -> list[str]:
    return [Block(block.line, [raw]).text.strip() for raw in block.lines]


def cover(blocks: list[Block]) -> list[Block]:
    """The blocks before the contents list (or the first COVER_BLOCKS of a document without one)."""
    end = next((i for i, block in enumerate(blocks) if CONTENTS.fullmatch(block.text.strip())), None)
    return blocks[:end] if end is not None else blocks[:COVER_BLOCKS]


def report_cue(blocks: list[Block]) -> Block | None:
    """The line of the cover that says the document is a committee report (as a block, with its place), or None
    (a response, or neither)."""
    lines = [(block, line) for block in cover(blocks) for line in _lines(block)]
    if any(RESPONSE.search(line) for _, line in lines):
        return None
    cues = (Block(block.line, [line]) for block, line in lines if REPORT_OF_SESSION.fullmatch(line) or
            FORMAL_MINUTES.fullmatch(line))  # fmt: skip
    return next(cues, None)


def read_cover(blocks: list[Block], doubts: list[Doubt]) -> FrontMatter:
    """The cover's fields as printed; a doubt where it gives no date of publication."""
    front, title_at = FrontMatter(), None
    for block in cover(blocks):
        known = False
        for line in _lines(block):
            if match := HOUSE_COMMITTEE.fullmatch(line):
                front.house, front.committee, known = match["house"], match["committee"], True
            elif HOUSE.fullmatch(line):
                front.house, known = front.house or line, True
            elif COMMITTEE.fullmatch(line):
                front.committee, known = front.committee or re.sub(r"^The ", "", line), True
            elif match := REPORT_OF_SESSION.fullmatch(line):
                front.report_number, front.session, known = match["number"], match["session"], True
            elif match := PAPER_NUMBER.match(line):
                front.hc_number, known = front.hc_number or match[0], True
            elif FORMAL_MINUTES.fullmatch(line) or ORDERED.fullmatch(line) or PUBLISHED.match(line):
                known = True
        if match := PUBLISHED.search(block.text):
            front.published_on = front.published_on or _date(match["date"])
        # The title is printed between the committee's name and the report's number.
        if not known and front.committee and not front.report_number and title_at is None:
            front.title, title_at = block.text.strip(), block.line
    if front.published_on is None:
        doubts.append(
            Doubt(
                None,
                "the cover does not say when the report was published (“Published on 23 October 2019 by authority "
                "of the House of Commons”): set the report's publication date in the admin, or its response "
                "deadline is not known.",
                WARNING,
            )
        )
    return front


def _date(text: str) -> datetime.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def conclusions(blocks: list[Block]) -> tuple[int, int] | None:
    """Where the conclusions-and-recommendations section lies: (index of its heading, index after its end), or
    None if the document has no such heading with a numbered item under it."""
    found = None
    for start, block in enumerate(blocks):
        if not SECTION.fullmatch(block.text.strip()):
            continue
        end = next((i for i in range(start + 1, len(blocks)) if _ends_section(blocks[i])), len(blocks))
        if any(NUMBERED.match(block.text) for block in blocks[start + 1 : end]):
            found = (start, end)
    return found


def items(section: list[Block]) -> list[Block]:
    """The section's blocks, an item's number set apart from its words where the page prints them together."""
    return [replace(block, lines=[NUMBER_AGAINST.sub(r"\1 ", line) if i == 0 else line for i, line in
                                  enumerate(block.lines)]) for block in section]  # fmt: skip


def _ends_section(block: Block) -> bool:
    return SECTION_END.fullmatch(block.text.strip()) is not None or SECTION.fullmatch(block.text.strip()) is not None


def describe(front: FrontMatter, count: int) -> str:
    """What the editor is asked to confirm: the document read as a report, and its cover as read."""
    printed = [front.house, front.committee, front.title and f"“{front.title}”",
               front.report_number and f"{front.report_number} of Session {front.session}", front.hc_number,
               front.published_on and f"published {front.published_on:%-d %B %Y}"]  # fmt: skip
    cover_read = ", ".join(part for part in printed if part) or "nothing"
    return (
        f"read as the committee's report, not a government response: its {count} recommendations are imported with "
        f"no replies, awaiting the response. Its cover says: {cover_read}; confirm them."
    )
