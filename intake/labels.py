"""Responses that label their recommendations rather than number them: "Recommendation:", "Conclusion:",
"Committee recommendation", "Conclusion/Recommendation 4", each followed by "Response:", "Government response" or
"Government Response:". Often under numbered topic headings ("1. Social media") that are not recommendation
numbers.

`relabel` rewrites such a document's blocks in the numbered form the segmenter reads ("4. <text>", then the
reply's paragraphs, which can never start a recommendation), the topic headings as headings. Unnumbered
recommendations are numbered in reading order, and the draft says so.
"""

import re
from dataclasses import dataclass

from .blocks import Block

_NUMBER = r"\d{1,3}(?:\.\d{1,3})*"
REC_LABEL = re.compile(
    r"^(?:(?:The )?(?:Select )?Committee['’]?s? (?:recommendation|conclusion)"
    r"|(?:Conclusions?|Recommendations?)(?:\s*(?:/|and|or)\s*(?:Conclusions?|Recommendations?))?)"
    rf"(?:\s+(?:No\.?\s*)?(?P<number>{_NUMBER}))?\s*(?P<colon>[:.–-])?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
RESPONSE_LABEL = re.compile(
    r"^(?:(?:The )?(?:Government|Department)(?:['’]s)? [Rr]esponse|Response(?! from\b))"
    rf"(?:\s+to\s+(?:recommendation|conclusion)\s+{_NUMBER})?\s*(?P<colon>[:.–-])?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "1. Social media", "Chapter 2: Funding", "Accountability": short, no sentence end.
TOPIC = re.compile(r"^(?:(?:Chapter|Part|Section)\s+\d+[:.]?\s+|\d{1,2}\.?\s+)?[A-Z][^.?!:;]{1,80}$")


class ReplyBlock(Block):
    """A paragraph of a reply: never the start of a recommendation, whatever number it starts with."""


@dataclass
class _Label:
    kind: str  # "rec" or "reply"
    number: str | None
    rest: str


def _label(block: Block) -> _Label | None:
    text = block.text.strip()
    for kind, pattern in (("rec", REC_LABEL), ("reply", RESPONSE_LABEL)):
        match = pattern.match(text)
        # A label stands alone, or is followed by a colon: "Recommendation: The Government should ..."
        if match and (not match["rest"] or match["colon"] == ":" or (kind == "rec" and match["number"])):
            return _Label(kind, match["number"] if kind == "rec" else None, match["rest"].strip())
    return None


def is_label(block: Block) -> bool:
    return _label(block) is not None


def is_labelled(blocks: list[Block]) -> bool:
    labels = [label.kind for label in map(_label, blocks) if label]
    return labels.count("rec") >= 2 and labels.count("reply") >= 1


def is_topic(block: Block) -> bool:
    return len(block.lines) == 1 and bool(TOPIC.match(block.text.strip())) and len(block.text.split()) <= 12


def relabel(blocks: list[Block]) -> tuple[list[Block], int]:
    """The blocks in numbered form, and how many recommendations were numbered in reading order."""
    out: list[Block] = []
    rec: list[Block] = []  # the label and paragraphs of the recommendation being read
    number, counted, state = None, 0, None
    answered = False  # whether the reply being read has a paragraph yet ("Agreed" alone is a reply, not a topic)

    def flush():
        nonlocal rec
        if rec:
            text = " ".join(part for part in (rec[0].text.strip(), *(b.text.strip() for b in rec[1:])) if part)
            notes = [note for block in rec for note in block.notes]
            out.append(Block(rec[0].line, [f"{number}. {text}"], notes=notes))
        rec = []

    for block in blocks:
        label = _label(block)
        if label and label.kind == "rec":
            flush()
            counted += label.number is None
            number, state = label.number or str(counted), "rec"
            rec = [Block(block.line, [label.rest] if label.rest else [""], notes=list(block.notes))]
        elif label:
            flush()
            state, answered = "reply", bool(label.rest)
            if label.rest:
                out.append(ReplyBlock(block.line, [label.rest], notes=list(block.notes)))
        elif is_topic(block) and (state, answered) != ("reply", False) and not (state == "rec" and len(rec) == 1):
            flush()
            state = None
            out.append(Block(block.line, block.lines, heading=True, notes=list(block.notes)))
        elif state == "rec":
            rec.append(block)
        elif state == "reply":
            answered = True
            out.append(ReplyBlock(block.line, block.lines, block.bold, block.italic, block.shaded, False, block.notes))
        else:
            out.append(block)
    flush()
    return out, counted


def _box_runs(blocks: list[Block]) -> int:
    return sum(1 for i, block in enumerate(blocks) if block.shaded and not (i and blocks[i - 1].shaded))


def unbox(blocks: list[Block]) -> tuple[list[Block], int]:
    """A document whose recommendations are shaded boxes with neither heading nor number, in numbered form: each
    box (one run of shaded paragraphs, across a page too) a recommendation numbered in reading order, the plain
    paragraphs after it its reply. Unchanged, with 0, if fewer than two boxes."""
    if _box_runs(blocks) < 2:
        return blocks, 0
    out: list[Block] = []
    counted, state = 0, None
    for block in blocks:
        if block.shaded and not block.heading:
            if state == "box":
                out[-1].lines[0] += " " + block.text.strip()
                out[-1].notes += block.notes
                continue
            counted += 1
            out.append(Block(block.line, [f"{counted}. {block.text.strip()}"], notes=list(block.notes)))
            state = "box"
        elif block.heading or state is None:
            out.append(block)
            state = None if block.heading else state
        else:
            out.append(ReplyBlock(block.line, block.lines, block.bold, block.italic, False, False, block.notes))
            state = "reply"
    return out, counted
