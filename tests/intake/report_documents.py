"""The Education Committee's report "Special educational needs and disabilities" (HC 20) laid out as committee
reports are published, from the SEND seed's own words: a cover, a contents list that names "Conclusions and
recommendations" too, a body of numbered paragraphs under chapter headings (the recommendations' words among them,
in bold, as reports print them), the "Conclusions and recommendations" section with topic sub-headings and each
item "1. <words> (Paragraph 17)", then formal minutes, witnesses, published written evidence and the list of
reports, whose numbered entries are no recommendations. As a web page and as a PDF.

`renumbered_response()` is the seed's government response with its recommendations numbered otherwise: 3 and 4
swapped, and from 30 on one more than the report's.
"""

import html
import re
from functools import cache

from tests.intake.corpus import TOPICS, _plain
from tests.send_documents import SEED, Layout, _Pdf, read_seed

COVER = (
    "House of Commons",
    "Education Committee",
    "Special educational needs and disabilities",
    "First Report of Session 2019–21",
    "Report, together with formal minutes relating to the report",
    "Ordered by the House of Commons to be printed 16 October 2019",
    "HC 20",
    "Published on 23 October 2019 by authority of the House of Commons",
)
FRONT = {
    "house": "House of Commons",
    "committee": "Education Committee",
    "title": "Special educational needs and disabilities",
    "report_number": "First Report",
    "session": "2019–21",
    "hc_number": "HC 20",
}
ENDS = ("Formal minutes", "Witnesses", "Published written evidence",
        "List of Reports from the Committee during the current Parliament")  # fmt: skip
CONTENTS = ("Summary", *(f"{n} {topic}" for n, topic in enumerate(TOPICS, start=1)),
            "Conclusions and recommendations", *ENDS)  # fmt: skip
# What follows the section: numbered entries that must not be read as recommendations (the seed's bodies).
AFTER = {
    "Formal minutes": [
        "Draft Report (Special educational needs and disabilities), proposed by the Chair, brought up and read."
    ],  # fmt: skip
    "Witnesses": ["1. Department for Education", "2. Care Quality Commission"],
    "Published written evidence": ["1. Ofsted", "2. Equality and Human Rights Commission"],
    "List of Reports from the Committee during the current Parliament": [
        "1. First Report: Special educational needs and disabilities, HC 20"
    ],
}
PARAGRAPH = re.compile(r"\s*(\(Paragraphs? [^()]+\))$")


@cache
def recommendations() -> tuple[tuple[str, str, str], ...]:
    """(number, words, reference) of the seed's 38 recommendations, a paragraph broken in two there read whole."""
    texts: dict[str, list[str]] = {}
    for part in read_seed().parts:
        if part.role == "rec":
            texts.setdefault(part.number, []).append(" ".join(line.strip() for line in part.lines))
    items = []
    for number, parts in texts.items():
        text = _plain(re.sub(r"^\d+\.\s+", "", " ".join(parts)))
        reference = PARAGRAPH.search(text)
        items.append((number, text[: reference.start()], reference[1]))
    return tuple(items)


def _body() -> list[tuple[str, str]]:
    """The body: (chapter heading, "") or (numbered paragraph, its words in bold if a recommendation cites it).
    Paragraphs that no recommendation cites take the words of the seed's replies, in order."""
    cited = {re.search(r"\d+", reference)[0]: text for _, text, reference in recommendations()}
    replies = iter(
        " ".join(line.strip() for line in part.lines)
        for part in read_seed().parts
        if part.role == "reply" and not part.lines[0].startswith("- ")
    )
    out = []
    for n in range(1, 86):
        if n % 17 == 1:
            out.append((f"{n // 17 + 1} {TOPICS[n // 17]}", ""))
        out.append((f"{n}.", f"**{cited[str(n)]}**" if str(n) in cited else _plain(next(replies))))
    return out


def _sections() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The section's items under their topic sub-headings, eight to a topic."""
    items = recommendations()
    return [(TOPICS[i // 8], list(items[i : i + 8])) for i in range(0, len(items), 8)]


def _first_sentence_bold(text: str) -> str:
    first, _, rest = text.partition(". ")
    return f"<strong>{html.escape(first)}{'.' if rest else ''}</strong> {html.escape(rest)}".strip()


def _bold_html(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))


def report_html(*, section: bool = True) -> bytes:
    """The report as the Commons web page: the contents as links with no page numbers; in the section, every other
    item wholly in <strong>, the others with only their first sentence in it. Without `section`, the contents name
    the section but the report does not print it."""
    parts = [f"<p>{html.escape(line)}</p>" for line in COVER]
    parts += ["<h2>Contents</h2>", "<ul>", *(f'<li><a href="#">{html.escape(e)}</a></li>' for e in CONTENTS), "</ul>"]
    for number, words in _body():
        parts.append(f"<p>{number} {_bold_html(words)}</p>" if words else f"<h2>{html.escape(number)}</h2>")
    if section:
        parts.append("<h2>Conclusions and recommendations</h2>")
    for topic, items in _sections() if section else ():
        parts.append(f"<h3>{topic}</h3>")
        for number, text, reference in items:
            words = f"<strong>{html.escape(text)}</strong>" if int(number) % 2 else _first_sentence_bold(text)
            parts.append(f"<p>{number}. {words} {reference}</p>")
    for heading, entries in AFTER.items():
        parts += [f"<h2>{heading}</h2>", *(f"<p>{html.escape(entry)}</p>" for entry in entries)]
    return ("<!DOCTYPE html><html lang='en'><head><title>Special educational needs and disabilities</title></head>"
            "<body><main>" + "\n".join(parts) + "</main></body></html>").encode()  # fmt: skip


def report_pdf() -> bytes:
    """The report as printed: a cover page, a contents page with page numbers, the body, then the section, its
    items with the words in bold and the number and reference in plain type."""
    out = _Pdf(Layout("report", running_heads=False))
    for index, line in enumerate(COVER):
        out.paragraph([line], "B" if index < 3 else "", 16 if index < 3 else 11, gap=10)
    out._new_page()
    out.paragraph(["Contents"], "B", 14, gap=9)
    for page, entry in enumerate(CONTENTS, start=3):
        out.paragraph([f"{entry} {page * 4}"], "", 10, gap=3)
    out._new_page()
    for number, words in _body():
        if words:
            out.paragraph([f"{number} {words}"], "", 10)
        else:
            out.paragraph([number], "B", 13, gap=9)
    out.paragraph(["Conclusions and recommendations"], "B", 14, gap=9)
    for topic, items in _sections():
        out.paragraph([topic], "B", 12, gap=6)
        for number, text, reference in items:
            out.paragraph([f"{number}. **{text}** {reference}"], "", 10)
    for heading, entries in AFTER.items():
        out.paragraph([heading], "B", 14, gap=9)
        for entry in entries:
            out.paragraph([entry], "", 10)
    return out.output()


RENUMBERED = {"3": "4", "4": "3", **{str(n): str(n + 1) for n in range(30, 39)}}


def renumbered_response() -> bytes:
    """The seed's response, its recommendations 3 and 4 swapped and those from 30 on numbered one more."""
    text = SEED.read_text(encoding="utf-8")
    return re.sub(r"(?m)^(\d+)\. ", lambda m: f"{RENUMBERED.get(m[1], m[1])}. ", text).encode()
