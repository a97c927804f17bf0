"""How government replies say yes, no, in part, in principle, not yet, or only "noted" — written from the
vocabulary of replies (any subject, negation, terse labels), not from one document — and the status each should
suggest. "" means: suggest nothing, and say why (the reply's sentences disagree)."""

import pytest

from intake.rules import tables as rules
from recommendations.models import Kind, Status

A, AP, PA = Status.ACCEPTED, Status.ACCEPTED_IN_PRINCIPLE, Status.PARTIALLY_ACCEPTED
R, UC, N, UR = Status.REJECTED, Status.UNDER_CONSIDERATION, Status.NOTED, Status.UNDER_REVIEW
NONE = ""

PHRASINGS = [
    # Negation, by any subject
    ("The Government does not accept this recommendation.", R),
    ("We do not agree with the Committee's recommendation.", R),
    ("The Department cannot accept this recommendation.", R),
    ("The Government rejects this recommendation.", R),
    ("We reject the recommendation.", R),
    ("The Government is not minded to introduce a statutory register.", R),
    ("The Department has no plans to change the funding formula.", R),
    ("Ofsted does not agree that a further inspection framework is needed.", R),
    ("The Government is unable to accept the Committee's recommendation.", R),
    ("We do not support this recommendation.", R),
    ("NHS England does not accept the recommendation.", R),
    ("The Ministry does not intend to legislate on this matter.", R),
    ("The Government will not be accepting this recommendation.", R),
    ("We do not believe it is necessary to create a new body.", R),
    ("The Government declines to adopt this proposal.", R),
    ("We disagree with the Committee's conclusion.", R),
    ("The Government does not propose to take this forward.", R),
    ("Not accepted.", R),
    ("Rejected.", R),
    ("Not agreed.", R),
    ("Not accepted. The current arrangements already meet this need.", R),
    # Agreement, by any subject
    ("The Government accepts this recommendation.", A),
    ("We accept the Committee's recommendation.", A),
    ("The Department agrees with the recommendation.", A),
    ("The Government supports this recommendation and will publish guidance in the spring.", A),
    ("Ofsted accepts this recommendation.", A),
    ("The Government agrees with this recommendation.", A),
    ("We will implement this recommendation by the end of the year.", A),
    ("The Department for Education endorses the recommendation.", A),
    ("The Government agrees that local authorities should publish their plans.", A),
    ("We accept that more needs to be done and will act.", A),
    ("Accepted.", A),
    ("Agreed.", A),
    ("Accepted. The Department will write to every local authority.", A),
    ("Recommendation accepted.", A),
    ("Agreed. The guidance will be updated next year.", A),
    # In principle
    ("The Government accepts this recommendation in principle.", AP),
    ("We agree in principle with the Committee's recommendation.", AP),
    ("Accepted in principle.", AP),
    ("In principle, the Government supports this recommendation, subject to funding.", AP),
    ("Agreed in principle. The detail will follow.", AP),
    # Partial
    ("Partially accepted.", PA),
    ("Accepted in part.", PA),
    ("The Government accepts this recommendation in part.", PA),
    ("The Department partially accepts this recommendation.", PA),
    ("We accept part of this recommendation.", PA),
    ("The Government does not fully accept this recommendation.", PA),
    ("We agree with the first part of the recommendation but not the second.", PA),
    ("We do encourage schools to do this. We do not feel that statutory powers are needed.", PA),
    # Noting
    ("Noted.", N),
    ("The Government notes the Committee's recommendation.", N),
    ("We note the Committee's conclusion.", N),
    ("We acknowledge the Committee's concerns about waiting times.", N),
    ("The Department welcomes the Committee's interest in this area.", N),
    ("We recognise the importance of this issue.", N),
    # Consideration
    ("Under consideration.", UC),
    ("The Government will consider this recommendation carefully.", UC),
    ("The Department is considering this recommendation.", UC),
    ("This recommendation is under active consideration.", UC),
    ("We will give careful consideration to the Committee's proposal.", UC),
    ("The Government will respond to this point in due course.", UC),
    # A named review
    ("This will be considered as part of the SEND Review.", UR),
    # Sentences that disagree: nothing is suggested
    ("Accepted. The Government does not accept this recommendation.", NONE),
    ("Not accepted. We accept the Committee's recommendation.", NONE),
    ("The Government accepts this recommendation. The Government rejects this recommendation.", NONE),
    ("The Department does not accept this recommendation. We agree that schools should publish the data.", NONE),
    ("Accepted. This recommendation is only partially accepted.", NONE),
]


@pytest.mark.parametrize("reply, expected", PHRASINGS)
def test_each_phrasing_suggests_its_status(reply, expected):
    suggestion = rules.suggest_status(reply, kind=Kind.RECOMMENDATION)
    assert suggestion.status == expected, suggestion
    if expected == NONE:
        assert suggestion.unsure.startswith("the reply's sentences disagree")
    else:
        assert suggestion.evidence and not suggestion.unsure


def test_the_table_is_large_and_covers_every_verdict():
    assert len(PHRASINGS) >= 60
    assert {status for _, status in PHRASINGS} >= {A, AP, PA, R, UC, N, UR, NONE}


def test_a_draft_whose_reply_disagrees_with_itself_suggests_nothing_and_raises_a_check():
    from intake.pipeline import make_draft
    from intake.rules.apply import apply

    text = "1. The Department should publish the data. (Paragraph 3)\n\nAccepted. We reject this recommendation.\n"
    draft = make_draft("disagrees.txt", text.encode())
    recommendation = draft.recommendations[0]
    assert recommendation.status == ""
    assert [d.level for d in recommendation.doubts if "sentences disagree" in d.message] == ["check"]
    rules_again = apply(draft)  # the rules read the draft again after each correction
    assert len([d for d in rules_again.recommendations[0].doubts if "sentences disagree" in d.message]) == 1
