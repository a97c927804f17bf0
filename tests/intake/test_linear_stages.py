"""Each stage's work grows with its input, not with its square: an input eight times as large (three doublings)
costs about eight times the CPU time, where a quadratic step costs sixty-four times. The bound is generous (20)
and the time is CPU time, the least of three runs, so that a loaded machine does not make it fail."""

import time

import pytest

from intake.blocks import Block, join_wrapped
from intake.readers.html import read_html
from intake.readers.text import read_text
from intake.sentences import sentences

GROWTH_LIMIT = 20


def cpu_seconds(work, data) -> float:
    started = time.process_time()
    work(data)
    return time.process_time() - started


def growth(work, make, size: int) -> float:
    """How many times longer `work` takes on make(8 × size) than on make(size)."""
    small, large = make(size), make(8 * size)
    cost = [min(cpu_seconds(work, data) for _ in range(3)) for data in (small, large)]
    return cost[1] / max(cost[0], 1e-4)


STAGES = {
    # A page break after every line: the last line with words was looked for back through the whole document.
    "text, page breaks": (read_text, lambda n: "x\f" * n, 1500),
    "text, page numbers": (read_text, lambda n: "".join(f"{i}\f" for i in range(n)), 1500),
    "text, a wrapped paragraph": (read_text, lambda n: ("word " * 20 + "\n") * n, 1500),
    # Tags never closed: whether text is bold was asked of every open tag.
    "html, unclosed tags": (read_html, lambda n: "<p>" + "<b>x" * n, 1500),
    # Stars that open no emphasis: each was read to the end of the text.
    "markdown, stars": (lambda block: block.text, lambda n: Block(1, [" *a" * n]), 20000),
    "markdown, brackets": (lambda block: block.text, lambda n: Block(1, ["[a" * n + " <http://a" * n]), 10000),
    # Every line broken at a hyphen: the logical line was copied for each.
    "hyphenated lines": (lambda lines: join_wrapped(lines, set()), lambda n: ["im-"] * n, 3000),
    # Abbreviations one after the other: the sentence so far was searched and copied for each.
    "sentences, abbreviations": (sentences, lambda n: "See e.g. " * n, 10000),
    "sentences, blank lines": (sentences, lambda n: "A promise." + "\n" * n + "- item", 200000),
}


@pytest.mark.parametrize("stage", STAGES)
def test_eight_times_the_input_costs_about_eight_times_the_work(stage):
    work, make, size = STAGES[stage]
    assert growth(work, make, size) < GROWTH_LIMIT
