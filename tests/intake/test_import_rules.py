"""The importer's rule sets, on sentences taken from the SEND government response."""

import pytest

from intake.rules import tables
from recommendations.models import Kind, Status

C, R = Kind.CONCLUSION, Kind.RECOMMENDATION


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We recommend that the Department for Education explores the potential for creating a neutral role.", R),
        ("The Government must see support for special educational needs and disabilities as a system-wide issue.", R),
        ("We call on the Government to make the notional budget a focus of its review.", R),
        ("Additionally, we expect the Department's SEND Review to fundamentally address the relationship.", R),
        ("However, ultimately, local authorities must ensure that they are compliant with the law.", R),
        ("Ofsted and CQC should also clearly set out the consequences for local authorities.", R),
        ("It should also implement an annual scorecard for local authorities and health bodies.", R),
        ("There is a clear need for the Department to be more proactive in its oversight.", R),
        ("We are confident that the 2014 reforms were the right ones.", C),
        ("Navigating the SEND system should not be a bureaucratic nightmare, difficult to navigate.", C),
        ("A child's access to support should not be determined by a parent's education.", C),
        (
            "We do not doubt that there must have been significant work behind the scenes to bring this duty into "
            "the Bill.",
            C,
        ),
        ("We are pleased that the Department for Education has asked CQC and Ofsted to design a second round.", C),
        ("No one appears to be asking anyone to take responsibility for their actions.", C),
        ("If necessary, local authorities should also be able to build more mainstream schools.", C),
    ],
)
def test_kind(text, expected):
    assert tables.kind(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Ofsted and CQC should also clearly set out the consequences for local authorities.",
            ["ofsted", "care-quality-commission"],
        ),
        (
            "The Department should map provision available through each local authority's Local Offer.",
            ["department-for-education"],
        ),
        (
            "The Department for Education, the Department for Health and Social Care, the Department for Work and "
            "Pensions and "
            "the Ministry for Communities, Housing and Local Government should establish a ministerial-led working "
            "group.",
            [
                "department-for-education",
                "department-of-health-and-social-care",
                "department-for-work-and-pensions",
                "ministry-of-housing-communities-and-local-government",
            ],
        ),
        ("Government should bring forward legislative proposals at the earliest opportunity.", ["government"]),
        (
            "We recommend that the Equality and Human Rights Commission conducts a monitoring review.",
            ["equality-and-human-rights-commission"],
        ),
        (
            "The Ministry of Justice should, as part of its reporting on SEND Tribunal cases, publish a yearly digest.",
            ["ministry-of-justice"],
        ),
        (
            "We recommend that the Department for Health and Social Care, NHS England, and the Department for "
            "Education "
            "should design an outcomes framework.",
            ["department-of-health-and-social-care", "nhs-england", "department-for-education"],
        ),
        (
            "If this requires legislative change, the Department should work with Ofsted to bring forward proposals.",
            ["department-for-education"],
        ),
        (
            "We also recommend that the Department for Education and the Department for Health and Social Care jointly "
            "conduct biennial reviews of each local authority's offer.",
            ["department-for-education", "department-of-health-and-social-care"],
        ),
        (
            "Two select committees have independently identified a problem with the current extent of the powers of "
            "the "
            "Local Government and Social Care Ombudsman: It is now up to the Government to act.",
            ["government"],
        ),
        ("The Department for Education set local authorities up to fail.", []),
    ],
)
def test_bodies_addressed(text, expected):
    assert [body.slug for body in tables.bodies_addressed(text)] == expected


def test_bodies_are_defined_once_with_unique_names_and_slugs():
    assert (
        len({body.slug for body in tables.BODIES}) == len({body.name for body in tables.BODIES}) == len(tables.BODIES)
    )
    assert tables.BY_SLUG["department-for-education"].short_name == "DfE"
    assert tables.GOVERNMENT.name == "Government" and tables.GOVERNMENT.slug == "government"


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Ofsted", "ofsted"),
        ("the Equality and Human Rights Commission", "equality-and-human-rights-commission"),
        ("the Department for Health and Social Care", "department-of-health-and-social-care"),
        (
            "Ministry for Communities, Housing and Local Government",
            "ministry-of-housing-communities-and-local-government",
        ),
        ("the Local Government and Social Care Ombudsman", None),
    ],
)
def test_find_body(name, slug):
    body = tables.find_body(name)
    assert (body.slug if body else None) == slug


def test_the_longest_name_wins():
    found = tables.mentions("the Ministry for Communities, Housing and Local Government should")
    assert [body.slug for _, _, body in found] == ["ministry-of-housing-communities-and-local-government"]


AGREE_SENCO = "We agree that SENCOs play an important role in schools, providing leadership and support to teachers."
REJECT_NASENCO = (
    "As such, we reject the recommendation that the Department should issue guidance that all SENCOs should undertake "
    "the NASENCO course upon taking on a SENCO role."
)
ENCOURAGE = "We do encourage local authorities to do this, via our network of SEND advisers."
NO_POWERS = (
    "Given that there is a considerable amount of activity at local level that brings SENCOs together, we do not feel "
    "that statutory powers are needed to put this in place."
)
NOT_WORKING = "We agree that the SEND system is not working as well as it should, for a number of reasons."


