"""`manage.py import_question`: the four seed layouts field by field, the API format, idempotence, bad input.

Every question, answer, name and date here is quoted from the seed documents in fixtures/documents/.
UINs and member ids in the API tests are illustrative placeholders (9000xx), not real parliamentary numbers,
and the grouping of two seed questions there is made up to exercise the linking.
"""

import datetime
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intake.questions import (
    house_from,
    import_questions,
    parse_text_document,
    sanitise_html,
)
from recommendations.models import WrittenQuestion
from recommendations.timephrases import parse_date

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
SLCN = DOCUMENTS / "question-slcn-commissioning.txt"  # a bare question and answer
HEALTH_PARTNERS = DOCUMENTS / "question-local-health-partners.txt"  # a TheyWorkForYou page
IMPROVEMENT_PLAN = DOCUMENTS / "question-send-improvement-plan.txt"  # a Parallel Parliament page
ONE_YEAR_ON = DOCUMENTS / "question-ofsted-cqc-one-year-on.txt"  # a parliament.uk page
SEEDS = [SLCN, HEALTH_PARTNERS, IMPROVEMENT_PLAN, ONE_YEAR_ON]

QUESTION_002 = (
    "To ask the Secretary of State for Health and Social Care, what steps he is taking to help ensure improved "
    "engagement and support for children and families from health and social care services as part of the SEND "
    "Improvement Plan."
)
QUESTION_003 = (
    "To ask the Secretary of State for Education, what discussions he has had with (a) the Department for Health, "
    "(b) school leaders, (c) teaching unions and (d) other professional bodies on the conclusion of the Ofsted Care "
    "Quality Commission report, C Report, Local area SEND inspections: one year on, regarding the adequacy of the "
    "knowledge and skills of school staff to identify accurately children and young people that need further "
    "assessments."
)

# Every field of each seed, as the importer must store it. answer: (paragraphs, start of the first, end of the last).
EXPECTED = {
    SLCN: {
        "key": "q-2beee555adff",
        "uin": "",
        "house": "House of Lords",
        "asking_member": "",
        "asking_member_party": "",
        "answering_member": "",
        "answering_member_role": "",
        "department": "Department for Education",
        "asked_on": None,
        "answered_on": None,
        "heading": "",
        "question_text": (
            "To ask Her Majesty's Government what plans they have to provide commissioners of services for children "
            "and young people with speech, language and communication needs with guidance on seeking the views of "
            "service users and their families and the co-production of service design."
        ),
        "answer": (
            5,
            "We recognise the importance of ensuring that children and young people with special educational needs",
            "to support them to improve local planning and commissioning.",
        ),
    },
    HEALTH_PARTNERS: {
        "key": "q-d3bf3ab959e5",
        "uin": "",
        "house": "House of Lords",
        "asking_member": "Lord Porter of Spalding",
        "asking_member_party": "Conservative",
        "answering_member": "Lord Agnew of Oulton",
        "answering_member_role": "The Parliamentary Under-Secretary of State for Education",
        "department": "Department for Education",
        "asked_on": None,
        "answered_on": datetime.date(2019, 6, 3),
        "heading": "Special Educational Needs",
        "question_text": (
            "To ask Her Majesty's Government what steps they are taking to ensure that local health partners are "
            "playing an equitable role alongside local government in supporting children with special educational "
            "needs and disabilities."
        ),
        "answer": (
            10,
            "Creating an effective inter-agency approach, where local government works in partnership",
            "backed by £10 million investment through the IAS programme.",
        ),
    },
    IMPROVEMENT_PLAN: {
        "key": "q-9eb03f1191b7",
        "uin": "",
        "house": "House of Commons",
        "asking_member": "",
        "asking_member_party": "",
        "answering_member": "Neil O'Brien",
        "answering_member_role": "",
        "department": "Department of Health and Social Care",
        "asked_on": datetime.date(2023, 3, 23),
        "answered_on": datetime.date(2023, 3, 29),
        "heading": "Special Educational Needs: Health and Social Services",
        "question_text": QUESTION_002,
        "answer": (
            4,
            "We are working closely with the Department for Education to implement actions",
            "This will inform the local offer and will be quality assured by the Department for Education.",
        ),
    },
    ONE_YEAR_ON: {
        "key": "q-1f7db0eae98c",
        "uin": "",
        "house": "House of Commons",
        "asking_member": "Mr James Frith",
        "asking_member_party": "Labour",
        "answering_member": "Nadhim Zahawi",
        "answering_member_role": "",
        "department": "",  # the page names no department, and none is guessed from "Secretary of State for Education"
        "asked_on": datetime.date(2018, 1, 18),
        "answered_on": datetime.date(2018, 1, 26),
        "heading": "Special Educational Needs",
        "question_text": QUESTION_003,
        "answer": (
            4,
            "Ministers from the Department for Education (DfE) have written to all local authorities",
            "have engaged with local areas to provide support and challenge, and have seen a proactive and positive "
            "response.",
        ),
    },
}

