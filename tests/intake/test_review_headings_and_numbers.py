"""Two one-click corrections of the review: "this is a heading, not a recommendation" and "number these in reading
order". Each keeps the document's reading on the draft, and the checks and the rules read the draft again."""

import pytest

from intake import review
from intake.draft import (
    CHECK,
    ERROR,
    WARNING,
    Doubt,
    DraftRecommendation,
    DraftReply,
    DraftResponse,
    FrontMatter,
    from_json,
    to_json,
)
from intake.pipeline import make_draft

ACCEPT, REJECT = "We accept this recommendation.", "We do not accept this recommendation."


def rec(line, number, text="The Department should act.", group=0, section="", paragraphs=()):
    return DraftRecommendation(line, number, list(paragraphs), text, group=group or line, section=section)


def reply(line, numbers, text=ACCEPT):
    return DraftReply(line, "government", "", text, list(numbers))


def draft(recommendations, replies) -> DraftResponse:
    return DraftResponse("response.txt", "text", FrontMatter(), recommendations, replies)


def numbers(d: DraftResponse) -> list[str]:
    return [r.number for r in d.recommendations]


def messages(doubts, level=None) -> list[str]:
    return [d.message for d in doubts if level is None or d.level == level]


def test_a_first_item_that_is_a_heading_heads_the_recommendations_up_to_the_next_heading():
    d = draft(
        [rec(1, "1", "Funding.", group=1), rec(2, "2", group=1), rec(3, "3", group=1),
         rec(5, "4", group=2, section="Schools")],
        [reply(4, ["1", "2", "3"]), reply(6, ["4"], REJECT)],
    )  # fmt: skip
    d = review.heading_not_recommendation(d, 0)
    assert numbers(d) == ["2", "3", "4"]
    assert [r.section for r in d.recommendations] == ["Funding", "Funding", "Schools"]
    assert d.recommendations[0].as_read == {"section": ""}
    assert d.replies[0].numbers == ["2", "3"] and d.replies[0].as_read == {"numbers": ["1", "2", "3"]}
    assert d.replies[0].doubts == []  # it still answers recommendations
    [warning] = d.doubts
    assert warning.level == WARNING and warning.line == 1
    assert warning.message == ("“Funding”, read as recommendation 1, is a heading (an editor's correction): "
                               "recommendations 2 to 3 are under it.")  # fmt: skip
    # The re-check and the rules ran: the numbers now start at 2, and the replies still decide the statuses.
    assert "recommendation 2 is out of sequence: expected 1." in messages(d.recommendations[0].doubts, CHECK)
    assert [r.status for r in d.recommendations] == ["accepted", "accepted", "rejected"]


def test_a_heading_in_the_middle_keeps_a_reply_that_answered_it_alone_with_a_check():
    d = draft(
        [rec(1, "1"), rec(3, "2", "Accountability"), rec(5, "3", group=5), rec(6, "4", group=5)],
        [reply(2, ["1"]), reply(4, ["2"], "We set out our approach to accountability below."), reply(7, ["3", "4"])],
    )
    d = review.heading_not_recommendation(d, 1)
    assert numbers(d) == ["1", "3", "4"]
    assert [r.section for r in d.recommendations] == ["", "Accountability", "Accountability"]
    kept = d.replies[1]
    assert kept.text == "We set out our approach to accountability below." and kept.numbers == []
    assert kept.as_read == {"numbers": ["2"]}
    [doubt] = kept.doubts
    assert doubt.level == CHECK and doubt.message.startswith("this reply answered only “Accountability”, a heading")
    # It no longer speaks for any recommendation: the one before keeps its own reply's status.
    assert d.recommendations[0].status == "accepted"
    again = from_json(to_json(d))  # the draft waits as JSON between requests: nothing of this is lost
    assert again.replies[1].doubts == kept.doubts and again.doubts == d.doubts
    assert again.recommendations[1].as_read == {"section": ""}


def test_a_last_item_that_is_a_heading_heads_nothing():
    d = draft([rec(1, "1"), rec(3, "2", "Next steps")], [reply(2, ["1"]), reply(4, ["1", "2"])])
    d = review.heading_not_recommendation(d, 1)
    assert numbers(d) == ["1"] and d.recommendations[0].section == ""
    assert [r.numbers for r in d.replies] == [["1"], ["1"]]
    assert d.doubts[0].message.endswith("no recommendation is under it.")


def test_a_heading_whose_number_is_also_a_recommendations_leaves_the_replies_alone():
    d = draft([rec(1, "1", "Social media"), rec(2, "1"), rec(4, "2")], [reply(3, ["1"]), reply(5, ["2"])])
    assert "appears twice" in messages(review._recheck(d).all_doubts(), ERROR)[0]
    d = review.heading_not_recommendation(d, 0)
    assert numbers(d) == ["1", "2"] and d.replies[0].numbers == ["1"] and d.replies[0].as_read == {}
    assert not messages(d.all_doubts(), ERROR)  # the number is printed once now


@pytest.mark.parametrize(
    "items, message",
    [
        ([rec(1, "1", "Funding")], "the draft's only recommendation"),
        ([rec(1, "1", "The Department should act. " * 10), rec(2, "2")], "too many for a heading"),
    ],
)
def test_a_heading_that_cannot_be_is_refused_and_changes_nothing(items, message):
    d = draft(items, [reply(9, ["1"])])
    before = to_json(d)
    with pytest.raises(review.ReviewError, match=message):
        review.heading_not_recommendation(d, 0)
    assert to_json(d) == before


