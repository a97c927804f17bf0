"""Read written parliamentary questions and save them as `WrittenQuestion` rows.

Two input formats:

- "text": one question per file, as copied from one of four page layouts: a bare
  "Question to the Department ...:" page, a TheyWorkForYou page, a Parallel Parliament page and a
  parliament.uk "Parliamentary Written Question" page. The layout is detected from the text.
- "api": a JSON file in the shape of the UK Parliament written questions API.

Only what the source says is stored; a field it does not give stays empty (and an existing value is kept).

The house is read from the question's own words: "To ask Her (or His) Majesty's Government ..." is how
the House of Lords puts a written question; "To ask the Secretary of State ..." (or the Minister, the
Chancellor, the Prime Minister, a law officer, an hon. Member) is the House of Commons' form. Failing
that, an asking member who is a Lord or Baroness means the House of Lords. Otherwise the house stays empty.

A question's key is its UIN (slugified) when the source gives one, else "q-" and the first 12 hex digits
of the SHA-256 of its normalised text, so that importing the same question again finds the same row.
"""

import datetime
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from recommendations.changes import Change, ChangeKind, announce
from recommendations.html import sanitise_html
from recommendations.models import WrittenQuestion
from recommendations.timephrases import looks_like_date, parse_date
from recommendations.validators import strip_bidi_controls

from .common import DocumentError, Summary, read_document, update_changed

LORDS = "House of Lords"
COMMONS = "House of Commons"
API_HOUSES = {"commons": COMMONS, "lords": LORDS}


# Lines of page furniture that are never part of a question or its answer.
FURNITURE = re.compile(
    r"^(?:alert me about debates like this"
    r"|does this answer the above question\?"
    r"|yes ?\d+ (?:person thinks|people think) so"
    r"|no ?\d+ (?:person thinks|people think) not"
    r"|would you like to ask a question like this yourself\?.*"
    r"|reticulating splines"
    r"|contains parliamentary information licensed under the open parliament licence.*)$",
    re.IGNORECASE,
)

LORDS_FORM = re.compile(r"^to ask (?:her|his) majesty.?s government\b", re.IGNORECASE)
COMMONS_FORM = re.compile(
    r"^to ask the (?:secretary of state|minister|chancellor|prime minister|attorney general|solicitor general"
    r"|advocate general|(?:right )?hon(?:\.|ourable) (?:and [\w.]+ )?member|member for)\b",
    re.IGNORECASE,
)
LORD_TITLE = re.compile(r"^(?:the )?(?:lord|baroness|viscount|viscountess|earl|countess|marquess|duke)\b", re.I)


# Markers of the four text layouts.
DEPARTMENT_LINE = re.compile(r"^question to (?:the )?(.+?):$", re.IGNORECASE)
TWFY_LINE = re.compile(r"^(.+?) written question\s*[-–—]\s*answered on (.+?)\.?$", re.IGNORECASE)
TWFY_MEMBER = re.compile(r"^Photo of (?P<name>.+?) (?P=name)(?: (?P<rest>.+))?$")
PP_ASKED = re.compile(r"^\(asked on (.+?)\)(?:\s*-\s*view source)?$", re.IGNORECASE)
PP_ANSWERED_BY = re.compile(r"^answered by:?$", re.IGNORECASE)
PP_ANSWERED_ON = re.compile(r"^this question was answered on (.+?)\.?$", re.IGNORECASE)
UK_TITLE = re.compile(r"^parliamentary written question$", re.IGNORECASE)
UK_HEADING = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
UK_QUESTION = re.compile(r"^question(?: asked)?:?$", re.IGNORECASE)
UK_ASKED_BY = re.compile(r"^asked by:?\s*(.*)$", re.IGNORECASE)
UK_ANSWER = re.compile(r"^answer:?$", re.IGNORECASE)
UK_ANSWERED_BY = re.compile(r"^answered by:?\s*(.*)$", re.IGNORECASE)
UK_ANSWERED_ON = re.compile(r"^(?:answered on:?\s*)?(.+)$", re.IGNORECASE)
MEMBER_AND_PARTY = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
UIN_LINE = re.compile(r"^UIN:?\s*([A-Za-z0-9]+)$")


