"""Read a PDF with pdfminer.six: each printed line with its type, then paragraphs.

A line is bold or italic when nearly all its letters are set in such a font (read from the font's name), shaded
when it sits in a filled, non-white rectangle (a box), a heading when its type is larger than the body's.
Page furniture goes: page numbers and running heads (the same line, numbers aside, at the top or foot of three or
more pages). Footnotes go too: a small raised number in the text is a marker, and the small lines at a page's
foot that start with that number are its text, kept as a note of the paragraph that cites it. A paragraph ends
at a wider gap than the lines', at a change of type or box, or at a list item; a word hyphenated at a line's end
is joined again (see blocks.join_wrapped).
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from ..blocks import BULLET, Block, join_wrapped, vocabulary

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?")
MARKER = re.compile(r"[\[(]?\d{1,3}[\])]?[.,;:]?")
MOSTLY = 0.9


class UnreadablePdf(Exception):
    """The PDF cannot be read: encrypted, broken, or without a text layer. The message says which."""


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    bold: bool
    italic: bool
    shaded: bool = False
    markers: list[str] = field(default_factory=list)


def read_pdf(data: bytes) -> tuple[list[Block], list[str]]:
    """The blocks of a PDF, and the words joined across hyphenated line ends without certainty."""
    pages = _pages(data)
    if not any(pages):
        raise UnreadablePdf("the PDF has no text layer (a scan?); it needs text recognition before it can be read.")
    body_size = _body_size(pages)
    pages = _without_furniture(pages)
    notes = {}
    for lines in pages:
        notes.update(_take_footnotes(lines, body_size))
    words = vocabulary("\n".join(line.text for lines in pages for line in lines))
    return _blocks([line for lines in pages for line in lines], body_size, notes, words)


def _pages(data: bytes) -> list[list[Line]]:
    """Each page's printed lines, read with pdfminer.six's interpreter (characters and rectangles, no layout
    analysis: the grouping is done here, where the type of each character is kept)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from .limits import BoundedDevice, BoundedInterpreter, OverLimit

    try:
        resources = PDFResourceManager()
        device = BoundedDevice(resources, laparams=None)
        interpreter = BoundedInterpreter(resources, device)
        pages = []
        for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data)), start=1):
            interpreter.process_page(page)
            pages.append(_page_lines(number, device.get_result()))
        return pages
    except (OverLimit, MemoryError):
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadablePdf("the PDF is encrypted; save an unprotected copy and try again.") from None
    except Exception as error:  # a broken file can fail anywhere in pdfminer; each failure is a message here
        raise UnreadablePdf(f"the file cannot be read as a PDF ({error.__class__.__name__}).") from None


def _objects(container):
    from pdfminer.layout import LTContainer

    for item in container:
        if isinstance(item, LTContainer) and not hasattr(item, "fontname"):
            yield from _objects(item)
        else:
            yield item


def _page_lines(number: int, layout) -> list[Line]:
    from pdfminer.layout import LTChar, LTRect

    height, width = layout.height, layout.width
    chars, boxes = [], []
    for item in _objects(layout):
        box = {"x0": item.x0, "x1": item.x1, "top": height - item.y1, "bottom": height - item.y0}
        if isinstance(item, LTChar):
            chars.append({**box, "text": item.get_text(), "fontname": item.fontname, "size": item.size})
        elif isinstance(item, LTRect) and item.fill and _is_tinted(item.non_stroking_color):
            if item.x1 - item.x0 > width * 0.3:
                boxes.append(box)
    lines: list[dict] = []  # {"top", "bottom", "chars"}
    for char in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        # Sorted by their foot, a character can only belong to one of the last few lines.
        line = next(
            (line for line in lines[-3:] if char["top"] < line["bottom"] - 1 and char["bottom"] > line["top"] + 1), None
        )
        if line is None:
            lines.append({"top": char["top"], "bottom": char["bottom"], "chars": [char]})
        else:
            line["chars"].append(char)
            line["top"], line["bottom"] = min(line["top"], char["top"]), max(line["bottom"], char["bottom"])
    words = [_words(line["chars"]) for line in sorted(lines, key=lambda line: line["top"])]
    return [_line(number, line, boxes) for line in words if line]


def _words(chars: list[dict]) -> list[dict]:
    """A line's characters as words: split at spaces, at gaps, and where the type changes."""
    words: list[dict] = []
    previous = None
    for char in sorted(chars, key=lambda c: c["x0"]):
        if not char["text"].strip():
            previous = None
            continue
        same_type = previous is not None and (previous["fontname"], round(previous["size"], 1)) == (
            char["fontname"],
            round(char["size"], 1),
        )
        if same_type and char["x0"] - previous["x1"] <= char["size"] * 0.15:
            word = words[-1]
            word.update(text=word["text"] + char["text"], x1=char["x1"], top=min(word["top"], char["top"]),
                        bottom=max(word["bottom"], char["bottom"]))  # fmt: skip
        else:
            words.append(dict(char))
        previous = char
    return words


def _is_tinted(colour) -> bool:
    if colour is None:
        return False
    values = colour if isinstance(colour, (list, tuple)) else (colour,)
    try:
        return any(float(value) < 0.98 for value in values) and not all(float(value) == 0 for value in values)
    except (TypeError, ValueError):
        return False


