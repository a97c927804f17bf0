"""Small hostile documents for the fuzz test, made from the SEND seed's own words: PDFs (fpdf2) with odd fonts and
sizes, one or two columns, rotated text, landscape pages, empty pages and pages of nothing but furniture; HTML
and text in the same shapes; and the bytes of any of them truncated or with pieces swapped."""

import html
import re
from functools import cache

from fpdf import FPDF
from hypothesis import strategies as st

from tests.send_documents import FONTS, read_seed

CORE_FONTS = ("Helvetica", "Times", "Courier")


@cache
def seed_paragraphs() -> tuple[str, ...]:
    texts = [" ".join(line.strip() for line in part.lines) for part in read_seed().parts]
    return tuple(re.sub(r"[*\[\]]|\(#\)", "", text) for text in texts if len(text) > 3)


def _latin(text: str) -> str:
    """What a core (non-embedded) PDF font can print."""
    return text.encode("latin-1", "replace").decode("latin-1")


@st.composite
def paragraphs(draw) -> list[tuple[str, str]]:
    """(role, text) in reading order: numbered recommendations with references, labels, headings, replies."""
    seed = seed_paragraphs()
    out = []
    for _ in range(draw(st.integers(0, 7))):
        text = seed[draw(st.integers(0, len(seed) - 1))][: draw(st.integers(1, 300))]
        role = draw(st.sampled_from(["rec", "reply", "heading", "label", "list", "furniture"]))
        if role == "rec":
            number = draw(st.sampled_from(["1", "2", "3", "8.12", "1.1", "12", "0", "999"]))
            ref = draw(st.sampled_from(["", " (Paragraph 17)", " (paragraph 2.20)", " (Paragraphs 3 and 4)", " (para"]))
            text = f"{number}{draw(st.sampled_from(['. ', ' ', '.']))}{text}{ref}"
        elif role == "label":
            text = (
                draw(
                    st.sampled_from(
                        [
                            "Recommendation:",
                            "Response:",
                            "Recommendation 3",
                            "Paragraph 20:",
                            "Government response",
                            "Response from Ofsted: paragraph 42",
                        ]
                    )
                )
                + " "
                + text
            )
        elif role == "list":
            text = "\n".join(f"- {part}" for part in text.split(". ") if part)
        elif role == "furniture":
            text = draw(st.sampled_from(["12", "Page 3 of 9", "Education Committee", "HC 123"]))
        out.append((role, text))
    return out


@st.composite
def pdf_document(draw) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    embedded = draw(st.integers(0, 3)) == 0  # an embedded font is slow to write: one document in four
    if embedded:
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    columns = draw(st.sampled_from([1, 2]))
    width = (pdf.w - 120) / columns
    pdf.add_page()
    column, y = 0, 72.0
    for role, text in draw(paragraphs()):
        if y > 760 or draw(st.integers(0, 9)) == 0:
            column = (column + 1) % columns
            if column == 0:
                pdf.add_page(orientation=draw(st.sampled_from(["P", "P", "L"])))
                for _ in range(draw(st.integers(0, 1))):
                    pdf.add_page()  # an empty page
                pdf.set_font("Helvetica", "", 8)
                pdf.text(60, 40, "Special Educational Needs and Disabilities: Government Response")
                pdf.text(pdf.w / 2, pdf.h - 30, str(pdf.page_no()))
            y = 72.0
        family = draw(st.sampled_from(("DejaVu", *CORE_FONTS) if embedded else CORE_FONTS))
        style = draw(st.sampled_from(["", "B"] if family == "DejaVu" else ["", "B", "I", "BI"]))
        size = draw(st.sampled_from([4, 7, 10, 10, 10, 14, 22]))
        pdf.set_font(family, style, size)
        if role == "rec" and draw(st.booleans()):
            pdf.set_fill_color(220, 220, 220)
            pdf.rect(60 + column * width, y - size, width, size * 3, style="F")
        printed = text if family == "DejaVu" else _latin(text)
        angle = draw(st.sampled_from([0, 0, 0, 90, 180, 7]))
        with pdf.rotation(angle, 60 + column * width, y):
            for line in _wrap(pdf, printed, width):
                pdf.text(60 + column * width, y, line)
                y += size * 1.3
        y += size * 0.8
    return bytes(pdf.output())


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and pdf.get_string_width(f"{current} {word}") > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


@st.composite
def html_document(draw) -> bytes:
    parts = []
    for role, text in draw(paragraphs()):
        inner = html.escape(text).replace("\n", "<br>")
        tag = draw(st.sampled_from(["p", "p", "h2", "td", "li", "div"]))
        if role == "rec" and draw(st.booleans()):
            inner = f"<strong>{inner}</strong>"
        parts.append(f"<{tag}>{inner}</{tag}>")
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(st.sampled_from(["<table><tr>", "</tr></table>", "<sup>1</sup>", "<ul>", "</div>"])))
    return ("<!DOCTYPE html><html><body><main>" + "\n".join(parts) + "</main></body></html>").encode()


@st.composite
def text_document(draw) -> bytes:
    lines = []
    wrapped = draw(st.booleans())
    for _, text in draw(paragraphs()):
        if wrapped:
            lines += [text[i : i + 70] for i in range(0, len(text), 70)]
        else:
            lines.append(text)
        lines.append(draw(st.sampled_from(["", "", "\f", "\n12\n", "\fEducation Committee\n"])))
    return "\n".join(lines).encode()


@st.composite
def damaged(draw, documents) -> bytes:
    """A document, whole or damaged: truncated, a piece cut out, or two pieces swapped."""
    data = draw(documents)
    how = draw(st.sampled_from(["whole", "whole", "truncated", "cut", "swapped"]))
    if how == "whole" or len(data) < 4:
        return data
    a, b = sorted(draw(st.integers(1, len(data) - 1)) for _ in range(2))
    if how == "truncated":
        return data[:a]
    if how == "cut":
        return data[:a] + data[b:]
    middle = (a + b) // 2
    return data[:a] + data[middle:b] + data[a:middle] + data[b:]
