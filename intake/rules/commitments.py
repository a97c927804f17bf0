"""Finding commitments, promises with a time, in the words of replies, and proposing them to editors.

`find_commitments(text, said_on)` reads a text sentence by sentence. A sentence is a commitment when it promises
something ("will", "shall", "expect to", "anticipate", "plan to", "intend to", "aim to", "are going to",
"commit to") and names a time (timephrases.py) that is not already past when it was said, or a time with no date
("in due course"). The first such time is kept, as written, with the date it is due by. A time in the past
("at the end of the 2018–19 financial year") is a fact, not a promise.

This is a finder, not a judge: a forecast ("core spending power will rise ... in 2020–21") reads like a promise.
So what it finds is only *proposed* (`Verdict.PROPOSED`, not public); an editor confirms it, edits it, or marks it
"not a commitment" in the admin.

`propose_commitments(report)` reads a report's saved replies and proposes what it finds, once per sentence of
a reply (the natural key), so a second run adds nothing and an editor's edit or verdict is never overwritten.
"""

import datetime
import re
from dataclasses import dataclass

from recommendations.models import Commitment, Report
from recommendations.timephrases import find_time_phrases

from ..sentences import sentences

PROMISE = re.compile(
    r"\b(?:will|shall|(?:expects?|plans?|planning|intends?|aims?|are\s+going|is\s+going|commits?|committed)\s+to"
    r"|anticipates?|anticipating)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundCommitment:
    sentence: str
    period: str  # as written, e.g. "in Autumn 2020"
    due_on: datetime.date | None


def find_commitments(text: str, said_on: datetime.date) -> list[FoundCommitment]:
    """The sentences of `text` that promise something with a time (see the module's docstring)."""
    found = []
    for sentence in sentences(text):
        if not PROMISE.search(sentence):
            continue
        times = [
            phrase for phrase in find_time_phrases(sentence, said_on) if not phrase.due_on or phrase.due_on >= said_on
        ]
        if times:
            found.append(FoundCommitment(sentence, times[0].words, times[0].due_on))
    return found


def said_on(report: Report) -> datetime.date | None:
    """The day the government replied: the response's date (received, else ordered to be printed)."""
    return report.response_received_on or report.response_printed_on


def propose_commitments(report: Report) -> int:
    """Propose the commitments found in a report's saved replies; return how many are new."""
    day = said_on(report)
    if day is None:
        return 0
    proposed = 0
    for reply in report.replies.select_related("responder").prefetch_related("recommendations"):
        for found in find_commitments(reply.text, day):
            commitment, created = Commitment.objects.get_or_create(
                reply=reply,
                found_text=found.sentence,
                defaults={
                    "report": report,
                    "responder": reply.responder,
                    "text": found.sentence,
                    "period": found.period,
                    "due_on": found.due_on,
                    "made_on": day,
                },
            )
            if created:
                commitment.recommendations.set(reply.recommendations.all())
                proposed += 1
    return proposed
