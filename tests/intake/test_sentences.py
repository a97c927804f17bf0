"""One way of cutting sentences, for the rules, the commitment finder and the review page alike."""

from intake import review
from intake.rules import commitments, tables
from intake.sentences import sentence_spans, sentences


def test_sentences_split_at_full_stops_colons_and_list_items():
    text = "Each local authority's Local Offer must set out:\n\n- the relationship between the Acts\n- how they apply"
    assert sentences(text) == [
        "Each local authority's Local Offer must set out:",
        "the relationship between the Acts",
        "how they apply",
    ]
    assert sentences("It is now up to the Government to act. The Department should.") == [
        "It is now up to the Government to act.",
        "The Department should.",
    ]


def test_an_abbreviation_or_a_line_break_does_not_end_a_sentence():
    text = "We will publish guidance, e.g. for SENCOs, as para. 12 says\nby Autumn 2020. Then we review it."
    assert sentences(text) == [
        "We will publish guidance, e.g. for SENCOs, as para. 12 says by Autumn 2020.",
        "Then we review it.",
    ]


def test_quotes_and_brackets_belong_to_the_sentence_they_close():
    assert sentences("The Committee said “act now.” (We agree.) “Funding” follows.") == [
        "The Committee said “act now.”",
        "(We agree.)",
        "“Funding” follows.",
    ]


def test_the_review_page_cuts_where_the_rules_and_the_commitment_finder_cut():
    text = "We accept this: the Department will act\nby March 2021. It is e.g. funded.\n\n- One item"
    assert tables.sentences is commitments.sentences is sentences
    as_written = review.sentences(text)
    assert [" ".join(part.split()).lstrip("- ") for part in as_written] == sentences(text)
    assert [text[a:b].strip() for a, b in sentence_spans(text)] == as_written
