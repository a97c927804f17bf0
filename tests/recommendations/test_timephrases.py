"""The time-phrase rules (recommendations/timephrases.py), one row per rule, said on the SEND response's date."""

import datetime

import pytest

from recommendations.timephrases import TimePhrase, find_time_phrases

SAID_ON = datetime.date(2020, 7, 20)
D = datetime.date

RULES = [
    # seasons with a year: the end of the season
    ("We expect to announce the successful schools in Autumn 2020.", "in Autumn 2020", D(2020, 11, 30)),
    ("We anticipate announcing the successful proposer groups in Summer 2020.", "in Summer 2020", D(2020, 8, 31)),
    ("to be published in spring 2021", "in spring 2021", D(2021, 5, 31)),
    ("a decision in winter 2020", "in winter 2020", D(2021, 2, 28)),
    ("a decision by the autumn of 2021", "by the autumn of 2021", D(2021, 11, 30)),
    # seasons without a year: the next end on or after the day said
    ("we will consult this autumn", "this autumn", D(2020, 11, 30)),
    ("we will report in the summer", "in the summer", D(2020, 8, 31)),
    ("we will report next summer", "next summer", D(2021, 8, 31)),
    ("we will report next spring", "next spring", D(2021, 5, 31)),
    ("guidance will follow in the winter", "in the winter", D(2021, 2, 28)),
    # months
    ("we will publish in March 2021", "in March 2021", D(2021, 3, 31)),
    ("by February 2024 the plan will be complete", "by February 2024", D(2024, 2, 29)),
    ("we will write to them by September", "by September", D(2020, 9, 30)),
    ("we will write to them by the end of March", "by the end of March", D(2021, 3, 31)),
    # years and parts of years
    ("we will legislate in 2021", "in 2021", D(2021, 12, 31)),
    ("the review will conclude by the end of 2022", "by the end of 2022", D(2022, 12, 31)),
    ("results will be available in early 2021", "early 2021", D(2021, 4, 30)),
    ("results will be available by mid-2021", "mid-2021", D(2021, 8, 31)),
    ("results will be available in late 2021", "late 2021", D(2021, 12, 31)),
    ("We will establish a steering group this year", "this year", D(2020, 12, 31)),
    ("we will publish a consultation later this year", "later this year", D(2020, 12, 31)),
    ("we will legislate next year", "next year", D(2021, 12, 31)),
    ("by the end of the year we will", "by the end of the year", D(2020, 12, 31)),
    # financial years: 31 March of the year they end in
    ("all primary schools £4,000 by 2021-22", "by 2021-22", D(2022, 3, 31)),
    ("a 12% increase in the high needs budget for 2020–21", "2020–21", D(2021, 3, 31)),
    ("funding in 2021/22", "in 2021/22", D(2022, 3, 31)),
    ("at the end of the 2019 to 2020 financial year", "2019 to 2020", D(2020, 3, 31)),
    # relative periods: from the day said
    ("we will issue guidance within six months", "within six months", D(2021, 1, 20)),
    ("we will reply within 12 weeks", "within 12 weeks", D(2020, 10, 12)),
    ("in the next two years we will", "in the next two years", D(2022, 7, 20)),
    ("over the next 18 months", "over the next 18 months", D(2022, 1, 20)),
    ("within 30 days", "within 30 days", D(2020, 8, 19)),
    # no date in the words
    ("A new template and guidance will be published regarding this in due course.", "in due course", None),
    ("it will be published as soon as possible.", "as soon as possible", None),
    ("we will write to local authorities shortly", "shortly", None),
    ("in the coming months we will", "in the coming months", None),
    ("we are committed to undertaking a review at the earliest opportunity", "at the earliest opportunity", None),
    (
        "Future funding for social care will be set out at the next spending review.",
        "at the next spending review",
        None,
    ),
]


@pytest.mark.parametrize("text, words, due_on", RULES)
def test_a_phrase_is_found_with_the_words_as_written_and_its_due_date(text, words, due_on):
    assert find_time_phrases(text, SAID_ON)[0] == TimePhrase(words, due_on)


NOT_TIMES = [
    "The Children and Families Act 2014 sets the duties.",  # a bare year naming an Act
    "Local authorities may decide.",  # "may" the verb
    "at least every 6 months",  # a recurrence, not a deadline
    "£14 billion over three years",  # a span, not from now
    "funding for 2018-2020",  # two years that are not one financial year
    "We will consider the recommendation.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_words_that_are_not_a_time_give_nothing(text):
    assert find_time_phrases(text, SAID_ON) == []


def test_several_phrases_come_in_the_order_written():
    found = find_time_phrases(
        "core spending power will rise from £46.2 billion in 2019–20 to £49.1 billion in 2020–21", SAID_ON
    )
    assert found == [TimePhrase("in 2019–20", D(2020, 3, 31)), TimePhrase("in 2020–21", D(2021, 3, 31))]
