"""Read a text document: one paragraph per line (as the committee's own text copies), or hard-wrapped (one
printed line per line, as a PDF's text copy), with page numbers as bare lines and form feeds at page breaks.

Page furniture goes: a form feed, a page number alone on its line at a page's edge or between blank lines, and a
running head (the first line of three or more pages, numbers aside). A hard-wrapped paragraph is joined into its
logical lines: a line well short of the others ends one (an address, a list item).
"""

import re
from collections import Counter
from statistics import quantiles

from ..blocks import Block, join_wrapped, vocabulary

PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?")
WRAPPED_WIDTH = 110  # longest printed line of a hard-wrapped copy


def read_text(text: str) -> tuple[list[Block], list[str]]:
    """The blocks of a text document, and the words joined across hyphenated line ends without certainty."""
    pages = _without_furniture(text)
    width = _wrap_width(_paragraphs([line for page in pages for line in page + [(0, "")]]))
    paragraphs = _paragraphs(_across_page_breaks(pages, width))
    if width is None:
        return [Block(number, [line for _, line in group]) for number, group in paragraphs], []
    words, blocks, doubts = vocabulary(text), [], []
    for number, group in paragraphs:
        logical: list[str] = []
        for run in _runs(group, width):
            joined, unsure = join_wrapped(run, words)
            logical += joined
            doubts += unsure
        blocks.append(Block(number, logical))
    return blocks, doubts


def _page_of_lines(text: str) -> list[list[tuple[int, str]]]:
    pages: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        parts = line.split("\f")
        for index, part in enumerate(parts):
            if index:
                pages.append([])
            pages[-1].append((number, part))
    return pages


def _edges(page: list[tuple[int, str]]) -> list[int]:
    filled = [i for i, (_, line) in enumerate(page) if line.strip()]
    return filled[:2] + filled[-2:]


def _without_furniture(text: str) -> list[list[tuple[int, str]]]:
    pages = _page_of_lines(text)
    tops = Counter(_normalised(page[i][1]) for page in pages for i in _edges(page)[:1])
    heads = {line for line, count in tops.items() if count >= 3 and not PAGE_NUMBER.fullmatch(line)}
    kept: list[list[tuple[int, str]]] = []
    for page in pages:
        edges = set(_edges(page)) if len(pages) > 1 else set()
        kept.append([])
        for index, (number, line) in enumerate(page):
            alone = _blank(page, index - 1) and _blank(page, index + 1)
            if PAGE_NUMBER.fullmatch(line.strip()) and (index in edges or alone):
                line = ""
            elif index in edges and _normalised(line) in heads:
                line = ""
            kept[-1].append((number, line))
    return kept


STRUCTURE = re.compile(r"\s*(?:[-•*]\s|\d+(?:\.\d+)*\.?\s|Paragraphs?\s+\d|Recommendations?\s+\d|Response from\b)")


def _across_page_breaks(pages: list[list[tuple[int, str]]], width: int | None) -> list[tuple[int, str]]:
    """The pages' lines in one run. A page break ends a paragraph, unless the document is hard-wrapped and the
    page's last line runs to the full width (the paragraph goes on) and the next page does not start an item."""
    lines: list[tuple[int, str]] = []
    last = ""  # the last line with words so far
    for page in pages:
        filled = [(number, line) for number, line in page if line.strip()]
        goes_on = width and filled and len(last.strip()) >= width * 0.85 and not STRUCTURE.match(filled[0][1])
        if goes_on:
            while lines and not lines[-1][1].strip():
                lines.pop()
            start = next(i for i, (_, line) in enumerate(page) if line.strip())
            lines += page[start:]
        else:
            lines += [(0, "")] + page
        last = filled[-1][1] if filled else last
    return lines


def _blank(page, index) -> bool:
    return index < 0 or index >= len(page) or not page[index][1].strip()


def _normalised(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, list[tuple[int, str]]]]:
    paragraphs: list[tuple[int, list[tuple[int, str]]]] = []
    current = None
    for number, line in lines:
        if not line.strip():
            current = None
        elif current is None:
            current = [(number, line)]
            paragraphs.append((number, current))
        else:
            current.append((number, line))
    return paragraphs


def _wrap_width(paragraphs) -> int | None:
    """The width a hard-wrapped document is printed to, or None if its lines are whole paragraphs."""
    lengths = [len(line.strip()) for _, group in paragraphs for _, line in group]
    wrapped = sum(1 for _, group in paragraphs if len(group) > 1)
    if len(lengths) < 20 or wrapped * 3 < len(paragraphs):
        return None
    longest = quantiles(lengths, n=20)[-1]
    return int(longest) if longest <= WRAPPED_WIDTH else None


def _runs(group: list[tuple[int, str]], width: int) -> list[list[str]]:
    """A paragraph's printed lines in runs, each run one logical line or more joined by wrapping."""
    runs: list[list[str]] = [[]]
    for _, line in group:
        runs[-1].append(line)
        if len(line.strip()) < width * 0.6:
            runs.append([])
    return [run for run in runs if run]
