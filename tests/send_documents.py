"""The SEND government response (the Education Committee's First Special Report of Session 2019–21) laid out again as
government responses are published: PDFs with recommendations in bold, in italic or in shaded boxes under
"Recommendation N" headings, with chapter numbers ("1.3."), running heads, page numbers, footnotes and words
hyphenated at line ends; a Commons special report web page; a hard-wrapped text copy with page numbers and form
feeds.

Only the seed's own words are used: its paragraphs are re-laid, never re-written. A footnote's text is a phrase
the seed prints elsewhere. The roles of the seed's paragraphs (recommendation, reply heading, reply) are read here
with simple rules of this file's own, independent of the importer.
"""

import html
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

SEED = Path(settings.BASE_DIR) / "fixtures" / "documents" / "send-government-response-2020.txt"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
RUNNING_HEADS = ("Special Educational Needs and Disabilities: Government Response", "Education Committee")
REFERENCE = re.compile(r"\s*\(Paragraphs? [^()]+\)$")
FOOTNOTES = {  # a phrase of a paragraph (after which the marker goes) → the footnote's text, words of the seed
    "The Government should introduce a reporting": "Local Authority Interactive Tool",
    "We provided a total of £252 million": "Children and Families Act 2014",
    "We have published a list of high quality online": "SEND Futures initiative",
    "The SEND reforms set out in the Children and Families Act 2014": "Care Act 2014",
}


@dataclass
class Part:
    role: str  # "front", "title", "heading", "rec", "reply-heading", "reply"
    lines: list[str]
    number: str = ""  # a recommendation's number in the seed
    group: int = 0
    footnote: str = ""
    marker_after: str = ""


@dataclass
class Seed:
    parts: list[Part]
    paragraph_to_number: dict[str, str] = field(default_factory=dict)


