"""The demo data's second axis (see generate_demo_data): implementation histories and commitments.

Drawn from a generator of its own (seeded from the command's seed), so the rest of the demo data stays as it
was. About a third of the answered recommendations get 1–2 implementation entries after the response; about a
fifth of the first replies make a commitment with a time phrase from timephrases.py (its due date resolved from
the response's date), some met or missed by a dated state change, the rest left open, many of them overdue.
"""

import datetime
import random

from recommendations.models import (
    Basis,
    Commitment,
    CommitmentEvent,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    Reply,
    Verdict,
)
from recommendations.timephrases import find_time_phrases

NOTE = "Generated demo data."
ASSESSED = [value for value in Implementation.values if value != Implementation.NOT_ASSESSED]
PERIODS = [
    "in Autumn {year}",
    "in Spring {next}",
    "by March {next}",
    "by {year}-{short}",
    "later this year",
    "within six months",
    "within 12 weeks",
    "in due course",
    "as soon as possible",
]
CommitmentLink = Commitment.recommendations.through


def generator(seed: int) -> random.Random:
    return random.Random(f"followthrough-{seed}")


def implementation_history(rng, answered_on, last_day) -> list[tuple[str, str, datetime.date]]:
    """0–2 (implementation, basis, date) entries after the response, the recommendation's copy being the last."""
    if answered_on is None or rng.random() > 0.35:
        return []
    history, day = [], answered_on
    for _ in range(rng.choice([1, 1, 2])):
        day += datetime.timedelta(days=rng.randint(90, 720))
        if day > last_day:
            break
        history.append((rng.choice(ASSESSED), rng.choice(Basis.values), day))
    return history


def implementation_entries(recommendation, history) -> list[ImplementationEntry]:
    return [
        ImplementationEntry(
            recommendation=recommendation, implementation=value, basis=basis, effective_on=day, note=NOTE
        )
        for value, basis, day in history
    ]


def _period(rng, said_on: datetime.date) -> str:
    year = said_on.year
    return rng.choice(PERIODS).format(year=year, next=year + 1, short=f"{(year + 1) % 100:02d}")


def commitments(rng, replies: list[Reply], covers: dict[int, list[int]], last_day, summary) -> None:
    """Commitments in some first replies (with their recommendations' links), and their state changes."""
    made, covered = [], []
    for reply in replies:
        said_on = reply.report.response_received_on
        if reply.heading or said_on is None or rng.random() > 0.2:
            continue
        period = _period(rng, said_on)
        phrase = find_time_phrases(period, said_on)[0]
        made.append(
            Commitment(
                report=reply.report,
                reply=reply,
                responder=reply.responder,
                text=f"We expect to publish our plans {period}.",
                period=period,
                made_on=said_on,
                due_on=phrase.due_on,
                verdict=Verdict.CONFIRMED,
            )
        )
        covered.append(covers[reply.pk])
    Commitment.objects.bulk_create(made, batch_size=2000)
    CommitmentLink.objects.bulk_create(
        [
            CommitmentLink(commitment=c, recommendation_id=pk)
            for c, ids in zip(made, covered, strict=True)
            for pk in ids
        ],
        batch_size=2000,
    )
    events = _state_changes(rng, made, last_day)
    CommitmentEvent.objects.bulk_create(events, batch_size=2000)
    Commitment.objects.bulk_update(
        [event.commitment for event in events], ["state", "state_changed_on"], batch_size=2000
    )
    summary.add("commitments", made)
    summary.add("commitment state changes", events)


def _state_changes(rng, made: list[Commitment], last_day) -> list[CommitmentEvent]:
    """About half the commitments due before last_day are met or missed on a day near their due date."""
    events = []
    for commitment in made:
        if commitment.due_on is None or commitment.due_on > last_day or rng.random() < 0.5:
            continue
        state = rng.choice([CommitmentState.MET, CommitmentState.MET, CommitmentState.MISSED])
        day = min(commitment.due_on + datetime.timedelta(days=rng.randint(-60, 30)), last_day)
        day = max(day, commitment.made_on)
        commitment.state, commitment.state_changed_on = state, day
        events.append(CommitmentEvent(commitment=commitment, state=state, effective_on=day, note=NOTE))
    return events
