"""What a reader gives the rest of the pipeline: the document as blocks of text with their style.

A block is one paragraph as printed: its lines (a list item keeps a line of its own), where it is (a line of a
text or HTML file, a page of a PDF), and how it is set apart (bold, italic, shaded, a heading). Footnote text a
reader took out of the flow travels with the block that cites it, as notes.
"""

import re
from dataclasses import dataclass, field


@dataclass
class Block:
    line: int | str  # where it starts: a line number, or "page 3"
    lines: list[str]
    bold: bool = False
    italic: bool = False
    shaded: bool = False
    heading: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean_markdown(join_lines(self.lines))

    @property
    def style(self) -> frozenset[str]:
        return frozenset(name for name in ("bold", "italic", "shaded") if getattr(self, name))

    @property
    def place(self) -> str:
        return f"line {self.line}" if isinstance(self.line, int) else str(self.line)


BULLET = re.compile(r"^(?:[-•–▪]|\*(?=\s))\s+")


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


# Each pattern's span stops at the next character that could start another match ("[", "<", "*"), so that a
# text full of unmatched starts is read in one pass, not once from each start.
_MARKDOWN = (
    (re.compile(r"\[([^\[\]\n]+)\]\(#?\)"), r"\1"),  # [text](#) → text
    (re.compile(r"\[([^\[\]\n]+)\]\((https?://[^()\s]+)\)"), r"\1 (\2)"),  # [text](url) → text (url)
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),  # <url> → url
    (re.compile(r"\*\*(\S(?:[^*]*?\S)?)\*\*"), r"\1"),  # **strong**
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
)


def clean_markdown(text: str) -> str:
    """Plain text from the bits of Markdown found in documents: emphasis, link wrappers and <url>s."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


_WORD_END = re.compile(r"([A-Za-z]+)-$")
LONGEST_WORD = 200  # a word broken at a line's end is looked for in the last this many characters
_WORD_START = re.compile(r"^([a-z]+)")


def join_wrapped(lines: list[str], vocabulary: set[str]) -> tuple[list[str], list[str]]:
    """Printed lines of one paragraph as logical lines: a word hyphenated at a line's end is joined again.

    Whether the hyphen belongs to the word ("co-production") or only to the line break ("improve-ment") is read
    from the document itself (`vocabulary`: the words it prints whole); when it does not say, the hyphen is
    dropped and the joined word is returned among the doubts. List items keep a line of their own.
    """
    joined: list[list[str]] = []  # each logical line as its pieces, joined once at the end
    doubts: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        end = _WORD_END.search("".join(joined[-1][-8:])[-LONGEST_WORD:]) if joined else None
        start = _WORD_START.match(line)
        if end and start:
            whole, hyphenated = end[1] + start[1], f"{end[1]}-{start[1]}"
            if f"{end[1]}- {start[1]}".lower() in vocabulary:  # "cost- and burden-sharing"
                joined[-1].append(" " + line)
                continue
            keep = hyphenated.lower() in vocabulary and whole.lower() not in vocabulary
            if not keep and whole.lower() not in vocabulary:
                doubts.append(whole)
            if not keep:
                joined[-1][-1] = joined[-1][-1][:-1]
            joined[-1].append(line)
        elif joined and not BULLET.match(line):
            joined[-1].append(" " + line)
        else:
            joined.append([line])
    return ["".join(pieces) for pieces in joined], doubts


def vocabulary(text: str) -> set[str]:
    """The words a document prints whole (not broken at a line's end), in small letters, and the words it prints
    with a hyphen and a space ("cost- and")."""
    words = re.findall(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)*(?![\w-])", text)
    return {word.lower() for word in words + re.findall(r"\b[A-Za-z]+- [a-z]+", text)}
