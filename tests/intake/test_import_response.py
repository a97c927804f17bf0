"""The government-response importer, on the real SEND government response and on broken copies of it."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from intake.common import DocumentError
from intake.pipeline import import_response
from intake.segment import paragraph_numbers
from recommendations.models import Body, Committee, Recommendation, Reply, Report, Review, Status, StatusEntry
from recommendations.services.status import record_status

DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "documents" / "send-government-response-2020.txt"
TEXT = DOCUMENT.read_text(encoding="utf-8")
SLUG = "special-educational-needs-and-disabilities"

# A distinctive phrase of each of the 35 replies, in the order of the response.
REPLIES = {
    1: "any further significant legislative change would carry risk",
    2: "We do not accept the Committee's finding.",
    3: "We agree that a cultural shift is important",
    4: "core spending power will rise from £46.2 billion",
    5: "will provide further detail through the SEND Review",
    6: "32 LAs were required to submit plans",
    7: "to be sufficiently robust in holding the system to account",
    8: "whether to make SEND inspections continuous",
    9: "We will continue to communicate with the Ombudsman",
    10: "In our response to recommendations 7–9 above",
    11: "the accountability measures already in place",
    12: "We welcome the Committee's analysis and agree",
    13: "A range of views were expressed about the value of identifying a notional budget",
    14: "This is a recommendation to Ofsted.",
    15: "This is being considered as part of the SEND Review",
    16: "we reject the recommendation that the Department should issue guidance",
    17: "we do not feel that statutory powers are needed",
    18: "As per our response to paragraph 29 of the report",
    19: "While mapping 'cold spots' in provision is a useful exercise",
    20: "We therefore do not consider it necessary to create an additional neutral role",
    21: "which is why we have established the SEND Review to look at further improvements",
    22: "£365 million in capital funding",
    23: "As noted in our response to recommendation 22",
    24: "While we disagree with the suggestion that the Department is not ambitious enough",
    25: "Ministers from DfE, DWP and DHSC agreed that a working group should be established",
    26: "There are already sufficient statutory responsibilities in place.",
    27: "The Commission notes the Committee's encouragement",
    28: "we believe legislative interventions are unnecessary at this time",
    29: "We are continuing to lead cross-Government work",
    30: "We will carefully consider the Committee's recommendation",
    31: "the statutory duties around the Local Offer are twofold",
    32: "We do not propose to carry out biennial reviews",
    33: "were best placed to determine the balance of services",
    34: "are in discussions about this recommendation",
    35: "We agree that the SEND system is not working as well as it should",
}

C, R = "conclusion", "recommendation"
GOV, OFSTED, EHRC = "government", "ofsted", "equality-and-human-rights-commission"
DFE, DHSC, DWP = "department-for-education", "department-of-health-and-social-care", "department-for-work-and-pensions"
MHCLG, MOJ, CQC, NHSE, LAS = (
    "ministry-of-housing-communities-and-local-government",
    "ministry-of-justice",
    "care-quality-commission",
    "nhs-england",
    "local-authorities",
)
S = Status

# number, paragraphs, kind, text starts, text ends, bodies addressed, replies (keys of REPLIES), responders, status
TABLE = [
    (
        "1",
        ["17"],
        C,
        "We are confident that the 2014 reforms",
        "discharge their duties sufficiently.",
        [],
        [1],
        [GOV],
        S.PARTIALLY_ACCEPTED,
    ),
    (
        "2",
        ["18"],
        R,
        "We recommend that when the Government makes",
        "fundamental changes to the law.",
        [GOV],
        [1],
        [GOV],
        S.PARTIALLY_ACCEPTED,
    ),
    (
        "3",
        ["20"],
        C,
        "The Department for Education set local authorities up to fail",
        "when it was needed.",
        [],
        [2],
        [GOV],
        S.REJECTED,
    ),
    (
        "4",
        ["21"],
        C,
        "The significant shortfall in funding",
        "children and young people with SEND.",
        [],
        [3],
        [GOV],
        S.ACCEPTED,
    ),
    (
        "5",
        ["24"],
        C,
        "While we acknowledge the extra money",
        "this will be tackled at that point.",
        [],
        [4],
        [GOV],
        S.NOTED,
    ),
    (
        "6",
        ["25"],
        R,
        "Nobody benefits when Departments avoid",
        "the health and social care sector.",
        [DFE, DHSC],
        [5],
        [GOV],
        S.UNDER_REVIEW,
    ),
    ("7", ["27"], C, "Nobody appears to be taking any action", "when changes do not happen.", [], [6], [GOV], S.NOTED),
    (
        "8",
        ["28"],
        C,
        "We are pleased that the Department for Education",
        '"keep going on that improvement journey" is insufficient.',
        [],
        [7],
        [GOV],
        S.REJECTED,
    ),
    (
        "9",
        ["29"],
        R,
        "The joint CQC and Ofsted inspections",
        "health bodies that fail their annual inspection.",
        [CQC, OFSTED],
        [8],
        [GOV],
        S.UNDER_CONSIDERATION,
    ),
    (
        "10",
        ["31"],
        R,
        "Two select committees have independently",
        "“everything up to the school gate”.",
        [GOV, DFE],
        [9],
        [GOV],
        S.NOTED,
    ),
    (
        "11",
        ["33"],
        R,
        "We do not think that the Department for Education",
        "parents or other professionals.",
        [DFE, LAS],
        [10],
        [GOV],
        S.NOTED,
    ),
    (
        "12",
        ["34"],
        R,
        "The Government should introduce a reporting",
        "the year to which they relate.",
        [GOV],
        [11],
        [GOV],
        S.REJECTED,
    ),
    (
        "13",
        ["36"],
        R,
        "Additionally, we expect the Department's SEND Review",
        "between need and available provision.",
        [DFE],
        [12],
        [GOV],
        S.ACCEPTED,
    ),
    (
        "14",
        ["38"],
        R,
        "We call on the Government to make the notional budget",
        "ensure these examples are shared.",
        [GOV, DFE],
        [13],
        [GOV],
        S.UNDER_REVIEW,
    ),
    (
        "15",
        ["41"],
        C,
        "We heard a lot about local authorities' poor performance.",
        "includes a focus on children with SEND.",
        [],
        [],
        [],
        S.NOTED,
    ),
    (
        "16",
        ["42"],
        R,
        "As the Office for Standards in Education, Children's Services and Skills",
        "at the earliest possible opportunity.",
        [OFSTED, DFE],
        [14],
        [OFSTED],
        S.NOTED,
    ),
    (
        "17",
        ["43"],
        R,
        "We recommend that the Department for Education strengthen",
        "simplifying processes for all involved.",
        [DFE],
        [15],
        [GOV],
        S.UNDER_REVIEW,
    ),
    (
        "18",
        ["45"],
        R,
        "The Department for Education should, within six months",
        "to employ a part-time dedicated SENCO.",
        [DFE],
        [16],
        [GOV],
        S.REJECTED,
    ),
    (
        "19",
        ["46"],
        R,
        "The Government should encourage local authorities",
        "share best practice, knowledge and training.",
        [GOV],
        [17],
        [GOV],
        S.PARTIALLY_ACCEPTED,
    ),
    (
        "20",
        ["48"],
        R,
        "When developing its new framework for inspections, Ofsted and CQC",
        "explicitly reported on in inspection reports.",
        [OFSTED, CQC],
        [18],
        [GOV],
        S.NOTED,
    ),
    (
        "21",
        ["50"],
        R,
        "As part of the Government's SEND Review, it should map",
        "a clear strategy to address the problem.",
        [GOV],
        [19],
        [GOV],
        S.UNDER_REVIEW,
    ),
    (
        "22",
        ["52"],
        R,
        "We recommend that the Department for Education explores",
        "Independent Reviewing Officer for looked-after children.",
        [DFE],
        [20],
        [GOV],
        S.REJECTED,
    ),
    (
        "23",
        ["54"],
        C,
        "Navigating the SEND system should not be a bureaucratic nightmare",
        "might as well not have bothered to legislate.",
        [],
        [],
        [],
        S.NOTED,
    ),
    (
        "24",
        ["57"],
        R,
        "The Government must see support",
        "appropriate accountability to ensure that they do so.",
        [GOV],
        [21],
        [GOV],
        S.UNDER_REVIEW,
    ),
    (
        "25",
        ["58"],
        R,
        "The Department for Education should, in the absence",
        "within and beyond local authority structures.",
        [DFE],
        [22],
        [GOV],
        S.NOTED,
    ),
    (
        "26",
        ["62"],
        R,
        "More needs to be done to include children",
        "ensure they are central to the process.",
        [DFE],
        [23],
        [GOV],
        S.NOTED,
    ),
    (
        "27",
        ["65"],
        C,
        "The ambitious zeal of the Green Paper has faded",
        "costs that are unnecessary and unpalatable.",
        [],
        [24],
        [GOV],
        S.PARTIALLY_ACCEPTED,
    ),
    (
        "28",
        ["66"],
        R,
        "The Department for Education, the Department for Health",
        "on its work and strategy implementation.",
        [DFE, DHSC, DWP, MHCLG],
        [25],
        [GOV],
        S.NOTED,
    ),
    (
        "29",
        ["67"],
        R,
        "The Department for Education, in partnership with",
        "to live as independently as possible as adults.",
        [DFE, DHSC, DWP, MHCLG],
        [26],
        [GOV],
        S.REJECTED,
    ),
    (
        "30",
        ["68"],
        R,
        "We recommend that the Equality and Human Rights Commission",
        "improve Government policy and employer practice.",
        [EHRC],
        [27],
        [EHRC],
        S.UNDER_CONSIDERATION,
    ),
    (
        "31",
        ["70"],
        R,
        "Government should bring forward legislative proposals",
        "statutory footing at the earliest opportunity.",
        [GOV],
        [28],
        [GOV],
        S.REJECTED,
    ),
    (
        "32",
        ["72"],
        C,
        "The duties on health providers were referenced",
        "joint-working and joint-commissioning.",
        [],
        [29],
        [GOV],
        S.NOTED,
    ),
    (
        "33",
        ["73"],
        R,
        "There is not sufficient emphasis on joint working",
        "for the framework to be implemented effectively.",
        [DHSC, NHSE, DFE],
        [30],
        [GOV],
        S.UNDER_CONSIDERATION,
    ),
    (
        "34",
        ["77"],
        C,
        "We agree with the Minister that co-production",
        "the hopes of parents and young people.",
        [],
        [31],
        [GOV],
        S.NOTED,
    ),
    (
        "35",
        ["78"],
        R,
        "The Department should ensure that local authorities",
        "with children, young people and their parents and carers.",
        [DFE, DHSC],
        [32],
        [GOV],
        S.REJECTED,
    ),
    (
        "36",
        ["79"],
        R,
        "The Department should map provision",
        "provide a minimum level of provision.",
        [DFE],
        [33],
        [GOV],
        S.NOTED,
    ),
    (
        "37",
        ["82"],
        R,
        "The Ministry of Justice should, as part of its reporting",
        "accountability and scrutiny against performance.",
        [MOJ],
        [34],
        [GOV],
        S.UNDER_CONSIDERATION,
    ),
    (
        "38",
        ["83"],
        C,
        "These adversarial experiences are the products",
        "schools, colleges and local authorities.",
        [],
        [35],
        [GOV],
        S.ACCEPTED,
    ),
]


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_response", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text: str, name="response.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def snapshot() -> dict:
    """Every row the importer writes, every field of it (editable or not) and its many-to-many links."""
    rows = {}
    for model in (Committee, Report, Body, Review, Recommendation, Reply, StatusEntry):
        rows[model.__name__] = [
            {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}
            | {
                field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
                for field in model._meta.many_to_many
            }
            for obj in model.objects.order_by("pk")
        ]
    return rows


def assert_nothing_saved():
    for model in (Committee, Report, Body, Review, Recommendation, Reply, StatusEntry):
        assert not model.objects.exists(), model.__name__


@pytest.fixture
def imported(db):
    run(DOCUMENT)
    return Report.objects.get(slug=SLUG)


def test_the_table_covers_every_recommendation_and_reply():
    assert [row[0] for row in TABLE] == [str(n) for n in range(1, 39)]
    assert sorted({reply for row in TABLE for reply in row[6]}) == sorted(REPLIES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number, paragraphs, kind, starts, ends, bodies, replies, responders, status", TABLE, ids=[r[0] for r in TABLE]
)
def test_each_recommendation(imported, number, paragraphs, kind, starts, ends, bodies, replies, responders, status):
    rec = Recommendation.objects.get(report=imported, number=number)
    assert rec.position == int(number)
    assert rec.paragraphs == paragraphs
    assert rec.kind == kind
    assert rec.text.startswith(starts)
    assert rec.text.endswith(ends)
    assert "(Paragraph" not in rec.text and "\n" not in rec.text
    assert list(rec.addressed_to.order_by("name").values_list("slug", flat=True)) == sorted(bodies)
    own = list(rec.replies.order_by("position"))
    assert len(own) == len(replies)
    for key, phrase in REPLIES.items():
        assert any(phrase in reply.text for reply in own) == (key in replies), f"reply {key}: {phrase}"
    assert [reply.responder.slug for reply in own] == responders
    assert rec.status == status
    if status == Status.UNDER_REVIEW:
        assert rec.review.name == "SEND Review"
    else:
        assert rec.review is None
    entry = rec.status_entries.get()
    assert (entry.status, entry.recorded_by_import, entry.recorded_by) == (status, True, None)
    assert entry.effective_on == datetime.date(2020, 7, 20)
    assert entry.note == "Suggested by the importer from the government response."
    assert entry.evidence


@pytest.mark.django_db
def test_front_matter_and_introduction(imported):
    report = imported
    assert (report.committee.name, report.committee.house) == ("Education Committee", "House of Commons")
    assert report.title == "Special educational needs and disabilities"
    assert report.response_title == (
        "Special Educational Needs and Disabilities: "
        "Government Response to the Committee's First Report of Session 2019"
    )
    assert (report.hc_number, report.session, report.report_number) == ("HC 20", "2019", "First Report")
    assert report.response_session == "2019–21"
    assert report.published_on == datetime.date(2019, 10, 23)
    assert report.response_received_on == datetime.date(2020, 7, 20)
    assert report.response_printed_on == datetime.date(2020, 7, 22)
    assert report.source_document == "send-government-response-2020.txt"
    intro = report.response_introduction
    assert intro.startswith("We are committed to the ongoing improvement of the SEND system")
    assert intro.endswith("Our detailed responses to those recommendations are attached.")
    assert "the analysis and the evidence that the Committee has supplied through its report" in intro
    assert "say more about, for example, the SEND Review" in intro
    assert "\n- Inspection: We have a comprehensive Ofsted" in intro
    assert "**" not in intro and "<https" not in intro
    assert "(https://www.gov.uk/government/news/schools-and-colleges-to-reopen-in-full-in-september)" in intro
    assert "1. We are confident" not in intro


@pytest.mark.django_db
def test_page_breaks_are_joined_and_paragraphs_kept(imported):
    def reply(key):
        return Reply.objects.get(report=imported, text__contains=REPLIES[key]).text

    assert "local authority-led regional networks and school improvement. One specific" in reply(7)
    assert "SEN Analysis and Summary of Data Sources. The Department also provides" in reply(11)
    assert "how this could be changed. The SEND Review is looking more broadly" in reply(13)
    assert "This is at the heart of our approach to SEN. However, we recognise that we need" in reply(15)
    assert "We are reviewing the learning outcomes that provide a national framework" in reply(16)
    assert "Our sources of information indicate" in reply(17)
    assert "and are preparing a letter from our CEO" in reply(27)
    assert "sits with local authorities, which are required to keep special educational provision under review" in (
        reply(31)
    )
    assert reply(26).count("\n\n") == 5
    assert (
        "must set out:\n\n- the relationship between the Children and Families Act 2014 and the Care Act 2014\n- how"
        in (reply(26))
    )
    assert "'If the [EHC] plan specifies health care provision" in reply(29) and "*" not in reply(29)


@pytest.mark.django_db
def test_reply_headings_and_responders(imported):
    replies = {reply.position: reply for reply in Reply.objects.filter(report=imported)}
    assert len(replies) == 35
    assert replies[2].heading == "Paragraph 20: Funding for the additional costs to local authorities of the reforms"
    assert replies[2].text.startswith(
        "We do not accept the Committee's finding.\n\nWe provided a total of £252 million"
    )
    assert replies[14].heading == "Response from Ofsted: paragraph 42"
    assert replies[14].responder.name == "Ofsted"
    assert replies[27].heading == "Response from the Equality and Human Rights Commission: paragraph 68"
    assert replies[27].responder.name == "Equality and Human Rights Commission"
    assert (
        replies[20].heading
        == "Paragraph 53: ...the Department for Education explores the potential for creating a neutral role."
    )
    assert [r.number for r in replies[20].recommendations.all()] == ["22"]
    assert replies[1].heading == "" and replies[9].heading == ""
    assert replies[1].responder.slug == "government"
    assert not Reply.objects.filter(heading__startswith="Paragraph 54").exists()
    assert Review.objects.get().announced == "September 2019"


@pytest.mark.django_db
def test_statuses_agree_with_history_and_evidence_is_the_deciding_sentence(imported):
    assert not Recommendation.objects.status_disagrees_with_history().exists()
    evidence = dict(StatusEntry.objects.values_list("recommendation__number", "evidence"))
    assert evidence["3"] == "We do not accept the Committee's finding."
    assert (
        evidence["22"] == "We therefore do not consider it necessary to create an additional neutral role in this area."
    )
    assert evidence["37"].startswith("The Department for Education and the Ministry of Justice are in discussions")
    assert evidence["19"] == (
        "We do encourage local authorities to do this, via our network of SEND advisers. … Given that there is a "
        "considerable amount of activity at local level that brings SENCOs together, we do not feel that statutory "
        "powers are needed to put this in place."
    )
    assert evidence["23"].startswith("Paragraph 54: Navigating the SEND system")


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(imported):
    before = snapshot()
    output = run(DOCUMENT)
    assert "recommendations: created 0, updated 0, unchanged 38" in output
    assert "replies: created 0, updated 0, unchanged 35" in output
    assert "suggested statuses recorded: 0" in output and "Nothing changed." in output
    assert snapshot() == before


@pytest.mark.django_db
def test_first_run_reports_what_it_created():
    output = run(DOCUMENT)
    assert f"report {SLUG} created" in output
    assert "recommendations: created 38, updated 0, unchanged 0" in output
    assert "replies: created 35, updated 0, unchanged 0" in output
    assert "suggested statuses recorded: 38" in output


@pytest.mark.django_db
def test_changed_words_update_the_recommendation_but_not_its_status(imported, tmp_path):
    rec = Recommendation.objects.get(number="12")
    changed = TEXT.replace("no later than three months after", "no later than four months after")
    output = run(write(tmp_path, changed))
    assert "recommendations: created 0, updated 1, unchanged 37" in output
    updated = Recommendation.objects.get(pk=rec.pk)
    assert "no later than four months after" in updated.text
    assert updated.version == rec.version + 1
    assert (updated.status, updated.status_entries.count()) == (rec.status, 1)


@pytest.mark.django_db
def test_reimport_keeps_an_editors_later_status(imported, editor):
    rec = Recommendation.objects.get(number="36")
    record_status(
        recommendation=rec, status=Status.REJECTED, effective_on=datetime.date(2020, 8, 1), recorded_by=editor
    )
    rec.refresh_from_db()
    output = run(DOCUMENT)
    assert "Nothing changed." in output
    after = Recommendation.objects.get(pk=rec.pk)
    assert (after.status, after.version) == (Status.REJECTED, rec.version)
    assert list(after.status_entries.values_list("status", "recorded_by")) == [
        (Status.NOTED, None),
        (Status.REJECTED, editor.pk),
    ]


@pytest.mark.django_db
def test_without_a_reply_the_last_recommendation_awaits_one_and_gains_it_later(tmp_path):
    without = TEXT[: TEXT.index("We agree that the SEND system is not working")]
    run(write(tmp_path, without))
    rec = Recommendation.objects.get(number="38")
    assert rec.status == Status.AWAITING_RESPONSE and not rec.status_entries.exists()
    assert not rec.replies.exists()
    assert not Recommendation.objects.status_disagrees_with_history().exists()

    output = run(DOCUMENT)
    assert "replies: created 1, updated 0, unchanged 34" in output and "suggested statuses recorded: 1." in output
    assert Recommendation.objects.get(number="38").status == Status.ACCEPTED
    output = run(write(tmp_path, without))
    assert "deleted 1" in output
    assert not Recommendation.objects.get(number="38").replies.exists()
    assert Recommendation.objects.get(number="38").status == Status.ACCEPTED


@pytest.mark.django_db
def test_a_document_without_front_matter_needs_the_options(tmp_path):
    body = write(tmp_path, TEXT[TEXT.index("1. We are confident") :])
    with pytest.raises(CommandError, match=r"line 1: .*--title"):
        run(body)
    title = ("--title", "Special educational needs and disabilities")
    with pytest.raises(CommandError, match=r"line 1: .*--response-date YYYY-MM-DD"):
        run(body, *title)
    with pytest.raises(CommandError, match=r"give --title and --committee"):
        run(body, *title, "--response-date", "2020-07-20")
    assert_nothing_saved()
    source = ("--source-url", "https://committees.parliament.uk/")
    run(body, *title, "--committee", "Education Committee", "--response-date", "2020-07-20", *source)
    report = Report.objects.get(slug=SLUG)
    assert (report.hc_number, report.response_title, report.published_on) == ("", "", None)
    assert report.response_url == "https://committees.parliament.uk/"
    assert Recommendation.objects.filter(report=report).count() == 38
    entry = StatusEntry.objects.get(recommendation__number="22")
    assert (entry.effective_on, entry.source_url) == (datetime.date(2020, 7, 20), "https://committees.parliament.uk/")


@pytest.mark.django_db
def test_liberal_numbering_and_paragraph_references(tmp_path):
    body = TEXT[: TEXT.index("3. The Department for Education set")]
    body = body.replace("1. We are confident", "8.12. We are confident").replace("(Paragraph 17)", "(paragraph 3.25)")
    body = body.replace("2. We recommend that when", "8.13. We recommend that when")
    body = body.replace("(Paragraph 18)", "(Paragraphs 4–6)")
    run(write(tmp_path, body))
    recs = list(Recommendation.objects.order_by("position").values_list("number", "position", "paragraphs"))
    assert recs == [("8.12", 1, ["3.25"]), ("8.13", 2, ["4", "5", "6"])]


@pytest.mark.parametrize(
    "printed, expected",
    [("34", ["34"]), ("12 and 13", ["12", "13"]), ("3.25", ["3.25"]), ("4–6", ["4", "5", "6"]),
     ("3.25–3.27", ["3.25–3.27"]), ("12, 13 and 15", ["12", "13", "15"]), ("twelve", None)],
)  # fmt: skip
def test_paragraph_numbers(printed, expected):
    assert paragraph_numbers(printed) == expected


def broken(kind: str) -> tuple[bytes, str | int]:
    """A broken copy of the document, and the line (or the text of the line) its error must name."""
    if kind == "empty":
        return b"", 1
    if kind == "blank":
        return b"\n\n  \n", 1
    if kind == "binary":
        return b"\x00\x01", 1
    if kind == "nul-inside":
        return TEXT.replace("10. Two select committees", "10. Two select\x00 committees").encode(), "10. Two select"
    if kind == "latin-1":
        data = TEXT.encode("cp1252", errors="replace")
        return data, next(i for i, line in enumerate(TEXT.split("\n"), 1) if any(ord(c) > 127 for c in line))
    if kind == "no-recommendations":
        return TEXT[: TEXT.index("1. We are confident")].encode(), 1
    if kind == "duplicate":
        return TEXT.replace("5. While we acknowledge", "4. While we acknowledge").encode(), "4. While we acknowledge"
    if kind == "out-of-sequence":
        text = (
            TEXT.replace("4. The significant", "@@")
            .replace("5. While we", "4. While we")
            .replace("@@", "5. The significant")
        )
        return text.encode(), "5. The significant"
    if kind == "gap":
        return TEXT.replace("15. We heard", "16. We heard").encode(), "16. We heard"
    if kind == "no-reference":
        return TEXT.replace(" (Paragraph 34)", "").encode(), "12. The Government should introduce"
    if kind == "reference-on-next-line-missing":
        return TEXT.replace("is insufficient.\n(Paragraph 28)", "is insufficient.").encode(), "8. We are pleased"
    if kind == "unmatched-heading":
        text = TEXT.replace("36. The Department should map", "Paragraph 99: nothing\n\n36. The Department should map")
        return text.encode(), "Paragraph 99: nothing"
    if kind == "unmatched-response-heading":
        text = TEXT.replace("Response from Ofsted: paragraph 42", "Response from Ofsted: paragraph 99")
        return text.encode(), "Response from Ofsted: paragraph 99"
    raise AssertionError(kind)


BROKEN = [
    "empty", "blank", "binary", "nul-inside", "latin-1", "no-recommendations", "duplicate", "out-of-sequence", "gap",
    "no-reference", "reference-on-next-line-missing", "unmatched-heading", "unmatched-response-heading",
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BROKEN)
def test_bad_input_names_file_and_line_and_saves_nothing(tmp_path, kind):
    data, line = broken(kind)
    if isinstance(line, str):
        line = line_of(data.decode("utf-8", errors="replace"), line)
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(error.value).startswith(f"{path}, line {line}: ")
    assert_nothing_saved()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["duplicate", "no-reference", "unmatched-heading"])
def test_bad_input_leaves_an_earlier_import_untouched(imported, tmp_path, kind):
    before = snapshot()
    path = tmp_path / "bad.txt"
    path.write_bytes(broken(kind)[0])
    with pytest.raises(CommandError):
        run(path)
    assert snapshot() == before


@pytest.mark.django_db
def test_an_error_found_while_saving_rolls_everything_back(imported, tmp_path):
    before = snapshot()
    fewer = TEXT[: TEXT.index("38. These adversarial")].replace("HC 20", "HC 21")
    with pytest.raises(CommandError, match=r"recommendation\(s\) 38 .* not in this document"):
        run(write(tmp_path, fewer))
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentError, match=r"nowhere\.txt: no such file"):
        import_response(tmp_path / "nowhere.txt")


@pytest.mark.django_db
def test_import_response_function_returns_a_summary():
    result = import_response(DOCUMENT)
    assert result.changed and result.recommendations.created == 38 and result.replies.created == 35
    again = import_response(DOCUMENT)
    assert not again.changed
    assert str(again.recommendations) == "created 0, updated 0, unchanged 38"


@pytest.mark.django_db
def test_a_response_heading_without_a_paragraph_covers_its_group(tmp_path):
    text = TEXT.replace("Response from Ofsted: paragraph 42", "Response from Ofsted")
    run(write(tmp_path, text))
    reply = Reply.objects.get(heading="Response from Ofsted")
    assert reply.responder.slug == "ofsted"
    assert sorted(reply.recommendations.values_list("number", flat=True)) == ["15", "16"]