def _line(number: int, words: list[dict], boxes: list[dict]) -> Line:
    size = Counter(round(w["size"], 1) for w in words for _ in w["text"]).most_common(1)[0][0]
    main = [w for w in words if w["size"] >= size * 0.8]
    bottom = max(w["bottom"] for w in main)
    kept, markers = [], []
    for word in words:
        raised = word["size"] < size * 0.8 and word["bottom"] < bottom - 1
        if raised and MARKER.fullmatch(word["text"]):
            markers.append(word["text"].strip("[]().,;:"))
            continue
        if raised and kept:
            kept[-1] = {**kept[-1], "text": kept[-1]["text"] + word["text"]}
        else:
            kept.append(word)
    text = " ".join(w["text"] for w in kept)
    letters = [w["fontname"] for w in kept for c in w["text"] if c.isalnum()] or [""]
    middle = ((min(w["top"] for w in words) + bottom) / 2, (words[0]["x0"] + words[-1]["x1"]) / 2)
    return Line(
        page=number,
        top=min(w["top"] for w in words),
        bottom=bottom,
        x0=words[0]["x0"],
        x1=max(w["x1"] for w in kept or words),
        size=size,
        text=text,
        bold=sum(bool(BOLD_FONT.search(f)) for f in letters) >= MOSTLY * len(letters),
        italic=sum(bool(ITALIC_FONT.search(f)) for f in letters) >= MOSTLY * len(letters),
        shaded=any(b["top"] <= middle[0] <= b["bottom"] and b["x0"] <= middle[1] <= b["x1"] for b in boxes),
        markers=markers,
    )


def _body_size(pages: list[list[Line]]) -> float:
    sizes = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _without_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without their page numbers and running heads (or feet)."""
    edges = Counter(
        _normalised(line.text)
        for lines in pages
        if lines  # an empty page has no edges
        for line in {lines[0].text: lines[0], lines[-1].text: lines[-1]}.values()
    )
    repeated = {text for text, count in edges.items() if count >= 3 and len(pages) >= 3}
    kept = []
    for lines in pages:
        ends = {id(lines[0]), id(lines[-1])} if lines else set()
        kept.append(
            [
                line
                for line in lines
                if not (id(line) in ends and (PAGE_NUMBER.fullmatch(line.text) or _normalised(line.text) in repeated))
            ]
        )
    return kept


def _take_footnotes(lines: list[Line], body_size: float) -> dict[str, str]:
    """Remove a page's footnotes from its lines; return their texts by number."""
    notes: dict[str, str] = {}
    current = None
    for line in list(lines):
        small = line.size < body_size * 0.9
        start = re.match(r"(\d{1,3})[.)]?\s+(.*)", line.text)
        if small and line.markers and current is None:
            current = line.markers[0]
            notes[current] = line.text
        elif small and start and (current is not None or _below_text(line, lines)):
            current = start[1]
            notes[current] = start[2]
        elif small and current is not None:
            notes[current] += " " + line.text
        else:
            continue
        lines.remove(line)
    return notes


def _below_text(line: Line, lines: list[Line]) -> bool:
    return all(
        other.top <= line.top
        for other in lines
        if other.page == line.page and other is not line and not other.size < line.size * 1.05
    )


@dataclass
class _Measure:
    gap: float  # between the lines of a paragraph
    body_size: float
    right: float  # where a full line ends


def _breaks(group: list[Line], line: Line, measure: _Measure) -> bool:
    """Whether `line` starts a new paragraph after the lines of `group`."""
    previous = group[-1]
    if (previous.bold, previous.italic, previous.shaded) != (line.bold, line.italic, line.shaded):
        return True
    if abs(previous.size - line.size) > 0.5 or line.size > measure.body_size * 1.1:
        return True
    in_list = any(BULLET.match(_bullet(other.text)) for other in group)
    starts_item = bool(BULLET.match(_bullet(line.text)))
    if previous.page != line.page:
        # A page break ends a paragraph unless its last line ran to the margin (or broke a word) or a list goes on.
        full = previous.x1 >= measure.right - 48 or re.search(r"[A-Za-z]-$", previous.text)
        return not (
            (full and not starts_item and not re.match(r"\d+(?:\.\d+)*\.?\s", line.text)) or (in_list and starts_item)
        )
    return line.top - previous.bottom > measure.gap * 1.6 + 1 or starts_item and not in_list


def _line_gap(lines: list[Line]) -> float:
    gaps = Counter(
        round(b.top - a.bottom)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.bottom - 1
    )
    return max(gaps.most_common(1)[0][0], 0) if gaps else 2.0


def _blocks(lines: list[Line], body_size: float, notes: dict[str, str], words: set[str]):
    body = sorted(line.x1 for line in lines if abs(line.size - body_size) < 0.5)
    measure = _Measure(_line_gap(lines), body_size, body[int(len(body) * 0.95)] if body else 0)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _breaks(groups[-1], line, measure):
            groups[-1].append(line)
        else:
            groups.append([line])
    blocks, doubts = [], []
    for group in groups:
        texts, unsure = join_wrapped([_bullet(line.text) for line in group], words)
        doubts += unsure
        first = group[0]
        blocks.append(
            Block(
                f"page {first.page}",
                texts,
                bold=first.bold,
                italic=first.italic,
                shaded=first.shaded,
                heading=first.size > body_size * 1.1,
                notes=[notes[m] for line in group for m in line.markers if m in notes],
            )
        )
    return blocks, doubts


def _bullet(text: str) -> str:
    return re.sub(r"^[•▪◦●]\s*", "- ", text)
