"""A corpus of responses in the layouts government responses are published in, each generated from the SEND
seed's own words (never re-written), with the items each must give: the six SEND layouts of
tests/send_documents.py, and layouts read from their own cues — labelled recommendations under numbered topic
headings, "Conclusion/Recommendation N" with "Government response" headings, "Committee recommendation" and
"Government Response:" in a PDF, unnumbered shaded boxes continuing across a page, a two-column table, a
hard-wrapped Lords-style text copy ("8.12 ... (paragraph 2.20)" with the reply after the reference, numbered lists
in replies, running heads and page numbers), a special report whose opening paragraph gives the report, and the
committee's own report (web page and PDF; tests/intake/report_documents.py), whose recommendations have no reply.

`score(document)` reads a document as the admin does and counts what an editor would still fix.
"""

import datetime
import html
import re
import textwrap
import time
from dataclasses import dataclass, field, replace
from functools import cache

from intake.common import DocumentError
from intake.pipeline import make_draft
from tests.send_documents import (
    LAYOUTS,
    REFERENCE,
    Layout,
    _Pdf,
    chapter_numbers,
    read_seed,
    send_html,
    send_pdf,
    send_wrapped_text,
)

TOPICS = ("Funding", "Accountability", "Inspection", "Workforce", "Transitions")


@dataclass
class Expected:
    number: str
    text: str
    reply: str | None  # words its reply starts with ("" for any reply, None for none)


@dataclass
class Document:
    name: str
    layout: str
    make: object  # () → bytes
    expected: list[Expected]
    front: dict = field(default_factory=dict)  # FrontMatter fields it must give


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9£]+", text.lower()))


