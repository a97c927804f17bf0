"""Time phrases in promises ("in Autumn 2020", "by 2021–22", "within six months", "in due course") and the
date each one is due by.

`find_time_phrases(text, said_on)` returns every phrase found, in the order written, each with the words as
written and the date it falls due (None when the words give none). Dates are resolved against `said_on`, the
day the promise was made (a response's date), and always mean the END of the period named:

| words                                    | due by                                                        |
|------------------------------------------|---------------------------------------------------------------|
| spring / summer / autumn YYYY            | 31 May / 31 August / 30 November of YYYY                      |
| winter YYYY                              | the end of February of YYYY+1 (winter runs December–February) |
| a season with no year ("this autumn")    | its next end on or after said_on ("next": the one after that) |
| Month YYYY                               | the last day of that month                                    |
| a month with no year ("by March")        | the last day of its next occurrence on or after said_on       |
| early / mid / late YYYY                  | 30 April / 31 August / 31 December of YYYY                    |
| (in, by, during, the end of) YYYY        | 31 December of YYYY                                           |
| financial year "2021-22", "2021–22", "2021/22", "2021 to 2022" | 31 March of the second year             |
| "this year", "later this year", "by the end of the year" | 31 December of said_on's year                 |
| "next year"                              | 31 December of the year after                                 |
| "within / in the next / over the next N days, weeks, months, years" | said_on plus N of them             |
| "in due course", "as soon as possible", "shortly", "soon", "in the coming months", "in the future",
  "at the earliest opportunity", "at the next spending review" (or Budget, fiscal event)         | no date |

A bare year must follow "in", "by", "during", "until", "before" or "end of" to count ("£14 billion in 2019" is
a year; "2014 Act" is not). Seasons are the meteorological ones used in government timetables.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
# Dates as documents write them: "3rd June 2019", "Monday 26 January 2018", "3 Sept. 2019", "2019-06-03" (an API's
# timestamp included). Month names may be abbreviated.
MONTHS_WRITTEN = {
    **MONTHS,
    **{name[:3]: number for name, number in MONTHS.items()},
    "sept": 9,
}
WRITTEN_DATE = re.compile(r"^(?:[a-z]+day,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})\.?$", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
# The last month of each season, and how many years after the named one it ends (winter 2020 ends in Feb 2021).
SEASON_ENDS = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "fall": (11, 0), "winter": (2, 1)}
PART_OF_YEAR_ENDS = {"early": 4, "mid": 8, "late": 12}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}
UNDATED = (
    r"in\s+due\s+course|as\s+soon\s+as\s+(?:is\s+)?(?:possible|practicable)|shortly|soon"
    r"|in\s+the\s+coming\s+(?:weeks|months|years)|in\s+the\s+future|at\s+the\s+earliest\s+opportunity"
    r"|at\s+the\s+next\s+(?:spending\s+review|budget|fiscal\s+event)"
)

_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*[-–—/]\s*|\s+to\s+"
_SEASON = "|".join(SEASON_ENDS)
_MONTH = "|".join(MONTHS)
_BEFORE = r"(?:in|by|during|until|before|(?:by\s+)?(?:the\s+)?end\s+of)"
_COUNT = r"\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))

PHRASE = re.compile(
    rf"""\b(?:
        (?:{_BEFORE}\s+)?(?P<financial>(?P<fy_start>{_YEAR})(?:{_DASH})(?P<fy_end>\d\d|{_YEAR}))(?!\d)
      | (?P<undated>{UNDATED})
      | (?:(?:in|by|during|until|before|(?P<next>next)|this)\s+)?(?:the\s+)?
            (?P<season>{_SEASON})(?:\s+(?:of\s+)?(?P<season_year>{_YEAR}))?
      | (?:{_BEFORE}\s+)?(?P<month>{_MONTH})(?:\s+(?P<month_year>{_YEAR}))?
      | (?P<part>early|mid|late)[\s-]+(?P<part_year>{_YEAR})
      | (?P<year_words>(?:later\s+)?this\s+year|next\s+year|(?:by\s+)?the\s+end\s+of\s+(?:this|the)\s+year)
      | (?P<relative>(?:within|in\s+the\s+next|over\s+the\s+next|in)\s+(?P<count>{_COUNT})\s+
            (?P<unit>days?|weeks?|months?|years?))
      | {_BEFORE}\s+(?P<year>{_YEAR})(?!{_DASH}\d)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class TimePhrase:
    words: str  # as written, e.g. "in Autumn 2020"
    due_on: datetime.date | None  # the end of the period named; None for "in due course"


def looks_like_date(text: str) -> bool:
    """Written as a date, possible or not: "31 February 2018" is one (and parse_date refuses it)."""
    match = WRITTEN_DATE.match(text.strip())
    return bool(ISO_DATE.match(text.strip()) or (match and match[2].lower() in MONTHS_WRITTEN))


def parse_date(text: str) -> datetime.date | None:
    """The date written in `text` (see WRITTEN_DATE); None if it is not written as a date.

    Raises ValueError for an impossible date such as "31 February 2019".
    """
    text = text.strip()
    if match := ISO_DATE.match(text):
        return datetime.date(*map(int, match.groups()))
    match = WRITTEN_DATE.match(text)
    if not match or match[2].lower() not in MONTHS_WRITTEN:
        return None
    return datetime.date(int(match[3]), MONTHS_WRITTEN[match[2].lower()], int(match[1]))


def end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day if it is shorter (31 Dec + 2 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _next_end(said_on: datetime.date, month: int) -> datetime.date:
    """The last day of `month` next falling on or after said_on."""
    end = end_of_month(said_on.year, month)
    return end if end >= said_on else end_of_month(said_on.year + 1, month)


def _relative(said_on: datetime.date, count: str, unit: str) -> datetime.date:
    n = int(count) if count.isdigit() else NUMBERS[count.lower()]
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return said_on + datetime.timedelta(days=n)
    if unit == "week":
        return said_on + datetime.timedelta(weeks=n)
    return add_months(said_on, n * (12 if unit == "year" else 1))


def _financial_year_end(start: str, end: str) -> datetime.date | None:
    """31 March of the year a financial year ends in, or None when the two years do not follow each other."""
    first = int(start)
    second = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    return datetime.date(second, 3, 31) if second == first + 1 else None


def _year_words(words: str, said_on: datetime.date) -> datetime.date:
    year = said_on.year + 1 if words.lower().startswith("next") else said_on.year
    return datetime.date(year, 12, 31)


def _due(match: re.Match, said_on: datetime.date) -> tuple[bool, datetime.date | None]:
    """(whether the match is a time phrase, the date it is due by)."""
    g = match.groupdict()
    if g["financial"]:
        due = _financial_year_end(g["fy_start"], g["fy_end"])
        return due is not None, due
    if g["undated"]:
        return True, None
    if g["season"]:
        month, years_after = SEASON_ENDS[g["season"].lower()]
        if g["season_year"]:
            return True, end_of_month(int(g["season_year"]) + years_after, month)
        end = _next_end(said_on, month)
        if g["next"] and add_months(end.replace(day=1), -2) <= said_on:
            end = end_of_month(end.year + 1, month)  # "next summer", said in the summer: the one after
        return True, end
    if g["month"]:
        month = MONTHS[g["month"].lower()]
        if g["month_year"]:
            return True, end_of_month(int(g["month_year"]), month)
        # "May" alone is usually the verb; a month with no year counts only after a preposition.
        if match.group(0).lower() == g["month"].lower():
            return False, None
        return True, _next_end(said_on, month)
    if g["part"]:
        return True, end_of_month(int(g["part_year"]), PART_OF_YEAR_ENDS[g["part"].lower()])
    if g["year_words"]:
        return True, _year_words(g["year_words"], said_on)
    if g["relative"]:
        return True, _relative(said_on, g["count"], g["unit"])
    return True, datetime.date(int(g["year"]), 12, 31)


def find_time_phrases(text: str, said_on: datetime.date) -> list[TimePhrase]:
    """Every time phrase in `text`, in order, with the date it is due by (see the module's table)."""
    phrases = []
    for match in PHRASE.finditer(text):
        is_phrase, due_on = _due(match, said_on)
        if is_phrase:
            phrases.append(TimePhrase(" ".join(match.group(0).split()), due_on))
    return phrases