@dataclass
class ParsedQuestion:
    """One question as read from a source, before it is saved. Empty values are fields the source does not give."""

    path: str
    line: int | None
    label: str  # "" for a text document, "record 3" for an API record
    question_text: str
    uin: str = ""
    house: str = ""
    asking_member: str = ""
    asking_member_party: str = ""
    answering_member: str = ""
    answering_member_role: str = ""
    department: str = ""
    asked_on: datetime.date | None = None
    answered_on: datetime.date | None = None
    heading: str = ""
    answer_text: str = ""
    answer_is_html: bool = False
    source_url: str = ""
    source_document: str = ""
    grouped_uins: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return slugify(self.uin) if self.uin else digest_key(self.question_text)

    def values(self) -> dict:
        """The model fields this source gives: empty ones are left out, so they never blank a stored value."""
        names = [f.name for f in fields(self) if f.name not in {"path", "line", "label", "grouped_uins"}]
        values = {name: getattr(self, name) for name in names if getattr(self, name) not in ("", None, False)}
        if self.answer_text:
            values["answer_is_html"] = self.answer_is_html
        return values

    def error(self, message: str, line: int | None = None) -> DocumentError:
        where = f"{self.label}: " if self.label else ""
        return DocumentError(self.path, line or self.line, where + message)


@dataclass
class QuestionSummary(Summary):
    unknown_grouped: list[str] = field(default_factory=list)

    def __str__(self):
        text = super().__str__()
        if self.unknown_grouped:
            text += "; grouped questions not found: " + ", ".join(self.unknown_grouped)
        return text


def digest_key(question_text: str) -> str:
    return "q-" + hashlib.sha256(normalise(question_text).encode()).hexdigest()[:12]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split()).casefold()


def house_from(question_text: str, asking_member: str) -> str:
    text = question_text.replace("’", "'")
    if LORDS_FORM.match(text):
        return LORDS
    if COMMONS_FORM.match(text):
        return COMMONS
    if LORD_TITLE.match(asking_member):
        return LORDS
    return ""


# --- text documents -------------------------------------------------------------------------------------------


def parse_text_document(path, *, source_url: str = "") -> ParsedQuestion:
    """Read one written question in any of the four text layouts; DocumentError names the line at fault."""
    return _TextDocument(path, read_document(path)).parse(source_url=source_url)


