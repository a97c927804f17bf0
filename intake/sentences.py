"""Sentences, as every stage of the intake cuts them: the status and kind rules, the commitment finder and the
review page's "split after sentence" all see the same sentences.

A sentence ends at . ? ! or : (and any closing quote) before a capital, an opening quote or bracket, unless the
full stop ends an abbreviation ("e.g.", "para."). A paragraph break ends one too, and each item of a list
(a line starting with a dash or bullet) is one. A single line break inside a paragraph is a space.
"""

import re

from .blocks import BULLET

_BOUNDARY = re.compile(
    r"(?P<stop>[.?!:][”’\"')]*)\s+(?=[A-Z“‘\"'(])"  # punctuation, then a new sentence's first letter
    r"|\n[^\S\n]*\n\s*"  # a paragraph break
    r"|\n[^\S\n]*(?=(?:[-•–▪]|\*(?=\s))\s)"  # a list item's line
)
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|No|para|paras|cf)\.$", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends, in order (blank stretches belong to none)."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        stop = match.end("stop")
        # Only the last few characters can hold an abbreviation: searching the whole piece again at each full
        # stop would take time growing with the square of a long run of them.
        if match["stop"] and _ABBREVIATION.search(text, max(start, stop - 8), stop):
            continue
        if text[start : match.end()].strip():
            spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each on one line with single spaces and without its list dash."""
    return [" ".join(BULLET.sub("", text[a:b].strip()).split()) for a, b in sentence_spans(text)]
