"""Every layout of the corpus gives its expected items exactly — numbers, words, replies paired — and where the
document leaves the importer unsure (numbering in reading order), the draft says so. The SEND layouts are
checked item by item in test_intake_layouts.py; `make intake-score` prints the table for all of them."""

import pytest

from intake.pipeline import make_draft
from tests.intake.corpus import corpus, score

NEW_LAYOUTS = [document for document in corpus() if not document.name.startswith("send-")]
ORDER_GUESSED = {"labelled-topics-text", "committee-recommendation-pdf", "boxes-pdf"}


def test_the_corpus_holds_at_least_twelve_layouts():
    assert len(corpus()) >= 12 and len({document.layout for document in corpus()}) >= 12


@pytest.mark.parametrize("document", NEW_LAYOUTS, ids=lambda document: document.name)
def test_each_layout_gives_its_items_exactly(document):
    result = score(document)
    assert (result.found, result.paired, result.extra) == (result.expected, result.expected, 0), result
    assert result.doubts["error"] == 0 and not result.front_wrong, result
    # The only check: recommendations with no number of their own, numbered in reading order.
    assert result.doubts["check"] == (1 if document.name in ORDER_GUESSED else 0), result


def test_topic_and_section_headings_are_sections_never_reply_text():
    for name, first_section in (("labelled-topics-text", "Funding"), ("special-report-text", "Funding")):
        document = next(d for d in corpus() if d.name == name)
        draft = make_draft(name, document.make())
        assert draft.recommendations[0].section == first_section
        sections = {r.section for r in draft.recommendations}
        assert not any(reply.text.endswith(tuple(sections - {""})) for reply in draft.replies)


def test_numbered_lists_in_replies_stay_in_the_reply():
    document = next(d for d in corpus() if d.name == "lords-wrapped-text")
    draft = make_draft(document.name, document.make())
    reply = next(r for r in draft.replies if r.numbers == ["8.4"])
    assert reply.text.endswith("The Government will:\n\n1. publish its plans;\n\n2. report on progress.")
    assert [r.paragraphs for r in draft.recommendations[:2]] == [["2.11"], ["2.12"]]