class _TextDocument:
    def __init__(self, path, text: str):
        self.path = str(path)
        numbered = ((number, " ".join(raw.split())) for number, raw in enumerate(text.split("\n"), start=1))
        self.lines = [(number, line) for number, line in numbered if not FURNITURE.match(line)]
        self.uin = ""
        for number, line in self.lines:
            if match := UIN_LINE.match(line):
                self.uin = match[1]
                self.lines.remove((number, line))
                break

    def parse(self, *, source_url: str) -> ParsedQuestion:
        filled = [(number, line) for number, line in self.lines if line]
        if not filled:
            raise DocumentError(self.path, 1, "there is no question in the file, only page furniture.")
        texts = [line for _, line in filled]
        if any(UK_TITLE.match(line) for line in texts) or (
            any(UK_ASKED_BY.match(line) for line in texts) and any(UK_ANSWERED_BY.match(line) for line in texts)
        ):
            fields = self.parliament_uk()
        elif any(TWFY_LINE.match(line) for line in texts):
            fields = self.they_work_for_you()
        elif any(PP_ASKED.match(line) or PP_ANSWERED_ON.match(line) for line in texts):
            fields = self.parallel_parliament()
        elif DEPARTMENT_LINE.match(texts[0]):
            fields = self.bare()
        else:
            raise DocumentError(
                self.path,
                filled[0][0],
                f"unrecognised layout: “{texts[0][:60]}” does not begin a known written-question page "
                "(expected “Question to the ...:”, a TheyWorkForYou, Parallel Parliament or parliament.uk page).",
            )
        question = ParsedQuestion(
            path=self.path,
            line=filled[0][0],
            label="",
            uin=self.uin,
            source_url=source_url,
            source_document=Path(self.path).name,
            **fields,
        )
        question.house = house_from(question.question_text, question.asking_member)
        return question

    def find(self, pattern: re.Pattern, start: int = 0, stop: int | None = None) -> int | None:
        for index in range(start, len(self.lines) if stop is None else stop):
            if pattern.match(self.lines[index][1]):
                return index
        return None

    def match(self, pattern: re.Pattern, index: int) -> re.Match:
        return pattern.match(self.lines[index][1])

    def date(self, text: str, index: int) -> datetime.date:
        number = self.lines[index][0]
        try:
            value = parse_date(text)
        except ValueError:
            value = None
        if value is None:
            raise DocumentError(self.path, number, f"cannot read the date “{text}” (expected e.g. “3rd June 2019”).")
        return value

    def paragraphs(self, start: int, stop: int | None = None) -> list[str]:
        """Paragraphs are separated by blank lines; where a passage has none, each line is a paragraph."""
        chunk = [line for _, line in self.lines[start:stop]]
        while chunk and not chunk[0]:
            chunk.pop(0)
        while chunk and not chunk[-1]:
            chunk.pop()
        if "" not in chunk:
            return chunk
        paragraphs, current = [], []
        for line in [*chunk, ""]:
            if line:
                current.append(line)
            elif current:
                paragraphs.append(" ".join(current))
                current = []
        return paragraphs

    def heading_before(self, index: int) -> str:
        return " ".join(line for _, line in self.lines[:index] if line)

    def question_and_answer(self, question_start: int, question_stop: int | None, answer_start: int | None) -> dict:
        """The question's paragraphs, and the answer's; with no answer_start, the first paragraph is the question
        and the rest the answer (as in the bare layout)."""
        question = self.paragraphs(question_start, question_stop)
        if answer_start is None:
            question, answer = question[:1], question[1:]
        else:
            answer = self.paragraphs(answer_start)
        if not question:
            number = self.lines[question_start - 1][0] if question_start else 1
            raise DocumentError(self.path, number, "no question text follows this line.")
        return {"question_text": "\n\n".join(question), "answer_text": "\n\n".join(answer)}

    def bare(self) -> dict:
        """ "Question to the Department for Education:", the question, then the answer."""
        start = self.find(DEPARTMENT_LINE)
        return {"department": self.match(DEPARTMENT_LINE, start)[1]} | self.question_and_answer(start + 1, None, None)

    def they_work_for_you(self) -> dict:
        """Heading; "Department ... written question – answered on DATE."; the asking member's photo line, the
        question; the answering member's photo line, the answer."""
        start = self.find(TWFY_LINE)
        match = self.match(TWFY_LINE, start)
        values = {
            "heading": self.heading_before(start),
            "department": match[1],
            "answered_on": self.date(match[2], start),
        }
        photos = [index for index in range(start + 1, len(self.lines)) if self.lines[index][1].startswith("Photo of ")]
        if not photos:
            return values | self.question_and_answer(start + 1, None, None)
        values["asking_member"], values["asking_member_party"] = self.member_photo(photos[0])
        if len(photos) == 1:
            return values | self.question_and_answer(photos[0] + 1, None, None)
        values["answering_member"], values["answering_member_role"] = self.member_photo(photos[1])
        return values | self.question_and_answer(photos[0] + 1, photos[1], photos[1] + 1)

    def member_photo(self, index: int) -> tuple[str, str]:
        """ "Photo of NAME NAME REST": the name is printed twice; REST is the party or the minister's role."""
        line = self.lines[index][1]
        if match := TWFY_MEMBER.match(line):
            return match["name"], match["rest"] or ""
        return line.removeprefix("Photo of ").strip(), ""

    def parallel_parliament(self) -> dict:
        """Heading; "(asked on DATE) - View Source"; "Question to the ...:"; the question; "Answered by", the
        minister's portrait caption and name (and role), "This question was answered on DATE"; the answer."""
        asked = self.find(PP_ASKED)
        department = self.find(DEPARTMENT_LINE)
        answered_by = self.find(PP_ANSWERED_BY)
        answered_on = self.find(PP_ANSWERED_ON)
        starts = [index for index in (asked, department) if index is not None]
        if not starts:
            raise DocumentError(
                self.path, self.lines[answered_on][0], "no “(asked on ...)” or “Question to the ...:” line before this."
            )
        values = {"heading": self.heading_before(min(starts))}
        if asked is not None:
            values["asked_on"] = self.date(self.match(PP_ASKED, asked)[1], asked)
        if department is not None:
            values["department"] = self.match(DEPARTMENT_LINE, department)[1]
        question_start = max(starts) + 1
        if answered_on is None:
            if answered_by is not None:
                raise DocumentError(
                    self.path, self.lines[answered_by][0], "“Answered by” without “This question was answered on”."
                )
            return values | self.question_and_answer(question_start, None, len(self.lines))
        values["answered_on"] = self.date(self.match(PP_ANSWERED_ON, answered_on)[1], answered_on)
        question_stop = answered_by if answered_by is not None and answered_by < answered_on else answered_on
        names = [line for _, line in self.lines[question_stop + 1 : answered_on] if line]
        captions = [name.removesuffix(" Portrait") for name in names if name.endswith(" Portrait")]
        others = [name for name in names if not name.endswith(" Portrait")]
        if others or captions:
            values["answering_member"] = (others or captions)[0]
            values["answering_member_role"] = " ".join(others[1:])
        return values | self.question_and_answer(question_start, question_stop, answered_on + 1)

    def parliament_uk(self) -> dict:
        """ "PARLIAMENTARY WRITTEN QUESTION"; "Heading (DATE ASKED)"; "Question Asked", the question; "Asked by:",
        "Member (Party)"; "Answer", the answer; "Answered by:", "Member (Party)", the date answered."""
        title = self.find(UK_TITLE)
        question = self.find(UK_QUESTION)
        asked_by = self.find(UK_ASKED_BY)
        answer = self.find(UK_ANSWER)
        answered_by = self.find(UK_ANSWERED_BY)
        markers = sorted(index for index in (question, asked_by, answer, answered_by) if index is not None)
        values = {}
        heading = self.next_filled(title + 1 if title is not None else 0)
        if heading is not None and heading < min(markers, default=len(self.lines)):
            line = self.lines[heading][1]
            match = UK_HEADING.match(line)
            if match and looks_like_date(match[2]):
                values["heading"], values["asked_on"] = match[1], self.date(match[2], heading)
            else:
                values["heading"] = line
        if asked_by is not None:
            values["asking_member"], values["asking_member_party"] = self.member_and_party(asked_by, UK_ASKED_BY)
        if answered_by is not None:
            values["answering_member"], _ = self.member_and_party(answered_by, UK_ANSWERED_BY)
            for index in range(answered_by + 1, len(self.lines)):
                text = self.match(UK_ANSWERED_ON, index)[1] if self.lines[index][1] else ""
                if looks_like_date(text):
                    values["answered_on"] = self.date(text, index)
                    break
        question_start = question + 1 if question is not None else (heading if heading is not None else -1) + 1
        question_stop = next((index for index in markers if index >= question_start), None)
        if answer is None:
            return values | self.question_and_answer(question_start, question_stop, len(self.lines))
        answer_stop = answered_by if answered_by is not None and answered_by > answer else None
        values |= self.question_and_answer(question_start, question_stop, len(self.lines))
        values["answer_text"] = "\n\n".join(self.paragraphs(answer + 1, answer_stop))
        return values

    def next_filled(self, start: int) -> int | None:
        return next((index for index in range(start, len(self.lines)) if self.lines[index][1]), None)

    def member_and_party(self, index: int, marker: re.Pattern) -> tuple[str, str]:
        """ "Mr James Frith (Labour)" on the marker line or the next line; a constituency after " - " is dropped."""
        text = self.match(marker, index)[1]
        if not text:
            following = self.next_filled(index + 1)
            text = self.lines[following][1] if following is not None else ""
        if match := MEMBER_AND_PARTY.match(text):
            return match[1], re.split(r"\s+[-–]\s+", match[2])[0]
        return text, ""