def test_dotted_numbers_become_1_to_n_and_a_reply_naming_two_keeps_both():
    d = draft(
        [rec(1, "8.12", group=1), rec(2, "8.13", group=1), rec(4, "8.2", group=4), rec(6, "9.1", group=6)],
        [reply(3, ["8.12", "8.13"]), reply(5, ["8.2"], REJECT), reply(7, ["9.1"])],
    )
    d = review._recheck(d)
    assert review.numbering_in_doubt(d)  # 8.2 comes after 8.13
    d = review.number_in_reading_order(d)
    assert numbers(d) == ["1", "2", "3", "4"]
    assert [r.numbers for r in d.replies] == [["1", "2"], ["3"], ["4"]]
    assert [r.as_read for r in d.recommendations] == [{"number": n} for n in ("8.12", "8.13", "8.2", "9.1")]
    assert [r.status for r in d.recommendations] == ["accepted", "accepted", "rejected", "accepted"]
    assert not review.numbering_in_doubt(d) and not messages(d.all_doubts(), CHECK)
    [warning] = d.doubts
    assert warning.level == WARNING
    assert warning.message == ("An editor numbered the recommendations 1 to 4 in reading order (as printed: "
                               "8.12 → 1, 8.13 → 2, 8.2 → 3, 9.1 → 4).")  # fmt: skip
    with pytest.raises(review.ReviewError, match="already numbered 1 to 4"):
        review.number_in_reading_order(d)


DUPLICATES = """Special Educational Needs: Government Response

1. The Department should publish the data. (Paragraph 3)

We accept this recommendation.

3. The Department should fund schools properly. (Paragraph 4)

4. The Department should review the formula. (Paragraph 5)

We accept these recommendations.

4. The Department should publish a plan. (Paragraph 6)

We do not accept this recommendation.
"""


def test_a_number_printed_twice_each_reply_follows_the_recommendation_printed_before_it(tmp_path):
    d = make_draft("response.txt", DUPLICATES.encode())
    assert numbers(d) == ["1", "3", "4", "4"]
    assert "recommendation number 4 appears twice (first at line 9)." in messages(d.all_doubts(), ERROR)
    assert [r.status for r in d.recommendations[2:]] == ["", ""]  # both 4s read both replies: they disagree
    d = review.number_in_reading_order(d)
    assert numbers(d) == ["1", "2", "3", "4"]
    assert [r.numbers for r in d.replies] == [["1"], ["2", "3"], ["4"]]
    assert [r.status for r in d.recommendations] == ["accepted", "accepted", "accepted", "rejected"]
    assert not messages(d.all_doubts(), ERROR) and not messages(d.all_doubts(), CHECK)
    assert "3 → 2, 4 → 3" in d.doubts[-1].message


def test_in_a_pdf_read_by_pages_a_reply_follows_the_last_printed_on_its_page_or_before():
    d = draft(
        [rec("page 1", "1", group=1), rec("page 2", "1", group=2), rec("page 3", "1", group=3)],
        [reply("page 1", ["1"]), reply("page 2", ["1"], REJECT), reply("page 4", ["1"])],
    )
    d = review.number_in_reading_order(review._recheck(d))
    assert [r.numbers for r in d.replies] == [["1"], ["2"], ["3"]]
    assert [r.status for r in d.recommendations] == ["accepted", "rejected", "accepted"]


def test_the_warning_names_the_first_five_changes_and_counts_the_others():
    d = draft([rec(line, f"8.{line}") for line in range(1, 8)], [reply(9, ["8.7"])])
    d.recommendations.reverse()  # out of order: 8.7 first
    d = review.number_in_reading_order(review._recheck(d))
    assert d.replies[0].numbers == ["1"]
    assert d.doubts[-1].message.endswith("(as printed: 8.7 → 1, 8.6 → 2, 8.5 → 3, 8.4 → 4, 8.3 → 5 and 2 more).")


def test_labelled_recommendations_numbered_in_reading_order_only_lose_the_check():
    d = draft([rec(1, "1"), rec(3, "2")], [reply(2, ["1"]), reply(4, ["2"])])
    d.doubts.append(Doubt(None, "2 recommendations are labelled, not numbered: they were numbered in reading order.",
                          CHECK))  # fmt: skip
    d = review.number_in_reading_order(d)
    assert numbers(d) == ["1", "2"] and [r.as_read for r in d.recommendations] == [{}, {}]
    assert [(x.level, x.message) for x in d.doubts] == [
        (WARNING, "An editor numbered the recommendations 1 to 2 in reading order.")
    ]


def test_a_reply_naming_a_missing_recommendation_is_settled_first():
    d = review._recheck(draft([rec(1, "2"), rec(3, "3")], [reply(2, ["2"]), reply(4, ["7"])]))
    before = to_json(d)
    with pytest.raises(review.ReviewError, match="Reply 2 answers recommendation 7, which the draft does not have"):
        review.number_in_reading_order(d)
    assert to_json(d) == before


def test_a_merge_remembers_the_paragraphs_as_read_not_as_merged():
    d = draft([rec(1, "1", paragraphs=["3"]), rec(2, "2", paragraphs=["4"])], [reply(3, ["1", "2"])])
    d = review.merge_with_next(d, 0)
    assert d.recommendations[0].paragraphs == ["3", "4"]
    assert d.recommendations[0].as_read["paragraphs"] == ["3"]
