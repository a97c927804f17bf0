"""Test data built from the words of the SEND seed documents (nothing invented).

`build_report(n)` makes a report with n recommendations, each with a reply, a
theme, a body addressed and a status history, so that query-count tests can
compare 3 rows with 300.
"""

import datetime
import itertools

from recommendations.models import (
    Body,
    Commitment,
    Committee,
    Kind,
    Recommendation,
    Reply,
    Report,
    Review,
    Status,
    Theme,
    Verdict,
)
from recommendations.services.status import record_status

# Sentences of the Education Committee's SEND report, recommendations 18, 19, 35, 21 and 3.
RECOMMENDATION_TEXTS = [
    "The Department for Education should, within six months of the publication of this report, issue updated "
    "guidance setting out that all SENCOs should undertake the NASENCO course upon taking on a SENCO role.",
    "The Government should encourage local authorities, and if necessary provide them with the relevant powers, "
    "to bring all SENCOs from all schools in their area together, in order to share best practice, knowledge "
    "and training.",
    "We also recommend that the Department for Education and the Department for Health and Social Care jointly "
    "conduct biennial reviews of each local authority's offer.",
    "As part of the Government's SEND Review, it should map therapy provision across the country and identify "
    "cold spots.",
    "The Department for Education set local authorities up to fail by making serious errors both in how it "
    "administered money intended for change.",
]
# Sentences of the Government's replies in the same document.
REPLY_TEXTS = [
    "As such, we reject the recommendation that the Department should issue guidance that all SENCOs should "
    "undertake the NASENCO course upon taking on a SENCO role.",
    "Most local authorities (LAs) already provide SENCO network meetings and work with groups of schools.",
    "We do not propose to carry out biennial reviews of each local authority's Local Offer.",
    "DfE agrees that getting prompt access to therapies to children is essential.",
    "We do not accept the Committee's finding.",
]
STATUSES = [Status.REJECTED, Status.UNDER_CONSIDERATION, Status.REJECTED, Status.UNDER_REVIEW, Status.NOTED]
RESPONSE_RECEIVED = datetime.date(2020, 7, 20)


def build_report(count: int, *, slug: str = "special-educational-needs-and-disabilities") -> Report:
    committee, _ = Committee.objects.get_or_create(
        name="Education Committee", defaults={"slug": "education-committee", "house": "House of Commons"}
    )
    report = Report.objects.create(
        committee=committee,
        title="Special educational needs and disabilities",
        slug=slug,
        hc_number="HC 20",
        session="2019",
        published_on=datetime.date(2019, 10, 23),
        response_received_on=RESPONSE_RECEIVED,
        response_printed_on=datetime.date(2020, 7, 22),
    )
    government, _ = Body.objects.get_or_create(slug="government", defaults={"name": "Government"})
    dfe, _ = Body.objects.get_or_create(
        slug="department-for-education", defaults={"name": "Department for Education", "short_name": "DfE"}
    )
    workforce, _ = Theme.objects.get_or_create(slug="send-workforce", defaults={"name": "The SEND workforce"})
    funding, _ = Theme.objects.get_or_create(slug="funding", defaults={"name": "Funding"})
    send_review, _ = Review.objects.get_or_create(
        slug="send-review", defaults={"name": "SEND Review", "announced": "September 2019"}
    )
    cycle = itertools.cycle(zip(RECOMMENDATION_TEXTS, REPLY_TEXTS, STATUSES, strict=True))
    for position, (text, reply_text, status) in zip(range(1, count + 1), cycle, strict=False):
        recommendation = Recommendation.objects.create(
            report=report,
            number=str(position),
            position=position,
            paragraphs=[str(position + 16)],
            kind=Kind.CONCLUSION if status == Status.NOTED else Kind.RECOMMENDATION,
            text=text,
        )
        recommendation.themes.add(workforce if position % 2 else funding)
        recommendation.addressed_to.add(dfe)
        reply = Reply.objects.create(report=report, position=position, responder=government, text=reply_text)
        reply.recommendations.add(recommendation)
        record_status(
            recommendation=recommendation,
            status=status,
            review=send_review if status == Status.UNDER_REVIEW else None,
            effective_on=RESPONSE_RECEIVED,
            note="Suggested by the importer from the government response.",
            evidence=reply_text,
            recorded_by_import=True,
        )
    return report


# A sentence of the SEND response's reply to recommendation 25 that promises something with a time.
COMMITMENT_TEXT = "We expect to announce the successful schools in Autumn 2020."


def add_commitment(reply: Reply, *, verdict: str = Verdict.CONFIRMED, **fields) -> Commitment:
    """A commitment in a reply, covering the reply's recommendations: the SEND sentence due by Autumn 2020."""
    values = {
        "text": COMMITMENT_TEXT,
        "period": "in Autumn 2020",
        "made_on": RESPONSE_RECEIVED,
        "due_on": datetime.date(2020, 11, 30),
        **fields,
    }
    commitment = Commitment.objects.create(
        report_id=reply.report_id, reply=reply, responder=reply.responder, verdict=verdict, **values
    )
    commitment.recommendations.set(reply.recommendations.all())
    return commitment