# --- API records ----------------------------------------------------------------------------------------------


def parse_api_document(path) -> list[ParsedQuestion]:
    """Records of the UK Parliament written questions API: a list, or {"results": [...]}, of records or of
    {"value": record}. DocumentError names the line (and the record) at fault."""
    text = read_document(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(path, error.lineno, f"invalid JSON: {error.msg} (column {error.colno}).") from None
    except RecursionError:
        raise DocumentError(path, 1, "the JSON is nested too deeply to be a list of questions.") from None
    if isinstance(data, dict) and "results" in data:
        records = data["results"]
    else:
        records = data
    if not isinstance(records, list):
        raise DocumentError(path, 1, 'expected a JSON list of questions, or an object with a "results" list.')
    if not records:
        raise DocumentError(path, 1, "there are no questions in the file.")
    lines = [text.count("\n", 0, offset) + 1 for offset in _record_offsets(text)]
    return [
        _api_question(path, item, number, line)
        for number, (item, line) in enumerate(zip(records, lines, strict=True), 1)
    ]


class _ApiRecord:
    """One record of a Written Questions API answer, its fields read with a message naming the record at fault."""

    def __init__(self, path, record: dict, number: int, line: int):
        self.path, self.record, self.line = path, record, line
        self.label = f"record {number}"

    def refuse(self, message: str) -> DocumentError:
        return DocumentError(self.path, self.line, f"{self.label}{message}")

    def text(self, name: str) -> str:
        value = self.record.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.refuse(f": {name} should be text, not {type(value).__name__}.")
        return " ".join(strip_bidi_controls(str(value)).split())

    def member(self, name: str) -> tuple[str, str]:
        """The member's name and party (the API gives an object; older exports give the name alone)."""
        value = self.record.get(name)
        if isinstance(value, dict):
            name, party = (strip_bidi_controls(str(value.get(key) or "")) for key in ("name", "party"))
            return " ".join(name.split()), " ".join(party.split())
        return self.text(name), ""

    def day(self, name: str) -> datetime.date | None:
        value = self.text(name)
        try:
            parsed = parse_date(value) if value else None
        except ValueError:
            parsed = None
        if value and parsed is None:
            raise self.refuse(f": cannot read {name} “{value}” as a date.")
        return parsed

    def grouped_uins(self) -> tuple[str, ...]:
        grouped = self.record.get("groupedQuestions") or []
        if not isinstance(grouped, list):
            raise self.refuse(": groupedQuestions should be a list.")
        uins = []
        for entry in grouped:
            value = entry.get("uin") if isinstance(entry, dict) else entry
            if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
                raise self.refuse(f": groupedQuestions should list UINs, not {entry!r}.")
            uins.append(str(value).strip())
        return tuple(dict.fromkeys(uins))

    def answer(self) -> str:
        answer = self.record.get("answerText") or ""
        if not isinstance(answer, str):
            raise self.refuse(": answerText should be text.")
        return sanitise_html(strip_bidi_controls(answer))


def _api_question(path, item, number: int, line: int) -> ParsedQuestion:
    record = item.get("value") if isinstance(item, dict) and isinstance(item.get("value"), dict) else item
    if not isinstance(record, dict):
        raise DocumentError(path, line, f"record {number} is not a JSON object.")
    fields = _ApiRecord(path, record, number, line)
    question_text = fields.text("questionText")
    if not question_text:
        raise fields.refuse(" has no questionText.")
    uin = fields.text("uin")
    if uin and not slugify(uin):
        raise fields.refuse(f": the uin “{uin}” cannot be used as a key.")
    asking_member, asking_party = fields.member("askingMember")
    house = fields.text("house")
    answer = fields.answer()
    return ParsedQuestion(
        path=str(path),
        line=line,
        label=fields.label,
        question_text=question_text,
        uin=uin,
        house=API_HOUSES.get(house.lower(), house) or house_from(question_text, asking_member),
        asking_member=asking_member,
        asking_member_party=asking_party,
        answering_member=fields.member("answeringMember")[0],
        department=fields.text("answeringBodyName"),
        asked_on=fields.day("dateTabled"),
        answered_on=fields.day("dateAnswered"),
        heading=fields.text("heading"),
        answer_text=answer,
        answer_is_html=bool(answer),
        source_document=Path(path).name,
        grouped_uins=fields.grouped_uins(),
    )


_SPACE = re.compile(r"[ \t\n\r]*")


def _record_offsets(text: str) -> list[int]:
    """Where each item of the top-level list (or of "results") starts in the text, for line numbers."""
    decoder = json.JSONDecoder()

    def skip(index: int) -> int:
        return _SPACE.match(text, index).end()

    start = skip(0)
    if text[start] == "{":
        index, start = skip(start + 1), None
        while text[index] != "}":
            key, index = decoder.raw_decode(text, index)
            index = skip(skip(index) + 1)
            if key == "results":
                start = index
            _, index = decoder.raw_decode(text, index)
            index = skip(index)
            if text[index] == ",":
                index = skip(index + 1)
    offsets = []
    index = skip(start + 1)
    while text[index] != "]":
        offsets.append(index)
        _, index = decoder.raw_decode(text, index)
        index = skip(index)
        if text[index] == ",":
            index = skip(index + 1)
    return offsets


# --- validating and saving ------------------------------------------------------------------------------------


def validate(question: ParsedQuestion) -> None:
    """Lengths the database would refuse, and the source link, checked before anything is saved."""
    for name, value in question.values().items():
        max_length = getattr(WrittenQuestion._meta.get_field(name), "max_length", None)
        if max_length and isinstance(value, str) and len(value) > max_length:
            raise question.error(f"the {name.replace('_', ' ')} is longer than {max_length} characters: “{value}”.")
        try:
            WrittenQuestion._meta.get_field(name).run_validators(value)
        except ValidationError as error:
            raise question.error(f"the {name.replace('_', ' ')}: {' '.join(error.messages)}") from None
    if len(question.uin) > WrittenQuestion._meta.get_field("uin").max_length:
        raise question.error(f"the uin “{question.uin}” is too long.")


def parse_questions(paths, *, format: str = "text", source_url: str = "") -> list[ParsedQuestion]:
    """Read and check every file; raise DocumentError on the first fault, before anything is saved."""
    paths = list(paths)
    if format not in {"text", "api"}:
        raise ValueError(f"unknown format “{format}”: use “text” or “api”.")
    if source_url and (format != "text" or len(paths) != 1):
        raise ValueError("--source-url gives the link of one text document: use it with a single FILE.")
    if format == "text":
        questions = [parse_text_document(path, source_url=source_url) for path in paths]
    else:
        questions = [question for path in paths for question in parse_api_document(path)]
    unique, seen = [], {}
    for question in questions:
        validate(question)
        earlier = seen.get(question.key)
        if earlier is None:
            seen[question.key] = question
            unique.append(question)
            continue
        same = {**earlier.values(), "source_document": ""} == {**question.values(), "source_document": ""}
        if not same or earlier.grouped_uins != question.grouped_uins:
            where = f"{earlier.path}" + (f", {earlier.label}" if earlier.label else "")
            raise question.error(f"the same question ({question.key}) differs from the one in {where}.")
    return unique


def import_questions(paths, *, format: str = "text", source_url: str = "") -> QuestionSummary:
    """Import written questions from files, all or nothing: "text" documents (the seed layouts) or "api" JSON.

    Raises DocumentError (naming file and line) for bad input and ValueError for bad arguments; either way the
    database is unchanged. A second run with the same files changes nothing.
    """
    questions = parse_questions(paths, format=format, source_url=source_url)
    return save_questions(questions)


@transaction.atomic
def save_questions(questions: list[ParsedQuestion]) -> QuestionSummary:
    summary = QuestionSummary()
    outcomes = {}
    rows = []
    for question in questions:
        row, outcome = _save(question)
        rows.append(row)
        outcomes[row.pk] = outcome
    by_uin = {row.uin: row for row in rows if row.uin}
    for question, row in zip(questions, rows, strict=True):
        for uin in question.grouped_uins:
            if uin == row.uin:
                continue
            other = by_uin.get(uin) or WrittenQuestion.objects.filter(uin=uin).first()
            if other is None:
                summary.unknown_grouped.append(f"{uin} (grouped with {row.uin or row.key})")
            elif not row.grouped_with.filter(pk=other.pk).exists():
                row.grouped_with.add(other)
                if outcomes[row.pk] == "unchanged":
                    outcomes[row.pk] = "updated"
    for outcome in outcomes.values():
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    if summary.created or summary.updated:
        announce(Change(kind=ChangeKind.EDIT, summary="Written questions imported"))
    return summary


def _save(question: ParsedQuestion) -> tuple[WrittenQuestion, str]:
    values = question.values()
    row = _existing(question)
    if row is None:
        row = WrittenQuestion.objects.create(key=question.key, **values)
        return row, "created"
    if question.uin and not row.uin:
        values["key"] = question.key
    return row, "updated" if update_changed(row, values) else "unchanged"


def _existing(question: ParsedQuestion) -> WrittenQuestion | None:
    """The row for this question: by key, or else the one row with the very same words, when nothing says
    they differ (a page copied from the web gives no UIN; the API does)."""
    row = WrittenQuestion.objects.filter(key=question.key).first()
    if row is not None:
        return row
    candidates = list(WrittenQuestion.objects.filter(question_text=question.question_text)[:2])
    if len(candidates) != 1:
        return None
    row = candidates[0]
    if question.uin and row.uin:
        return None
    if question.asking_member and row.asking_member and question.asking_member != row.asking_member:
        return None
    return row
