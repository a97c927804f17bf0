"""The vocabulary of generate_demo_data: demo committees with their topics, themes and bodies, and sentence
patterns for recommendations, conclusions, replies and questions.

Words are drawn so that full-text search has real work to do: a few hundred common words appear in a good
share of the texts, each committee's topics in its own reports, and each of RARE_WORDS in only a few dozen
recommendations out of 250,000.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CommitteeSpec:
    name: str
    house: str
    slug: str
    topics: tuple[str, ...]
    themes: tuple[tuple[str | None, str], ...]  # (slug of a real theme to reuse, or None for a demo theme; name)
    bodies: tuple[tuple[str | None, str], ...]  # the first is the department that replies


COMMONS, LORDS = "House of Commons", "House of Lords"
GOVERNMENT = ("government", "Government")
COMMITTEES = (
    CommitteeSpec(
        "Education Committee",
        COMMONS,
        "education-committee",
        (
            "school funding",
            "teacher recruitment",
            "special educational needs",
            "exclusions",
            "apprenticeships",
            "further education colleges",
            "early years places",
            "school buildings",
            "home education",
            "tuition",
        ),
        (
            ("funding", "Funding"),
            ("send-workforce", "The SEND workforce"),
            ("joint-working", "Joint working"),
            (None, "Skills and training"),
        ),
        (("department-for-education", "Department for Education"), ("ofsted", "Ofsted"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Health and Social Care Committee",
        COMMONS,
        "health-and-social-care-committee",
        (
            "general practice",
            "waiting lists",
            "hospital discharge",
            "community pharmacies",
            "mental health services",
            "dental care",
            "maternity units",
            "care homes",
            "ambulance response times",
            "vaccination uptake",
        ),
        (
            ("therapies-and-health", "Therapies and health"),
            (None, "Mental health"),
            (None, "Social care"),
            (None, "Health workforce"),
        ),
        (
            ("department-of-health-and-social-care", "Department of Health and Social Care"),
            ("nhs-england", "NHS England"),
            ("care-quality-commission", "Care Quality Commission"),
        ),
    ),
    CommitteeSpec(
        "Home Affairs Committee",
        COMMONS,
        "home-affairs-committee",
        (
            "police recruitment",
            "knife crime",
            "asylum accommodation",
            "visa processing",
            "fraud",
            "border checks",
            "domestic abuse",
            "drug policy",
            "counter-terrorism",
            "online harms",
        ),
        ((None, "Policing"), (None, "Immigration"), (None, "Crime and victims")),
        ((None, "Home Office"), (None, "National Crime Agency"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Justice Committee",
        COMMONS,
        "justice-committee",
        (
            "court backlogs",
            "legal aid",
            "prison places",
            "probation services",
            "youth justice",
            "coroners",
            "sentencing",
            "tribunal delays",
            "victims' services",
            "rehabilitation",
        ),
        (("tribunals-and-disputes", "Tribunals and disputes"), (None, "Courts"), (None, "Crime and victims")),
        (("ministry-of-justice", "Ministry of Justice"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Work and Pensions Committee",
        COMMONS,
        "work-and-pensions-committee",
        (
            "universal credit",
            "disability benefits",
            "state pension age",
            "child maintenance",
            "jobcentres",
            "benefit sanctions",
            "pension credit",
            "employment support",
            "food banks",
            "carer's allowance",
        ),
        ((None, "Welfare"), (None, "Pensions"), (None, "Employment")),
        (("department-for-work-and-pensions", "Department for Work and Pensions"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Environment, Food and Rural Affairs Committee",
        COMMONS,
        "environment-food-and-rural-affairs-committee",
        (
            "flood defences",
            "water quality",
            "farm payments",
            "air pollution",
            "food labelling",
            "plastic waste",
            "animal welfare",
            "fisheries",
            "tree planting",
            "rural broadband",
        ),
        ((None, "Environment"), (None, "Farming and food"), (None, "Rural communities")),
        ((None, "Department for Environment, Food and Rural Affairs"), (None, "Environment Agency"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Transport Committee",
        COMMONS,
        "transport-committee",
        (
            "rail fares",
            "bus services",
            "road maintenance",
            "electric vehicle charging",
            "airport expansion",
            "cycling infrastructure",
            "driving tests",
            "rail franchising",
            "motorway safety",
            "freight",
        ),
        ((None, "Transport"), (None, "Net zero"), (None, "Rural communities")),
        ((None, "Department for Transport"), (None, "Network Rail"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Public Accounts Committee",
        COMMONS,
        "public-accounts-committee",
        (
            "major projects",
            "procurement",
            "value for money",
            "tax collection",
            "departmental accounts",
            "contract management",
            "consultancy spending",
            "IT systems",
            "grant schemes",
            "fraud and error",
        ),
        ((None, "Public spending"), ("funding", "Funding"), (None, "Accountability")),
        ((None, "HM Treasury"), (None, "Cabinet Office"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Housing, Communities and Local Government Committee",
        COMMONS,
        "housing-communities-and-local-government-committee",
        (
            "social housing",
            "homelessness",
            "building safety",
            "planning reform",
            "council finances",
            "private renting",
            "high streets",
            "leasehold",
            "housing supply",
            "local audit",
        ),
        ((None, "Housing"), (None, "Local government"), ("funding", "Funding")),
        (
            (
                "ministry-of-housing-communities-and-local-government",
                "Ministry of Housing, Communities and Local Government",
            ),
            ("local-authorities", "Local authorities"),
            GOVERNMENT,
        ),
    ),
    CommitteeSpec(
        "Science and Technology Committee",
        COMMONS,
        "science-and-technology-committee",
        (
            "research funding",
            "artificial intelligence",
            "space industry",
            "clinical trials",
            "data sharing",
            "cyber security",
            "semiconductors",
            "scientific advice",
            "quantum computing",
            "gene editing",
        ),
        ((None, "Science and research"), (None, "Digital and data")),
        ((None, "Department for Science, Innovation and Technology"), (None, "UK Research and Innovation"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Defence Committee",
        COMMONS,
        "defence-committee",
        (
            "armed forces recruitment",
            "service housing",
            "equipment programmes",
            "veterans' care",
            "reserve forces",
            "shipbuilding",
            "defence exports",
            "military readiness",
            "cyber defence",
            "procurement",
        ),
        ((None, "Defence"), (None, "Veterans")),
        ((None, "Ministry of Defence"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Treasury Committee",
        COMMONS,
        "treasury-committee",
        (
            "financial regulation",
            "cash access",
            "pension savings",
            "inflation",
            "bank lending",
            "tax reliefs",
            "cost of living",
            "insurance",
            "financial inclusion",
            "the Budget",
        ),
        ((None, "Economy"), (None, "Public spending")),
        ((None, "HM Treasury"), (None, "Financial Conduct Authority"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Women and Equalities Committee",
        COMMONS,
        "women-and-equalities-committee",
        (
            "pay gaps",
            "maternity discrimination",
            "accessible housing",
            "hate crime",
            "disability employment",
            "sexual harassment",
            "menopause",
            "caring responsibilities",
            "equality impact assessments",
            "Gypsy and Traveller communities",
        ),
        ((None, "Equality"), (None, "Employment")),
        (("equality-and-human-rights-commission", "Equality and Human Rights Commission"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Constitution Committee",
        LORDS,
        "lords-constitution-committee",
        (
            "delegated legislation",
            "emergency powers",
            "devolution",
            "the role of the Attorney General",
            "fast-tracked bills",
            "judicial appointments",
            "public inquiries",
            "referendums",
            "parliamentary scrutiny",
            "the civil service",
        ),
        ((None, "Constitution"), (None, "Accountability")),
        ((None, "Cabinet Office"), GOVERNMENT),
    ),
    CommitteeSpec(
        "Health, Social Care and Sport Committee",
        "Scottish Parliament",
        "scottish-health-social-care-and-sport-committee",
        (
            "alcohol harm",
            "drug deaths",
            "GP access",
            "social care charges",
            "sport participation",
            "health boards",
            "delayed discharge",
            "child obesity",
            "hospices",
            "dentistry",
        ),
        ((None, "Mental health"), (None, "Social care"), (None, "Sport")),
        ((None, "Scottish Government"),),
    ),
    CommitteeSpec(
        "Children, Young People and Education Committee",
        "Senedd Cymru",
        "senedd-children-young-people-and-education-committee",
        (
            "additional learning needs",
            "school attendance",
            "youth services",
            "childcare",
            "Welsh-medium education",
            "child poverty",
            "teacher workload",
            "school meals",
            "care-experienced children",
            "exam reform",
        ),
        (
            ("preparing-for-adulthood", "Preparing for adulthood"),
            ("places-and-provision", "Places and provision"),
            (None, "Childcare"),
        ),
        ((None, "Welsh Government"),),
    ),
)
REVIEWS = (
    ("spending-review", "Spending Review", "June 2010"),
    ("review-of-policing", "Review of Policing", "March 2012"),
    ("care-review", "Care Review", "January 2015"),
    ("review-of-rail", "Review of Rail", "September 2018"),
    ("net-zero-review", "Net Zero Review", "September 2022"),
)

ACTORS = (
    "The Government",
    "The Department",
    "Ministers",
    "The Secretary of State",
    "The Treasury",
    "The regulator",
    "Local authorities",
    "The Cabinet Office",
    "NHS bodies",
    "Every government department",
)
ACTIONS = (
    "publish",
    "set out",
    "review",
    "consult on",
    "fund",
    "monitor",
    "report on",
    "assess",
    "introduce",
    "clarify",
    "evaluate",
    "strengthen",
    "simplify",
    "reform",
    "expand",
    "protect",
    "improve",
    "measure",
    "commission research into",
    "bring forward legislation on",
    "write to us about",
    "end",
    "pilot",
)
PLANS = (
    "a national strategy for",
    "an action plan on",
    "guidance on",
    "a clear timetable for",
    "a review of",
    "a framework for",
    "an independent evaluation of",
    "ring-fenced funding for",
    "annual data on",
    "a consultation on",
    "statutory duties on",
    "a workforce plan for",
    "targets for",
    "an impact assessment of",
    "a pilot programme for",
    "a code of practice on",
    "long-term funding for",
    "a register of",
)
GROUPS = (
    "young people",
    "older people",
    "disabled people",
    "rural communities",
    "small businesses",
    "carers",
    "families on low incomes",
    "victims",
    "tenants",
    "frontline staff",
    "parents",
    "patients",
    "taxpayers",
    "local councils",
    "charities",
    "employers",
    "pupils",
    "veterans",
    "migrants",
    "service users",
)
TIMINGS = (
    "within six months of this report",
    "in its response to this report",
    "by the end of this Parliament",
    "before the next Spending Review",
    "every year",
    "within twelve months",
    "as a matter of urgency",
    "by the end of the year",
    "",
    "",
    "",
)
PROBLEMS = (
    "remains poorly understood",
    "is not working as intended",
    "has been underfunded for a decade",
    "varies widely between areas",
    "is too slow",
    "lacks clear accountability",
    "is hampered by poor data",
    "has not kept pace with demand",
    "is fragmented and confusing",
    "depends too much on short-term grants",
    "has been neglected by successive governments",
    "is not reaching those who need it most",
)
OUTCOMES = (
    "progress can be measured",
    "money reaches the front line",
    "{group} know what to expect",
    "Parliament can hold Ministers to account",
    "the gap between areas narrows",
    "{group} are not left behind",
    "the system is fair",
    "decisions rest on evidence",
)
EVIDENCE = (
    "We heard from {group} that {topic} {problem}.",
    "Witnesses told us that {topic} {problem}.",
    "The evidence we received from {group} was consistent.",
    "The National Audit Office found that {topic} {problem}.",
    "Many submissions described the impact on {group}.",
)
REPLIES = {
    "accept": (
        "The Government accepts this recommendation.",
        "We agree with the Committee and will {action} {plan} {topic} {timing}.",
        "Work is already under way to {action} {plan} {topic}.",
    ),
    "partly": (
        "The Government accepts this recommendation in part.",
        "We agree that {topic} {problem}, but we do not believe {plan} {topic} is the right approach.",
        "We will {action} {plan} {topic}, though not on the timetable the Committee proposes.",
    ),
    "reject": (
        "The Government does not accept this recommendation.",
        "We do not believe that {plan} {topic} is necessary at this time.",
        "We disagree with the Committee's assessment of {topic}.",
    ),
    "consider": (
        "We will consider this recommendation carefully and write to the Committee.",
        "The Department is considering {plan} {topic} with {group}.",
        "We are in discussion with {group} about {topic}.",
    ),
    "review": (
        "This will be considered as part of the review now under way.",
        "The review will look at {topic} and report next year.",
        "We will return to {topic} when the review concludes.",
    ),
    "note": (
        "We note the Committee's conclusion.",
        "The Government welcomes the Committee's scrutiny of {topic}.",
        "We recognise the concerns the Committee raises about {topic}.",
    ),
}
FILLER = (
    "In {year} we invested £{money} million in {topic}.",
    "We continue to work with {group} to improve {topic}.",
    "Figures published in {year} show that {topic} {problem}.",
    "We will set out more detail in due course.",
    "This builds on the reforms announced in {year}.",
    "Officials meet {group} regularly to discuss {topic}.",
)
TITLES = (
    "The future of {topic}",
    "{Topic}",
    "Tackling {topic}",
    "{Topic} and {topic2}",
    "Getting {topic} right",
    "{Topic}: the case for reform",
    "Delivering {topic}",
    "{Topic} after the pandemic",
)
# Words that occur in only a few dozen recommendations of 250,000, for searching for rare words.
RARE_WORDS = (
    "lighthouses",
    "sandeels",
    "peatland",
    "hedgerows",
    "microplastics",
    "ransomware",
    "allotments",
    "lithium",
    "bluetongue",
    "asbestos",
    "radon",
    "knotweed",
    "badgers",
    "pylons",
    "ferries",
    "canals",
    "tachographs",
    "e-scooters",
    "drones",
    "hydrogen",
    "geothermal",
    "seagrass",
    "oysters",
    "beavers",
    "ospreys",
    "thatch",
    "cobbles",
    "almshouses",
    "orchards",
    "moorland",
    "saltmarsh",
    "kelp",
    "glassworks",
    "hovercraft",
    "funiculars",
    "lidos",
    "bandstands",
    "cenotaphs",
    "bellringers",
    "coracles",
    "dovecotes",
    "quarries",
    "tramways",
    "windmills",
    "weirs",
    "lychgates",
    "piers",
)
ORDINALS = (
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
)


class Words:
    """Sentences drawn with one random generator, so that a seed gives the same texts."""

    def __init__(self, rng):
        self.rng = rng

    def _fill(self, pattern: str, topics) -> str:
        rng = self.rng
        topic = rng.choice(topics)
        text = pattern.format(
            topic=topic,
            Topic=topic[:1].upper() + topic[1:],
            topic2=rng.choice(topics),
            group=rng.choice(GROUPS),
            problem=rng.choice(PROBLEMS),
            action=rng.choice(ACTIONS),
            plan=rng.choice(PLANS),
            timing=rng.choice(TIMINGS),
            year=rng.randint(2000, 2024),
            money=rng.randint(2, 900),
        )
        return " ".join(text.split()).replace(" .", ".").replace(" ,", ",")

    def _sentence(self, topics) -> str:
        rng = self.rng
        actor, timing = rng.choice(ACTORS), rng.choice(TIMINGS)
        shape = rng.randrange(4)
        if shape == 0:
            core = f"{actor} should {{action}} {{plan}} {{topic}} {timing}."
        elif shape == 1:
            core = f"We recommend that {actor[0].lower() + actor[1:]} {{action}} {{plan}} {{topic}} {timing}."
        elif shape == 2:
            core = f"{actor} must {{action}} {{plan}} {{topic}} so that {rng.choice(OUTCOMES)}."
        else:
            core = f"{actor} should work with {{group}} to {{action}} {{plan}} {{topic}}."
        return self._fill(core, topics)

    def recommendation(self, kind: str, topics) -> str:
        rng = self.rng
        sentences = [self._fill(rng.choice(EVIDENCE), topics) for _ in range(rng.randint(0, 2))]
        if kind == "conclusion":
            sentences.append(self._fill("We are concerned that {topic} {problem}.", topics))
            if rng.random() < 0.5:
                sentences.append(self._fill("This matters most to {group}.", topics))
        else:
            sentences.extend(self._sentence(topics) for _ in range(rng.randint(1, 2)))
        if rng.random() < 0.03:
            sentences.append(f"We also heard evidence about {rng.choice(RARE_WORDS)}.")
        return " ".join(sentences)

    def reply(self, stance: str, topics) -> str:
        rng = self.rng
        opening = REPLIES[stance]
        sentences = [opening[0] if rng.random() < 0.5 else self._fill(rng.choice(opening), topics)]
        sentences += [self._fill(rng.choice(FILLER + opening[1:]), topics) for _ in range(rng.randint(1, 4))]
        return " ".join(sentences)

    def question(self, topic: str) -> str:
        return self._fill(f"To ask the Secretary of State what steps are being taken to {{action}} {topic}.", [topic])

    def title(self, topics) -> str:
        return self._fill(self.rng.choice(TITLES), topics)

    @staticmethod
    def ordinal(number: int) -> str:
        return ORDINALS[number - 1]