FURNITURE = [
    "Alert me",
    "Photo of",
    "Does this answer",
    "people think",
    "Freedom of Information",
    "View Source",
    "Portrait",
    "answered on",
    "Reticulating Splines",
    "Answered by",
    "Asked by",
    "Question Asked",
    "PARLIAMENTARY WRITTEN QUESTION",
    "Open Parliament Licence",
    "Question to the",
]


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_question", *map(str, args), stdout=out)
    return out.getvalue()


def snapshot() -> tuple[list, list]:
    rows = list(WrittenQuestion.objects.order_by("pk").values())
    links = list(
        WrittenQuestion.grouped_with.through.objects.order_by("pk").values_list(
            "from_writtenquestion", "to_writtenquestion"
        )
    )
    return rows, links


@pytest.mark.django_db
@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_seed_layout_field_by_field(path):
    output = run(path)

    assert "created 1, updated 0, unchanged 0" in output
    question = WrittenQuestion.objects.get()
    expected = EXPECTED[path]
    for name, value in expected.items():
        if name != "answer":
            assert getattr(question, name) == value, name
    paragraphs = question.answer_text.split("\n\n")
    count, first, last = expected["answer"]
    assert len(paragraphs) == count
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    assert all(paragraph and paragraph == paragraph.strip() for paragraph in paragraphs)
    assert question.answer_is_html is False
    assert question.source_url == ""
    assert question.source_document == path.name
    for words in FURNITURE:
        for name in ["heading", "question_text", "answer_text", "asking_member", "answering_member_role"]:
            assert words not in getattr(question, name), (words, name)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_key_is_a_digest_of_the_normalised_question(path):
    text = EXPECTED[path]["question_text"]
    digest = hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()[:12]

    assert parse_text_document(path).key == f"q-{digest}" == EXPECTED[path]["key"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.stem)
def test_windows_line_ends_extra_blank_lines_and_spaces_change_nothing(path, tmp_path):
    lines = path.read_text(encoding="utf-8").split("\n")
    messy = tmp_path / path.name
    messy.write_bytes(("\r\n\r\n".join(f"  {line}  " for line in lines) + "\r\n\r\n\r\n").encode())

    original, reread = parse_text_document(path), parse_text_document(messy)

    assert reread.values() == original.values()
    assert reread.key == original.key


def test_non_breaking_spaces_in_the_question_are_ordinary_spaces():
    # Seed 001 has "what\xa0 steps they are\xa0 taking".
    assert "\xa0" in HEALTH_PARTNERS.read_text(encoding="utf-8")
    assert "what steps they are taking" in parse_text_document(HEALTH_PARTNERS).question_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3rd June 2019", datetime.date(2019, 6, 3)),
        ("29th March 2023", datetime.date(2023, 3, 29)),
        ("26 January 2018", datetime.date(2018, 1, 26)),
        ("1st Sept 2020", datetime.date(2020, 9, 1)),
        ("Monday 3 June 2019.", datetime.date(2019, 6, 3)),
        ("2023-03-23T00:00:00", datetime.date(2023, 3, 23)),
        ("2023-03-23", datetime.date(2023, 3, 23)),
        ("Labour", None),
        ("3rd Juno 2019", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_an_impossible_date_is_refused():
    with pytest.raises(ValueError):
        parse_date("31st June 2019")


@pytest.mark.parametrize(
    ("question", "member", "house"),
    [
        ("To ask Her Majesty's Government what plans they have", "", "House of Lords"),
        ("To ask His Majesty’s Government what steps they are taking", "", "House of Lords"),
        ("To ask the Secretary of State for Education, what discussions", "", "House of Commons"),
        ("To ask the Minister for Women and Equalities, what steps", "", "House of Commons"),
        ("To ask the Chancellor of the Exchequer, what estimate", "", "House of Commons"),
        ("What steps are being taken", "Lord Porter of Spalding", "House of Lords"),
        ("What steps are being taken", "Baroness Barran", "House of Lords"),
        ("What steps are being taken", "Mr James Frith", ""),
        ("What steps are being taken", "", ""),
        # The words decide when they disagree with the member's title.
        (
            "To ask the Secretary of State for Education, what discussions",
            "Lord Porter of Spalding",
            "House of Commons",
        ),
    ],
)
def test_house_is_read_from_the_words_only(question, member, house):
    assert house_from(question, member) == house


@pytest.mark.django_db
def test_source_url_option():
    run(SLCN, "--source-url", "https://example.org/placeholder-question-page")

    assert WrittenQuestion.objects.get().source_url == "https://example.org/placeholder-question-page"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        [SLCN, "--source-url", "not a link"],
        [SLCN, "--source-url", "ftp://example.org/placeholder-question"],
        [SLCN, HEALTH_PARTNERS, "--source-url", "https://example.org/placeholder"],
        [SLCN, "--format", "api", "--source-url", "https://example.org/placeholder"],
    ],
    ids=["bad-url", "not-http", "several-files", "api-format"],
)
def test_source_url_refused_when_it_cannot_apply(args):
    with pytest.raises(CommandError, match="source"):
        run(*args)
    assert not WrittenQuestion.objects.exists()