@pytest.mark.parametrize(
    "reply, kind, status, review, evidence",
    [
        ("We do not accept the Committee's finding.", C, Status.REJECTED, None, "We do not accept"),
        (
            "We therefore do not consider it necessary to create an additional neutral role in this area.",
            R,
            Status.REJECTED,
            None,
            "We therefore",
        ),
        (
            "We do not propose to carry out biennial reviews of each local authority's Local Offer.",
            R,
            Status.REJECTED,
            None,
            "We do not propose",
        ),
        (NO_POWERS, R, Status.REJECTED, None, "Given that"),
        (
            "On that basis we believe legislative interventions are unnecessary at this time, but we are not ruling "
            "this out. "
            "The SEND Review will work with NHS England and DHSC to consider the case for further reforms in this "
            "area.",
            R,
            Status.REJECTED,
            None,
            "On that basis",
        ),
        ("There are already sufficient statutory responsibilities in place.", R, Status.REJECTED, None, "There are"),
        (
            "We consider our programme of revisits and other related activities to be sufficiently robust in holding "
            "the "
            "system to account.",
            C,
            Status.REJECTED,
            None,
            "We consider",
        ),
        (
            "We believe that the accountability measures already in place, along with published performance data, "
            "address "
            "this concern.",
            R,
            Status.REJECTED,
            None,
            "We believe",
        ),
        (
            "We recognise that further action is needed in this space, and will provide further detail through the "
            "SEND Review.",
            R,
            Status.UNDER_REVIEW,
            "SEND Review",
            "We recognise",
        ),
        (
            "We agree with the Committee that the process for EHC plans should be looked at. This is being "
            "considered as "
            "part of the SEND Review and decisions on that will subsequently inform our review of the SEND Code of "
            "Practice.",
            R,
            Status.UNDER_REVIEW,
            "SEND Review",
            "This is being considered",
        ),
        (
            "The SEND Review is looking more broadly into the arrangements for supporting pupils with SEND in "
            "mainstream schools.",
            R,
            Status.UNDER_REVIEW,
            "SEND Review",
            "The SEND Review is looking",
        ),
        (
            "As part of this we will consider the Committee's recommendations, including whether to make SEND "
            "inspections "
            "continuous.",
            R,
            Status.UNDER_CONSIDERATION,
            None,
            "As part of this",
        ),
        (
            "The Department for Education and the Ministry of Justice are in discussions about this recommendation.",
            R,
            Status.UNDER_CONSIDERATION,
            None,
            "The Department",
        ),
        (
            "We will carefully consider the Committee's recommendation as part of this work. We welcome the "
            "Committee's "
            "recommendation that consideration of health-related delivery is enhanced.",
            R,
            Status.UNDER_CONSIDERATION,
            None,
            "We will carefully consider",
        ),
        (
            "The Commission notes the Committee's encouragement to carry out a monitoring review of apprenticeships "
            "and will "
            "be responding directly in due course.",
            R,
            Status.UNDER_CONSIDERATION,
            None,
            "The Commission notes",
        ),
        (
            "We welcome the Committee's analysis and agree that the SEND Review should address the relationship "
            "between need "
            "and available provision. The SEND Review is actively considering ways to deliver greater consistency.",
            R,
            Status.ACCEPTED,
            None,
            "We welcome the Committee's analysis",
        ),
        (
            "We agree that a cultural shift is important and we are working to support that shift.",
            C,
            Status.ACCEPTED,
            None,
            "We agree",
        ),
        (
            "We agree that a cultural shift is important and we are working to support that shift.",
            R,
            Status.NOTED,
            None,
            "We agree",
        ),
        (NOT_WORKING, C, Status.ACCEPTED, None, NOT_WORKING),
        (NOT_WORKING, R, Status.NOTED, None, NOT_WORKING),
        (f"{AGREE_SENCO} {REJECT_NASENCO}", R, Status.REJECTED, None, REJECT_NASENCO),
        (f"{ENCOURAGE}\n\n{NO_POWERS}", R, Status.PARTIALLY_ACCEPTED, None, f"{ENCOURAGE} … {NO_POWERS}"),
        (
            "Given the purpose of the review, we do not believe it would be right to rule out options yet. We do "
            "agree, "
            "however, that any further significant legislative change would carry risk.",
            R,
            Status.PARTIALLY_ACCEPTED,
            None,
            "Given the purpose",
        ),
        (
            "While we disagree with the suggestion that the Department is not ambitious enough, we agree that there "
            "is more "
            "that can be done in supporting young people into meaningful and sustainable employment.",
            C,
            Status.PARTIALLY_ACCEPTED,
            None,
            "While we disagree",
        ),
        (
            "We welcome the Committee's interest in this area. We will continue to communicate with the Ombudsman.",
            R,
            Status.NOTED,
            None,
            "We welcome the Committee's interest in this area.",
        ),
        (
            "We acknowledge the need for Government Departments to work together to deliver on this important issue.",
            R,
            Status.NOTED,
            None,
            "We acknowledge",
        ),
        (
            "We are also planning to launch a large-scale value for money study of SEND provision as part of the SEND "
            "Futures initiative.",
            R,
            Status.NOTED,
            None,
            "We are also planning",
        ),
        (
            "The importance of children's social care was signalled in the Government's manifesto, and we are "
            "committed "
            "to undertaking a review at the earliest opportunity.",
            C,
            Status.NOTED,
            None,
            "The importance",
        ),
    ],
)
def test_suggest_status(reply, kind, status, review, evidence):
    suggestion = tables.suggest_status(reply, kind=kind)
    assert (suggestion.status, suggestion.review) == (status, review)
    assert suggestion.evidence.startswith(evidence)