def read_seed() -> Seed:
    paragraphs = [block.split("\n") for block in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8").strip())]
    parts, in_recommendation, group, numbers = [], False, 0, {}
    seen_first = False
    for lines in paragraphs:
        text = " ".join(line.strip() for line in lines)
        start = re.match(r"(\d+)\. ", text)
        if start and (seen_first or start[1] == "1"):
            if not seen_first or parts[-1].role not in ("rec",):
                group += 1
            seen_first = True
            part = Part("rec", lines, start[1], group)
            in_recommendation = not REFERENCE.search(text)
            for ref in re.findall(r"\(Paragraphs? ([\d ,and]+)\)", text):
                for paragraph in re.findall(r"\d+", ref):
                    numbers.setdefault(paragraph, start[1])
        elif in_recommendation:
            part = Part("rec", lines, parts[-1].number, group)
            in_recommendation = not REFERENCE.search(text)
        elif not seen_first:
            role = (
                "heading"
                if text in ("Introduction", "Appendix: Government Response", "First Special Report")
                else "front"
            )
            part = Part(role, lines)
        elif re.match(r"(Paragraph \d+:|Response from )", text):
            part = Part("reply-heading", lines, group=group)
        else:
            part = Part("reply", lines, group=group)
        for phrase, note in FOOTNOTES.items():
            if text.startswith(phrase) or (part.role == "rec" and phrase in text):
                part.footnote, part.marker_after = note, phrase.split()[-1]
        parts.append(part)
    return Seed(parts, numbers)


def chapter_numbers(seed: Seed) -> dict[str, str]:
    """Each seed number as a chapter-numbered one: the n-th recommendation of the k-th group is "k.n"."""
    numbers, counts = {}, {}
    for part in seed.parts:
        if part.role == "rec" and part.number not in numbers:
            counts[part.group] = counts.get(part.group, 0) + 1
            numbers[part.number] = f"{part.group}.{counts[part.group]}"
    return numbers


def _heading_as_recommendation(text: str, seed: Seed) -> str:
    """ "Paragraph 20: ..." → "Recommendation 3: ..." for a layout that prints no paragraph references."""
    if match := re.match(r"Paragraph (\d+)(?=:)", text):
        return f"Recommendation {seed.paragraph_to_number.get(match[1], match[1])}{text[match.end() :]}"
    if match := re.fullmatch(r"(Response from [^:]+: )paragraph (\d+)", text):
        return f"{match[1]}recommendation {seed.paragraph_to_number.get(match[2], match[2])}"
    return text


@dataclass
class Layout:
    name: str
    style: str = "bold"  # how recommendations are set apart: bold, italic, shaded
    headed: bool = False  # "Recommendation N" headings, no number before the text, no paragraph references
    chapters: bool = False
    footnotes: bool = False
    hyphenate: bool = False
    running_heads: bool = True
    body_size: float = 10.0  # larger type, more pages


def _logical_lines(part: Part, layout: Layout, seed: Seed, numbers: dict[str, str]) -> list[str]:
    lines = [line.strip() for line in part.lines]
    if part.role == "rec":
        if layout.headed:
            lines = [REFERENCE.sub("", re.sub(r"^\d+\.\s+", "", line)) for line in lines]
            lines = [line for line in lines if line]
        elif layout.chapters:
            lines[0] = re.sub(r"^\d+\.", lambda m: numbers[part.number] + ".", lines[0])
    if part.role == "reply-heading" and layout.headed:
        lines = [_heading_as_recommendation(lines[0], seed), *lines[1:]]
    return lines


# --- PDF ------------------------------------------------------------------------------------------------

WORD = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(\S+)")


def _runs(line: str, style: str) -> list[tuple[str, str]]:
    """A line's words with their type ("" plain, "B" bold, "I" italic), Markdown marks read and dropped."""
    line = re.sub(r"\[([^\]\n]+)\]\(#?\)", r"\1", line)
    line = re.sub(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)", r"\1 (\2)", line)
    line = re.sub(r"<(https?://[^>\s]+)>", r"\1", line)
    words = []
    for match in WORD.finditer(line):
        if match[1]:
            words += [(word, "B") for word in match[1].split()]
        elif match[2]:
            words += [(word, style if style == "B" else "I") for word in match[2].split()]
        else:
            words.append((match[3], style))
    return words


class _Pdf:
    MARGIN, TOP, FOOT = 64.0, 72.0, 80.0

    def __init__(self, layout: Layout):
        self.layout = layout
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf")):
            self.pdf.add_font("DejaVu", style, str(FONTS / file))
        self.width = self.pdf.w - 2 * self.MARGIN
        self.notes: list[tuple[str, str]] = []
        self.note_count = 0
        self.y = 0.0
        self._new_page()

    def _new_page(self):
        self._finish_page()
        self.pdf.add_page()
        self.y = self.TOP
        page = self.pdf.page_no()
        if self.layout.running_heads and page > 1:
            self.pdf.set_font("DejaVu", "", 8)
            self.pdf.text(self.MARGIN, 40, RUNNING_HEADS[page % 2] if self.layout.chapters else RUNNING_HEADS[0])

    def _finish_page(self):
        if self.pdf.page_no() == 0:
            return
        y = self.pdf.h - self.FOOT + 8
        for marker, note in self.notes:
            self.pdf.set_font("DejaVu", "", 7)
            self.pdf.text(self.MARGIN, y, f"{marker} {note}")
            y += 9
        self.notes = []
        self.pdf.set_font("DejaVu", "", 8)
        self.pdf.text(self.pdf.w / 2, self.pdf.h - 36, str(self.pdf.page_no()))

    def _bottom(self) -> float:
        return self.pdf.h - self.FOOT - 10 * len(self.notes) - (12 if self.layout.footnotes else 0)

    def _width(self, word: str, style: str, size: float) -> float:
        self.pdf.set_font("DejaVu", style, size)
        return self.pdf.get_string_width(word)

    def _wrap(self, words: list[tuple[str, str]], size: float, indent: float) -> list[list[tuple[str, str]]]:
        lines, current, used = [], [], indent
        space = self._width(" ", "", size)
        for word, style in words:
            width = self._width(word, style, size)
            if current and used + space + width > self.width:
                split = self._hyphenate(word, style, size, self.width - used - space) if self.layout.hyphenate else None
                if split:
                    current.append((split[0], style))
                    word = split[1]
                    width = self._width(word, style, size)
                lines.append(current)
                current, used = [], indent
            current.append((word, style))
            used += (space if len(current) > 1 else 0) + width
        return lines + ([current] if current else [])

    def _hyphenate(self, word, style, size, room) -> tuple[str, str] | None:
        if not re.fullmatch(r"[a-z]{9,}[,.;:]?", word):
            return None
        for cut in range(len(word.rstrip(",.;:")) - 3, 3, -1):
            if self._width(word[:cut] + "-", style, size) <= room:
                return word[:cut] + "-", word[cut:]
        return None

    def paragraph(self, lines: list[str], style="", size=10.0, shaded=False, gap=7.0, note="", marker_after=""):
        leading = size * 1.35
        printed = []
        for line in lines:
            bullet = line.startswith("- ")
            words = _runs(line[2:] if bullet else line, style)
            for index, words_of_line in enumerate(self._wrap(words, size, 14 if bullet else 0)):
                printed.append((words_of_line, bullet and index == 0, bullet))
        marker_pending = bool(note)
        for words, starts_bullet, in_bullet in printed:
            if self.y + leading > self._bottom():
                self._new_page()
            x = self.MARGIN + (14 if in_bullet else 0)
            if shaded:
                self.pdf.set_fill_color(225, 225, 225)
                self.pdf.rect(self.MARGIN - 6, self.y - 2, self.width + 12, leading, style="F")
            baseline = self.y + size
            if starts_bullet:
                self.pdf.set_font("DejaVu", "", size)
                self.pdf.text(self.MARGIN + 2, baseline, "•")
            for word, word_style in words:
                self.pdf.set_font("DejaVu", word_style, size)
                self.pdf.text(x, baseline, word)
                x += self.pdf.get_string_width(word)
                if marker_pending and word.rstrip(",.;:") == marker_after:
                    self.note_count += 1
                    self.pdf.set_font("DejaVu", "", size * 0.6)
                    self.pdf.text(x + 0.5, baseline - size * 0.4, str(self.note_count))
                    x += self.pdf.get_string_width(str(self.note_count)) + 0.5
                    self.notes.append((str(self.note_count), note))
                    marker_pending = False
                x += self._width(" ", "", size)
            self.y += leading
        self.y += gap

    def output(self) -> bytes:
        self._finish_page()
        return bytes(self.pdf.output())


def send_pdf(layout: Layout) -> bytes:
    seed = read_seed()
    numbers = chapter_numbers(seed)
    style = {"bold": "B", "italic": "I", "shaded": ""}[layout.style]
    out = _Pdf(layout)
    for part in seed.parts:
        lines = _logical_lines(part, layout, seed, numbers)
        note = {"note": part.footnote, "marker_after": part.marker_after} if layout.footnotes and part.footnote else {}
        if part.role == "heading":
            out.paragraph(lines, "B", 13, gap=9)
        elif part.role == "rec":
            if layout.headed and lines and not re.match(r"^[a-z]", lines[0]) and part.lines[0][:1].isdigit():
                out.paragraph([f"Recommendation {part.number}"], "B", 12, gap=4)
            out.paragraph(lines, style, layout.body_size, shaded=layout.style == "shaded", **note)
        else:
            out.paragraph(lines, size=layout.body_size, **note)
    return out.output()


# --- HTML -----------------------------------------------------------------------------------------------


def _inline(line: str) -> str:
    text = html.escape(line, quote=False)
    text = re.sub(r"\[([^\]\n]+)\]\(#?\)", r'<a href="#">\1</a>', text)
    text = re.sub(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a> (\2)', text)
    text = re.sub(r"&lt;(https?://[^&\s]+)&gt;", r'<a href="\1">\1</a>', text)
    text = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<em>\1</em>", text)


def send_html() -> str:
    """The response as a Commons special report web page: recommendations in <strong> (some in <b>)."""
    seed = read_seed()
    body, notes = [], []
    for part in seed.parts:
        lines = [line.strip() for line in part.lines]
        if part.role == "heading":
            body.append(f"<h2>{_inline(lines[0])}</h2>")
            continue
        if all(line.startswith("- ") for line in lines):
            body.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
            continue
        inner = "<br>\n".join(_inline(line) for line in lines)
        if part.footnote and part.role == "reply":
            notes.append(part.footnote)
            marker = f'<sup><a href="#footnote-{len(notes)}">{len(notes)}</a></sup>'
            inner = inner.replace(part.marker_after, part.marker_after + marker, 1)
        if part.role == "rec":
            tag = "b" if int(part.number) % 3 == 0 else "strong"
            inner = f"<{tag}>{inner}</{tag}>"
        body.append(f'<p class="{part.role}">{inner}</p>')
    footnotes = "".join(f'<p id="footnote-{i}">{i} {html.escape(note)}</p>' for i, note in enumerate(notes, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Special Educational Needs and '
        "Disabilities: Government Response</title><style>p { margin: 0 }</style><script>var x = 1;</script></head>\n"
        "<body><header><p>Skip to main content</p></header><nav><ul><li>Committees</li><li>Publications</li></ul>"
        "</nav>\n<main>\n" + "\n".join(body) + f'\n<div class="footnotes">{footnotes}</div>\n</main>'
        "<footer><p>© Parliamentary Copyright House of Commons 2020</p></footer></body></html>\n"
    )


# --- Text -----------------------------------------------------------------------------------------------


def send_wrapped_text(width=72, page_lines=50) -> str:
    """A hard-wrapped text copy: one printed line per line, a running head and a page number on each page, and a
    form feed at each page break."""
    seed = read_seed()
    printed: list[str] = []
    for part in seed.parts:
        for line in (line.strip() for line in part.lines):
            bullet = line.startswith("- ")
            printed += textwrap.wrap(
                line, width, subsequent_indent="  " if bullet else "", break_long_words=False, break_on_hyphens=False
            )
        printed.append("")
    pages, out = [printed[i : i + page_lines] for i in range(0, len(printed), page_lines)], []
    for number, lines in enumerate(pages, start=1):
        head = [RUNNING_HEADS[0], ""] if number > 1 else []
        out.append("\n".join(head + lines + ["", f"{number:>38}"]))
    return "\n\f".join(out) + "\n"


LAYOUTS = {
    "pdf-bold": Layout("pdf-bold"),
    "pdf-italic": Layout("pdf-italic", style="italic"),
    "pdf-shaded-headed": Layout("pdf-shaded-headed", style="shaded", headed=True),
    "pdf-chapters-footnotes-hyphens": Layout(
        "pdf-chapters-footnotes-hyphens", chapters=True, footnotes=True, hyphenate=True
    ),
}