@pytest.mark.django_db
def test_a_uin_line_gives_the_key(tmp_path):
    document = tmp_path / "with-uin.txt"
    lines = ONE_YEAR_ON.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "UIN 900003")  # placeholder UIN
    document.write_text("\n".join(lines), encoding="utf-8")

    run(document)

    question = WrittenQuestion.objects.get()
    assert (question.key, question.uin) == ("900003", "900003")
    assert question.heading == "Special Educational Needs"
    assert "900003" not in question.question_text + question.answer_text


@pytest.mark.django_db
def test_second_import_changes_nothing_and_says_so():
    first = run(*SEEDS)
    before = snapshot()

    second = run(*SEEDS)

    assert "created 4, updated 0, unchanged 0" in first
    assert "Nothing changed" not in first
    assert "created 0, updated 0, unchanged 4" in second
    assert "Nothing changed." in second
    assert snapshot() == before


@pytest.mark.django_db
def test_reimport_updates_a_changed_answer_in_place():
    run(SLCN)
    WrittenQuestion.objects.update(answer_text="An older copy of the answer.")

    output = run(SLCN)

    assert "created 0, updated 1, unchanged 0" in output
    assert WrittenQuestion.objects.get().answer_text.startswith("We recognise the importance")


@pytest.mark.django_db
def test_import_questions_function_returns_the_summary():
    summary = import_questions(SEEDS)

    assert (summary.created, summary.updated, summary.unchanged, summary.changed) == (4, 0, 0, True)
    assert import_questions(SEEDS).changed is False


# --- the API format ----------------------------------------------------------------------------------------------

ANSWER_002 = (
    "We are working closely with the Department for Education to implement actions set out in the Special "
    "Educational Needs and Disability (SEND) and Alternative Provision Implementation Plan, with the aim of "
    "improving engagement and support for children and young people with SEND and their families."
)
ANSWER_002_NEXT = (
    "This includes working with the Department for Education to take a joint approach to SEND workforce planning."
)
ANSWER_003 = (
    "The government has provided, since April 2014, over £300 million to support local authorities, working with "
    "their partners, including health and schools, to implement the SEND reforms; and we are in the process of "
    "procuring further support for 2018-2020."
)


def record_002(**changes) -> dict:
    """Seed 002 as an API record. uin 900001 and askingMemberId 900101 are placeholders."""
    record = {
        "id": 900201,
        "askingMemberId": 900101,
        "askingMember": None,
        "house": "Commons",
        "dateTabled": "2023-03-23T00:00:00",
        "uin": "900001",
        "questionText": QUESTION_002,
        "answeringBodyName": "Department of Health and Social Care",
        "answeringMemberId": 900102,
        "answeringMember": {"id": 900102, "name": "Neil O'Brien"},
        "dateAnswered": "2023-03-29T00:00:00",
        "answerText": (
            f'<p>{ANSWER_002}</p><script>alert("x")</script><p onclick="steal()">{ANSWER_002_NEXT}</p>'
            '<p><a href="javascript:alert(1)">a link</a> <a href="https://www.gov.uk/">GOV.UK</a></p>'
        ),
        "heading": "Special Educational Needs: Health and Social Services",
        "groupedQuestions": ["900002", "900099"],  # 900099 is in neither the file nor the database
    }
    return record | changes