@cache
def seed_items() -> tuple[tuple[str, str], ...]:
    """(recommendation, reply) pairs of the seed: each group with one recommendation paragraph, its reference
    taken off, and the group's first reply paragraph."""
    groups: dict[int, list] = {}
    for part in read_seed().parts:
        if part.group:
            groups.setdefault(part.group, []).append(part)
    items = []
    for parts in groups.values():
        recs = [p for p in parts if p.role == "rec"]
        replies = [p for p in parts if p.role == "reply" and not p.lines[0].strip().startswith("- ")]
        if len(recs) == 1 and replies and len(recs[0].lines) == 1:
            text = REFERENCE.sub("", re.sub(r"^\d+\.\s+", "", recs[0].lines[0].strip()))
            # The seed breaks some paragraphs mid-sentence: the reply runs on to its sentence's end.
            reply = ""
            for part in replies:
                reply = f"{reply} {' '.join(line.strip() for line in part.lines)}".strip()
                if reply.endswith((".", "?", "!", ")", "”", '"')):
                    break
            items.append((_plain(text), _plain(reply)))
    return tuple(items)


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]\n]+)\]\((?:#|https?://[^)\s]+)?\)", r"\1", text)
    return re.sub(r"\*\*?(\S(?:.*?\S)?)\*\*?", r"\1", text)


def _expected(numbers) -> list[Expected]:
    return [Expected(n, text, reply) for n, (text, reply) in zip(numbers, seed_items(), strict=False)]


def _send_expected() -> list[Expected]:
    """The SEND response's 38 recommendations (a paragraph broken in two in the seed read whole). Replies there
    are given per group, so only their presence counts; recommendation 15 has none of its own (its group's
    reply is headed "Response from Ofsted: paragraph 42", which is recommendation 16's)."""
    texts: dict[str, list[str]] = {}
    for part in read_seed().parts:
        if part.role == "rec":
            texts.setdefault(part.number, []).append(" ".join(line.strip() for line in part.lines))
    return [
        Expected(
            number, _plain(REFERENCE.sub("", re.sub(r"^\d+\.\s+", "", " ".join(parts)))), None if number == "15" else ""
        )
        for number, parts in texts.items()
    ]


# --- The layouts of this corpus ---------------------------------------------------------------------------


def labelled_text() -> bytes:
    """ "Recommendation:" and "Response:" under numbered topic headings, one paragraph a line."""
    out = ["Government Response to the Committee's Report", ""]
    for index, (text, reply) in enumerate(seed_items()):
        if index % 3 == 0:
            out += [f"{index // 3 + 1}. {TOPICS[index // 3 % len(TOPICS)]}", ""]
        out += ["Recommendation:", "", text, "", "Response:", "", reply, ""]
    return "\n".join(out).encode()


def conclusion_recommendation_html() -> bytes:
    parts = ["<h1>Government response</h1>"]
    for number, (text, reply) in enumerate(seed_items(), start=1):
        parts += [f"<h3>Conclusion/Recommendation {number}</h3>", f"<p>{html.escape(text)}</p>",
                  "<h4>Government response</h4>", f"<p>{html.escape(reply)}</p>"]  # fmt: skip
    return ("<!DOCTYPE html><html><body><main>" + "\n".join(parts) + "</main></body></html>").encode()


def committee_recommendation_pdf() -> bytes:
    out = _Pdf(Layout("committee-recommendation"))
    out.paragraph(["Government Response to the Committee's Report"], "B", 14, gap=9)
    for text, reply in seed_items():
        out.paragraph(["Committee recommendation"], "B", 10, gap=4)
        out.paragraph([text], "I", 10)
        out.paragraph(["Government Response:"], "B", 10, gap=4)
        out.paragraph([reply], "", 10)
    return out.output()


def boxes_pdf() -> bytes:
    """Recommendations in shaded boxes with no heading and no number; long ones run on across a page."""
    out = _Pdf(Layout("boxes", style="shaded"))
    out.paragraph(["Government Response"], "B", 14, gap=9)
    for text, reply in seed_items():
        out.paragraph([text], "", 10, shaded=True)
        out.paragraph([reply], "", 10)
    return out.output()


def table_html() -> bytes:
    rows = "".join(
        f"<tr><td>{n}. {html.escape(text)} (Paragraph {n * 3})</td><td>{html.escape(reply)}</td></tr>"
        for n, (text, reply) in enumerate(seed_items(), start=1)
    )
    head = "<tr><th>Recommendation</th><th>Government response</th></tr>"
    return f"<!DOCTYPE html><html><body><h1>Government response</h1><table>{head}{rows}</table></body></html>".encode()


def lords_wrapped_text(width=72, page_lines=48) -> bytes:
    """A Lords-style text copy: "8.N <text> (paragraph 2.M) <reply>", a numbered list in some replies, hard-wrapped
    with a running head, page numbers and form feeds."""
    printed = ["Government response to the Committee's report", "", "Chapter 8: Summary of conclusions", ""]
    for n, (text, reply) in enumerate(seed_items(), start=1):
        paragraph = f"8.{n} {text} (paragraph 2.{n + 10}) {reply}"
        printed += textwrap.wrap(paragraph, width, break_on_hyphens=False) + [""]
        if n % 4 == 0:
            printed += ["The Government will:", "", "1. publish its plans;", "", "2. report on progress.", ""]
    pages = [printed[i : i + page_lines] for i in range(0, len(printed), page_lines)]
    out = []
    for number, lines in enumerate(pages, start=1):
        head = ["Government response: special educational needs", ""] if number > 1 else []
        out.append("\n".join(head + lines + ["", f"{number:>36}"]))
    return ("\n\f".join(out) + "\n").encode()


def special_report_text() -> bytes:
    opening = ("The Committee published its First Report of Session 2019–21, Special educational needs and "
               "disabilities (HC 20), on 23 October 2019. The Government's response was received on 22 July 2020 "
               "and is appended to this report.")  # fmt: skip
    out = ["House of Commons", "", "Education Committee", "", "CP 278", "", "July 2020", "", opening, ""]
    for n, (text, reply) in enumerate(seed_items(), start=1):
        if n % 5 == 1:
            out += [TOPICS[n // 5 % len(TOPICS)], ""]
        out += [f"{n}. {text} (Paragraph {n + 16})", "", reply, ""]
    return "\n".join(out).encode()


def corpus() -> list[Document]:
    n = len(seed_items())
    numbered = [str(i) for i in range(1, n + 1)]
    send = _send_expected()
    chapters = chapter_numbers(read_seed())
    docs = [Document(f"send-{name}", name, (lambda layout=layout: send_pdf(layout)),
                     [replace(e, number=chapters[e.number]) for e in send] if layout.chapters else send)
            for name, layout in LAYOUTS.items()]  # fmt: skip
    docs += [
        Document("send-commons-html", "web page", lambda: send_html().encode(), send),
        Document("send-wrapped-text", "hard-wrapped text", lambda: send_wrapped_text().encode(), send),
        Document("labelled-topics-text", "labelled, numbered topics", labelled_text, _expected(numbered)),
        Document(
            "conclusion-recommendation-html",
            "labelled N, headings",
            conclusion_recommendation_html,
            _expected(numbered),
        ),  # fmt: skip
        Document("committee-recommendation-pdf", "labelled PDF", committee_recommendation_pdf, _expected(numbered)),
        Document("boxes-pdf", "unnumbered boxes", boxes_pdf, _expected(numbered)),
        Document("table-html", "two-column table", table_html, _expected(numbered)),
        Document("lords-wrapped-text", "8.N hard-wrapped", lords_wrapped_text, _expected([f"8.{i}" for i in numbered])),
        Document(
            "special-report-text",
            "opening paragraph",
            special_report_text,
            _expected(numbered),
            {
                "title": "Special educational needs and disabilities",
                "hc_number": "HC 20",
                "report_number": "First Report",
                "command_paper": "CP 278",
                "presented_on": "July 2020",
                "committee": "Education Committee",
                "house": "House of Commons",
            },
        ),  # fmt: skip
    ]
    return docs + _report_documents()


def _report_documents() -> list[Document]:
    """The committee's report: its 38 recommendations, none with a reply, and its cover as printed."""
    from tests.intake import report_documents as report  # it builds on this module's words

    expected = [Expected(number, text, None) for number, text, _ in report.recommendations()]
    front = {**report.FRONT, "published_on": datetime.date(2019, 10, 23)}
    return [
        Document("report-html", "committee report, web page", report.report_html, expected, front),
        Document("report-pdf", "committee report, PDF", report.report_pdf, expected, front),
    ]


# --- The score ---------------------------------------------------------------------------------------------


@dataclass
class Score:
    name: str
    layout: str
    found: int  # expected recommendations read with their number and words
    expected: int
    extra: int  # recommendations read that are not expected
    paired: int  # expected recommendations whose reply was paired with them
    doubts: dict
    seconds: float
    front_wrong: list[str]

    @property
    def exact(self) -> bool:
        return self.found == self.expected and not self.extra and self.paired == self.expected


def score(document: Document) -> Score:
    data = document.make()
    start = time.perf_counter()
    try:
        draft = make_draft(document.name, data)
    except DocumentError as error:
        levels = {"error": 1, "check": 0, "warning": 0}
        return Score(document.name, document.layout, 0, len(document.expected), 0, 0, levels, 0.0, [str(error)])
    seconds = time.perf_counter() - start
    read = {r.number: r for r in draft.recommendations}
    replies: dict[str, list[str]] = {}
    for reply in draft.replies:
        for number in reply.numbers:
            replies.setdefault(number, []).append(words(reply.text))
    found = paired = 0
    for item in document.expected:
        got = read.get(item.number)
        if got is None or words(got.text)[:200] != words(item.text)[:200]:
            continue
        found += 1
        given = replies.get(item.number, [])
        if item.reply is None:
            paired += not given
        elif (given or got.acknowledged) and any(t.startswith(words(item.reply)[:120]) for t in given or [""]):
            paired += 1
    levels = {"error": 0, "check": 0, "warning": 0}
    for doubt in draft.all_doubts():
        levels[doubt.level] = levels.get(doubt.level, 0) + 1
    wrong = [name for name, value in document.front.items() if getattr(draft.front, name) != value]
    extra = len(set(read) - {item.number for item in document.expected})
    return Score(document.name, document.layout, found, len(document.expected), extra, paired, levels, seconds, wrong)
