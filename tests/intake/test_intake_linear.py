"""The segmenter's and the rules' steps do work in step with the document: twice the input, about twice the
time (a quadratic step takes four times as long; the bound of 3 leaves room for a loaded machine)."""

from intake.blocks import Block
from intake.draft import DraftRecommendation, DraftReply, DraftResponse, FrontMatter
from intake.rules.apply import apply as apply_rules
from intake.segment import REFERENCE, REFERENCE_INSIDE, REFERENCE_ONLY, announced_reviews, join_page_breaks
from tests.intake.linear import growth

LINEAR = 3.0


def test_joining_page_breaks_is_linear_in_the_number_of_pieces():
    def work(size):
        # Short pieces of one sentence broken at every page: each joins the one before.
        blocks = [Block(f"page {i}", ["the Committee has supplied evidence that the"]) for i in range(size)]
        return lambda: join_page_breaks(blocks)

    assert growth(work, 3000) < LINEAR
    joined = join_page_breaks([Block("page 1", ["It was said. And the"]), Block("page 2", ["Committee agreed."])])
    assert [block.lines for block in joined] == [["It was said. And the", "Committee agreed."]]


def test_paragraph_reference_patterns_are_linear_in_a_run_of_spaces():
    def work(size):
        spaces = " " * size
        texts = [spaces, f"(paragraph {spaces}", f"(paragraph 1){spaces}x", f"text {spaces}(Paragraphs 2 and 3)"]

        def run():
            for text in texts:
                REFERENCE.search(text)
                REFERENCE_INSIDE.search(text)
                REFERENCE_ONLY.fullmatch(text)

        return run

    assert growth(work, 20_000) < LINEAR
    assert REFERENCE.search("We recommend it. (Paragraphs 2 and 3)")["refs"].strip() == "2 and 3"
    assert REFERENCE_INSIDE.search("We recommend it. (Paragraph 4) We agree.")["refs"].strip() == "4"


def test_announced_reviews_are_read_in_one_pass():
    def work(size):
        text = "In May 2019, we announced a " * (size // 28)
        return lambda: announced_reviews(text)

    assert growth(work, 100_000) < LINEAR
    text = "Yes. In September 2019 we announced a major review of SEND. In May 2020 we announced a fund."
    assert announced_reviews(text) == [("September 2019", "major review of SEND")]


def test_suggesting_statuses_is_linear_in_the_number_of_recommendations():
    def work(size):
        numbers = [str(n) for n in range(1, size + 1)]
        draft = DraftResponse(
            "big.txt",
            "text",
            FrontMatter(),
            [DraftRecommendation(1, n, [], "The Department should act.", group=int(n)) for n in numbers],
            [DraftReply(1, "government", "", "We accept this recommendation.", [n]) for n in numbers],
        )
        return lambda: apply_rules(draft)

    assert growth(work, 2000) < LINEAR