def record_003(**changes) -> dict:
    """Seed 003 as an API record. uin 900002 is a placeholder."""
    record = {
        "house": "Commons",
        "uin": "900002",
        "askingMember": {"name": "Mr James Frith", "party": "Labour"},
        "dateTabled": "2018-01-18",
        "questionText": QUESTION_003,
        "answeringMember": "Nadhim Zahawi",
        "dateAnswered": "2018-01-26",
        "answerText": f"<p>{ANSWER_003}</p>",
        "heading": "Special Educational Needs",
        "groupedQuestions": [{"uin": "900001"}],
    }
    return record | changes


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "shape",
    [
        lambda records: records,
        lambda records: {"totalResults": len(records), "results": [{"value": record} for record in records]},
        lambda records: {"results": [records[0], {"value": records[1], "links": []}]},
    ],
    ids=["list", "results-of-values", "mixed"],
)
def test_api_records(tmp_path, shape):
    path = write_json(tmp_path / "questions.json", shape([record_002(), record_003()]))

    output = run(path, "--format", "api")

    assert "created 2, updated 0, unchanged 0" in output
    assert "900099 (grouped with 900001)" in output
    plan, one_year_on = WrittenQuestion.objects.get(uin="900001"), WrittenQuestion.objects.get(uin="900002")
    assert plan.key == "900001"
    assert plan.house == "House of Commons"
    assert plan.asking_member == plan.asking_member_party == ""  # only an id is given: nothing is guessed
    assert plan.answering_member == "Neil O'Brien"
    assert plan.answering_member_role == ""
    assert plan.department == "Department of Health and Social Care"
    assert (plan.asked_on, plan.answered_on) == (datetime.date(2023, 3, 23), datetime.date(2023, 3, 29))
    assert plan.heading == "Special Educational Needs: Health and Social Services"
    assert plan.question_text == QUESTION_002
    assert plan.source_url == ""
    assert plan.source_document == "questions.json"
    assert one_year_on.asking_member == "Mr James Frith"
    assert one_year_on.asking_member_party == "Labour"
    assert one_year_on.answering_member == "Nadhim Zahawi"
    assert one_year_on.department == ""
    assert (one_year_on.asked_on, one_year_on.answered_on) == (datetime.date(2018, 1, 18), datetime.date(2018, 1, 26))
    assert one_year_on.answer_text == f"<p>{ANSWER_003}</p>"
    assert list(plan.grouped_with.all()) == [one_year_on]
    assert list(one_year_on.grouped_with.all()) == [plan]


@pytest.mark.django_db
def test_api_answers_are_sanitised(tmp_path):
    run(write_json(tmp_path / "questions.json", [record_002()]), "--format", "api")

    answer = WrittenQuestion.objects.get().answer_text
    assert WrittenQuestion.objects.get().answer_is_html is True
    assert answer.startswith(f"<p>{ANSWER_002}</p>")
    assert f"<p>{ANSWER_002_NEXT}</p>" in answer
    assert '<a href="https://www.gov.uk/"' in answer
    assert "<script" not in answer
    assert "alert" not in answer
    assert "onclick" not in answer
    assert "steal" not in answer
    assert "javascript:" not in answer


def test_sanitiser_keeps_tables_and_lists_and_drops_the_rest():
    html = (
        '<table><caption>C</caption><tr><th scope="col" style="color:red">A</th><td colspan="2">B</td></tr></table>'
        '<ul><li><strong>S</strong> <em>E</em></li></ul><img src="x" onerror="alert(1)"><iframe src="x"></iframe>'
        '<h1 class="x">Title</h1>'
    )

    assert sanitise_html(html) == (
        '<table><caption>C</caption><tbody><tr><th scope="col">A</th><td colspan="2">B</td></tr></tbody></table>'
        "<ul><li><strong>S</strong> <em>E</em></li></ul>Title"
    )


@pytest.mark.django_db
def test_api_grouped_question_already_in_the_database_is_linked(tmp_path):
    run(write_json(tmp_path / "first.json", [record_003(groupedQuestions=[])]), "--format", "api")

    output = run(write_json(tmp_path / "second.json", [record_002()]), "--format", "api")

    assert "created 1, updated 0, unchanged 0" in output
    plan = WrittenQuestion.objects.get(uin="900001")
    assert [question.uin for question in plan.grouped_with.all()] == ["900002"]


