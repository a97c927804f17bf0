"""Read an HTML document (a committee's web page of a special report) with the standard library's parser.

Each paragraph, heading, table cell or list becomes a block (a list is one block, an item a line of it); a block
is bold or italic when nearly all its letters are in <strong>/<b> or <em>/<i>, a heading when it is an <h1>–<h6>.
Scripts, styles, navigation, headers and footers are left out. Footnote markers (<sup>) come out of the text,
and the footnote they point to (an element whose id or class says "footnote") becomes a note of the block.
"""

import re
from collections import Counter
from html.parser import HTMLParser

from ..blocks import Block

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd", "div", "pre", "caption"}
LISTS = {"ul", "ol"}
SKIPPED = {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "button", "form"}
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source"}
MOSTLY = 0.9


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.footnotes: dict[str, str] = {}
        self.cited: list[tuple[Block | None, str]] = []  # (the block being read, the footnote id it cites)
        self.open: list[tuple[str, dict]] = []
        self.open_tags: Counter = Counter()  # how many of each tag are open: the questions below in one step
        self.open_footnotes = 0
        self.chars: list[tuple[str, bool, bool]] = []  # (text, bold, italic)
        self.start_line = 0
        self.list_block: Block | None = None
        self.footnote_id: str | None = None
        self.pending_citations: list[str] = []

    def _inside(self, *tags) -> bool:
        return any(self.open_tags[tag] for tag in tags)

    def _push(self, tag: str, attrs: dict) -> None:
        self.open.append((tag, attrs))
        self.open_tags[tag] += 1
        self.open_footnotes += self._is_footnote(attrs)

    def _pop(self) -> str:
        tag, attrs = self.open.pop()
        self.open_tags[tag] -= 1
        self.open_footnotes -= self._is_footnote(attrs)
        return tag

    def _is_footnote(self, attrs: dict) -> bool:
        return "footnote" in f"{attrs.get('id', '')} {attrs.get('class', '')}".lower()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "br":
            self.chars.append(("\n", False, False))
            return
        if tag in VOID:
            return
        if tag in BLOCKS or tag in LISTS:
            self._flush()
        if self._is_footnote(attrs) and self.footnote_id is None:
            self.footnote_id = attrs.get("id", "")
        elif self.footnote_id is not None and attrs.get("id"):
            self.footnote_id = attrs["id"]  # one footnote of a footnotes section
        if tag == "a" and self._inside("sup") and attrs.get("href", "").startswith("#"):
            self.pending_citations.append(attrs["href"][1:])
        self._push(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID or not self.open_tags[tag]:
            return
        if tag in BLOCKS or tag in LISTS:
            self._flush()  # while the element is still open, so that the block knows what it is
        while self.open and self._pop() != tag:
            pass
        if self.footnote_id is not None and not self.open_footnotes:
            self.footnote_id = None
        if tag in LISTS:
            self.list_block = None

    def handle_data(self, data):
        if self._inside(*SKIPPED):
            return
        if self._inside("sup"):
            if not self._inside("a") and re.fullmatch(r"\s*\[?\d{1,3}\]?\s*", data):
                self.pending_citations.append(data.strip(" []"))
            return
        if not self.chars:
            self.start_line = self.getpos()[0]
        bold = self._inside("strong", "b")
        italic = self._inside("em", "i")
        self.chars.append((re.sub(r"\s+", " ", data), bold, italic))

    def _flush(self):
        text = "".join(part for part, _, _ in self.chars)
        letters = [(bold, italic) for part, bold, italic in self.chars for c in part if c.isalnum()]
        self.chars = []
        lines = [" ".join(line.split()) for line in text.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        if self.footnote_id is not None:
            self.footnotes[self.footnote_id] = re.sub(r"^\[?\d{1,3}[\].)]?\s+", "", " ".join(lines))
            return
        in_list = self._inside("li")
        if in_list:
            lines[0] = f"- {lines[0]}"
        block = Block(
            self.start_line,
            lines,
            bold=sum(bold for bold, _ in letters) >= MOSTLY * len(letters),
            italic=sum(italic for _, italic in letters) >= MOSTLY * len(letters),
            heading=self._inside("h1", "h2", "h3", "h4", "h5", "h6"),
        )
        if in_list and self.list_block is not None:
            self.list_block.lines += block.lines
            block = self.list_block
        else:
            self.blocks.append(block)
            self.list_block = block if in_list else None
        self.cited += [(block, citation) for citation in self.pending_citations]
        self.pending_citations = []


def read_html(text: str) -> list[Block]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader._flush()
    numbered = list(reader.footnotes.values())
    for block, citation in reader.cited:
        note = reader.footnotes.get(citation)
        if note is None and citation.isdigit() and 0 < int(citation) <= len(numbered):
            note = numbered[int(citation) - 1]
        if note:
            block.notes.append(note)
    return reader.blocks
