"""Helpers shared by the importers: a located error, reading a document, a summary of changes."""

import re
from dataclasses import dataclass
from pathlib import Path


class DocumentError(Exception):
    """Bad input, located in its file: str() is "FILE, line N: message"."""

    def __init__(self, path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}, line {self.line}: {self.message}"


def read_document(path) -> str:
    """The text of a UTF-8 document with "\\n" line ends; DocumentError if it is missing, empty or not text."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, None, "no such file.") from None
    except IsADirectoryError:
        raise DocumentError(path, None, "is a directory, not a document.") from None
    except OSError as error:
        raise DocumentError(path, None, f"cannot be read ({error.strerror}).") from None
    if not data.strip():
        raise DocumentError(path, 1, "the file is empty.")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(path, line, "the file is binary (it contains NUL bytes), not a text document.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            path, line, f"the file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded); save it as UTF-8."
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"

    @property
    def changed(self) -> bool:
        return self.created > 0 or self.updated > 0


@dataclass
class Paragraph:
    """Lines of a document between blank lines, with the number of the first."""

    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return clean_markdown(join_lines(self.lines))


BULLET = re.compile(r"^(?:[-•–]|\*(?=\s))\s+")


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as text: wrapped lines joined by a space, each bullet ("- ...") on its own line."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif BULLET.match(line):
            text += "\n" + line
        else:
            text += " " + line
    return text


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
        elif current is None:
            current = Paragraph(number, [line])
            paragraphs.append(current)
        else:
            current.lines.append(line)
    return paragraphs


_ENDS_SENTENCE = tuple(".?!:;”\"')’…")
_RUNNING_PROSE = re.compile(r"[.?!]\s+[A-Z]")


def is_continuation(previous: Paragraph, following: Paragraph) -> bool:
    """Whether a page break split one paragraph into these two.

    The first must stop mid-sentence (no closing punctuation, not a bullet), and the second either starts with a
    small letter or the first is running prose (it holds a whole sentence already): "... the evidence that the" /
    "Committee has supplied ...". The caller rules out headings and other structure.
    """
    last = previous.lines[-1].strip()
    if BULLET.match(last) or join_lines(previous.lines).endswith(_ENDS_SENTENCE):
        return False
    first = following.lines[0].strip()
    if BULLET.match(first):
        return False
    return first[:1].islower() or bool(_RUNNING_PROSE.search(join_lines(previous.lines)))


def join_page_breaks(paragraphs: list[Paragraph], *, is_heading, starts_block) -> list[Paragraph]:
    """Paragraphs with page-break splits joined again.

    A paragraph for which is_heading() is true is never continued; one for which starts_block() is true (a
    heading, a numbered item) never continues the one before.
    """
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not is_heading(previous)
            and not starts_block(paragraph)
            and is_continuation(previous, paragraph)
        ):
            joined[-1] = Paragraph(previous.line, previous.lines + paragraph.lines)
        else:
            joined.append(paragraph)
    return joined


_MARKDOWN = (
    (re.compile(r"\[([^\]\n]+)\]\(#?\)"), r"\1"),  # [text](#) → text
    (re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)"), r"\1 (\2)"),  # [text](url) → text (url)
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # <url> → url
    (re.compile(r"\*\*(\S(?:.*?\S)?)\*\*", re.DOTALL), r"\1"),  # **strong**
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.DOTALL), r"\1"),  # *emphasis*
)


def clean_markdown(text: str) -> str:
    """Plain text from the bits of Markdown found in documents: emphasis, link wrappers and <url>s."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text