@pytest.mark.django_db
def test_api_second_import_changes_nothing(tmp_path):
    path = write_json(tmp_path / "questions.json", {"results": [{"value": record_002()}, {"value": record_003()}]})
    run(path, "--format", "api")
    before = snapshot()

    output = run(path, "--format", "api")

    assert "created 0, updated 0, unchanged 2" in output
    assert "Nothing changed." in output
    assert snapshot() == before


@pytest.mark.django_db
def test_the_same_question_from_a_page_and_from_the_api_is_one_row(tmp_path):
    run(IMPROVEMENT_PLAN)
    run(write_json(tmp_path / "questions.json", [record_002(groupedQuestions=[])]), "--format", "api")

    question = WrittenQuestion.objects.get()
    assert (question.key, question.uin) == ("900001", "900001")
    assert question.answer_is_html is True

    output = run(IMPROVEMENT_PLAN)

    assert "created 0, updated 1, unchanged 0" in output
    question = WrittenQuestion.objects.get()
    assert question.key == "900001"  # the page has no UIN; the known one is kept
    assert question.answer_is_html is False


# --- bad input ---------------------------------------------------------------------------------------------------


def seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


API_WITHOUT_QUESTION_TEXT = (
    '{"results": [\n'
    + json.dumps({"value": record_003(groupedQuestions=[])}, ensure_ascii=False)
    + ",\n"
    + json.dumps({"value": {"uin": "900001", "heading": "Special Educational Needs: Health and Social Services"}})
    + "\n]}\n"
)
API_INVALID = '[\n  {"uin": "900001",\n   "questionText": "To ask the Secretary of State for Education"\n  }\n  {}\n]\n'

BAD_INPUT = [
    # (id, file contents, --format, expected words, expected line)
    ("empty", b"", "text", "empty", 1),
    ("blank", b"\n \r\n\t\n", "text", "empty", 1),
    ("binary", b"Question to the Department for Education:\n\x89PNG\x00\x00\x00", "text", "binary", 2),
    ("not-utf-8", seed_text(SLCN).encode("cp1252"), "text", "not UTF-8", 4),
    (
        "unrecognised-layout",
        ("\n\n" + seed_text(SLCN).split("\n", 2)[2]).encode(),
        "text",
        "unrecognised layout",
        3,
    ),
    ("only-furniture", b"Alert me about debates like this\n\nReticulating Splines\n", "text", "no question", 1),
    (
        "impossible-date",
        seed_text(HEALTH_PARTNERS).replace("3rd June 2019", "31st June 2019").encode(),
        "text",
        "31st June 2019",
        3,
    ),
    (
        "no-question-text",
        seed_text(IMPROVEMENT_PLAN).replace(QUESTION_002, "").encode(),
        "text",
        "no question text",
        5,
    ),
    ("invalid-json", API_INVALID.encode(), "api", "invalid JSON", 5),
    ("no-question-text-in-record", API_WITHOUT_QUESTION_TEXT.encode(), "api", "record 2 has no questionText", 3),
    ("not-a-list", b'{"totalResults": 0}', "api", "expected a JSON list", 1),
    ("no-records", b"[]", "api", "no questions", 1),
    ("record-not-an-object", b'[\n"900001"\n]', "api", "record 1 is not a JSON object", 2),
    (
        "same-uin-twice-differing",
        ("[\n" + json.dumps(record_003()) + ",\n" + json.dumps(record_003(heading="Other")) + "\n]").encode(),
        "api",
        "record 2: the same question (900002) differs",
        3,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("contents", "format", "words", "line"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_changes_nothing_and_names_file_and_line(tmp_path, contents, format, words, line):
    run(SLCN)
    before = snapshot()
    good = write_json(tmp_path / "good.json", [record_003()]) if format == "api" else ONE_YEAR_ON
    bad = tmp_path / "bad-input.txt"
    bad.write_bytes(contents)

    with pytest.raises(CommandError) as raised:
        run(good, bad, "--format", format)

    message = str(raised.value)
    assert message.startswith(f"{bad}, line {line}: ")
    assert words in message
    assert "Nothing was imported." in message
    assert snapshot() == before


@pytest.mark.django_db
def test_an_api_record_with_a_bad_date_is_named(tmp_path):
    path = write_json(tmp_path / "questions.json", [record_002(), record_003(dateTabled="18/01/2018")])

    with pytest.raises(CommandError, match=r"record 2: cannot read dateTabled “18/01/2018”"):
        run(path, "--format", "api")
    assert not WrittenQuestion.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError, match=f"^{re.escape(str(missing))}: no such file"):
        run(SLCN, missing)
    assert not WrittenQuestion.objects.exists()
