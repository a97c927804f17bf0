"""The first stage: a document's bytes → blocks of text with their style (see intake.blocks).

The type is read from the content, never from the name: "%PDF-" starts a PDF; a text whose first tag is an HTML
one is HTML; anything else must be UTF-8 text.
"""

import re
from dataclasses import dataclass, field

from intake.common import DocumentError, decode_text
from recommendations.validators import strip_unsafe

from ..blocks import Block
from .html import read_html
from .pdf import UnreadablePdf, read_pdf
from .text import read_text

PDF, HTML, TEXT = "pdf", "html", "text"
HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|p|div|h[1-6])\b", re.I | re.S
)


@dataclass
class Document:
    path: str
    format: str  # PDF, HTML or TEXT
    blocks: list[Block]
    text: str  # all the words, for phrases read across the whole document
    joined_words: list[str] = field(default_factory=list)  # words joined at a hyphenated line end, unsure


def sniff(data: bytes) -> str:
    if data.lstrip()[:5] == b"%PDF-":
        return PDF
    head = data[:4096].decode("utf-8", errors="replace")
    return HTML if HTML_START.match(head.lstrip("\ufeff")) else TEXT


def read(path, data: bytes) -> Document:
    """The document's blocks; DocumentError names the place at fault."""
    kind = sniff(data)
    if kind == PDF:
        try:
            blocks, doubts = read_pdf(data)
        except UnreadablePdf as error:
            raise DocumentError(path, "page 1", str(error)) from None
    elif kind == HTML:
        blocks, doubts = read_html(decode_text(path, data)), []
        if not blocks:
            raise DocumentError(path, 1, "the HTML page has no text.")
    else:
        blocks, doubts = read_text(decode_text(path, data))
    for block in blocks:  # a font's Unicode map or an HTML reference can give any character
        block.lines = [strip_unsafe(line) for line in block.lines]
        block.notes = [strip_unsafe(note) for note in block.notes]
    return Document(str(path), kind, blocks, "\n".join(block.text for block in blocks), doubts)
