"""Which saved recommendation each of a draft's recommendations is, when the draft goes to a report saved already:
by number where their words agree, else by their words (a response that numbers the report's recommendations
otherwise), else by number (the document changed the words), else none (a new one).

A pairing made by words, or one a committee report's words make doubtful, is a doubt on the draft's item
(`pair_doubts`), made afresh against the saved report wherever the draft is checked: the command (which refuses
checks), the kept draft, the review page, the Publish. `save` pairs the same way (`pair`) when it writes.
"""

import functools
import re
from dataclasses import dataclass, field

from recommendations.models import Recommendation, Report

from .draft import CHECK, ERROR, Doubt, DraftRecommendation, DraftResponse

FROM_REPORT = "report"  # `imported["source"]` of a recommendation whose words a committee report gave
PAIRING = "pairing with the saved report: "  # every pairing doubt starts so (`pair_doubts` makes them afresh)
ALIKE = 0.5  # the least `similarity` at which two texts are taken for the same recommendation


@dataclass
class Pairing:
    saved: list[Recommendation]  # all the report's saved recommendations, in order
    records: dict[str, Recommendation] = field(default_factory=dict)  # a draft number → the saved one it is
    doubts: list[tuple[int, Doubt]] = field(default_factory=list)  # (index of the draft recommendation, doubt)

    def take(self, item: DraftRecommendation, record: Recommendation) -> None:
        self.records[item.number] = record

    def free(self) -> list[Recommendation]:
        taken = {record.pk for record in self.records.values()}
        return [record for record in self.saved if record.pk not in taken]

    def doubt(self, index: int, item: DraftRecommendation, message: str, level: str = CHECK) -> None:
        self.doubts.append((index, Doubt(item.line, PAIRING + message, level)))


@functools.lru_cache(maxsize=4096)  # a draft's items are compared with every saved one: each text is cut once
def _bigrams(text: str) -> frozenset[tuple[str, str]]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(zip(words, words[1:], strict=False)) or frozenset((word, "") for word in words)


def similarity(a: str, b: str) -> float:
    """How alike two texts' words are: the Dice coefficient of their pairs of consecutive words (1 for the same
    words in the same order, 0 for no pair in common). Words shared by every recommendation of a report ("children
    and young people") count for little unless they come in the same order."""
    first, second = _bigrams(a), _bigrams(b)
    return 2 * len(first & second) / (len(first) + len(second)) if first or second else 1.0


def _alike(item: DraftRecommendation, record: Recommendation) -> float:
    return similarity(item.text, record.imported.get("text") or record.text)  # the document's words, not an editor's


def pair(draft: DraftResponse, report: Report) -> Pairing:
    """Which saved recommendation each of the draft's is: by number where the words agree; else by words (the
    most alike first), with a check naming both numbers; else by number (the document changed the words); else
    none (a new one). Where the report's words were saved by a committee report, a pairing by number despite other
    words is a check too, and so is a recommendation that matches none; a new one whose number is taken, an error."""
    pairing = Pairing(list(report.recommendations.order_by("position").prefetch_related("addressed_to")))
    by_number = {record.number: record for record in pairing.saved}
    for item in draft.recommendations:
        if (record := by_number.get(item.number)) is not None and _alike(item, record) >= ALIKE:
            pairing.take(item, record)
    free = [(index, item) for index, item in enumerate(draft.recommendations) if item.number not in pairing.records]
    scores = [(score, index, record) for index, item in free for record in pairing.free()
              if (score := _alike(item, record)) >= ALIKE]  # fmt: skip
    for score, index, record in sorted(scores, key=lambda s: (-s[0], s[1], s[2].position)):
        item = draft.recommendations[index]
        if item.number not in pairing.records and record in pairing.free():
            pairing.take(item, record)
            pairing.doubt(index, item, f"recommendation {item.number} here is recommendation {record.number} of the "
                          f"report by its words ({score:.0%} alike); it keeps the number {record.number}. Check that "
                          "they are the same.")  # fmt: skip
    from_report = any(record.imported.get("source") == FROM_REPORT for record in pairing.saved)
    for index, item in free:
        record = by_number.get(item.number)
        if item.number in pairing.records:
            continue
        if record in pairing.free():
            pairing.take(item, record)
            if from_report:
                pairing.doubt(index, item, f"recommendation {item.number}'s words are not those of the report's "
                              f"recommendation {item.number} nor of any other: paired by number. Check that they "
                              "are the same.")  # fmt: skip
        elif record is not None:
            pairing.doubt(index, item, f"recommendation {item.number} matches none of the report's recommendations "
                          f"by number or words, and its number is taken by the report's recommendation "
                          f"{item.number}, paired with another here: correct its number.", ERROR)  # fmt: skip
        elif from_report:
            pairing.doubt(index, item, f"recommendation {item.number} matches none of the report's recommendations "
                          "by number or words: it would be added as a new one. Check it.")  # fmt: skip
    return pairing


def pair_doubts(draft: DraftResponse, slug: str) -> DraftResponse:
    """The draft with its pairing doubts made afresh against the report saved at `slug` (none if there is none)."""
    for item in draft.recommendations:
        item.doubts = [doubt for doubt in item.doubts if not doubt.message.startswith(PAIRING)]
    report = Report.objects.filter(slug=slug).first()
    if report is not None:
        for index, doubt in pair(draft, report).doubts:
            draft.recommendations[index].doubts.append(doubt)
    return draft


def keeps_report_words(record: Recommendation, draft: DraftResponse) -> bool:
    """Whether the saved words are a report's, which a response (quoting them) does not change."""
    return not draft.committee_report and record.imported.get("source") == FROM_REPORT
