"""Import a government response document (the text layout of the SEND response) into the tracker.

`parse_response` reads the text into plain dataclasses and validates everything; `import_response` then saves it
all in one transaction, finding records by their natural keys, so that a second run changes nothing.

The layout: front matter (committee, titles, dates), an "Introduction", then numbered recommendations ("12. ...
(Paragraph 34)"), each group of them followed by the replies to it. A reply block covers its whole group unless
it is divided by headings: "Paragraph N: <the words of a recommendation>" goes to the recommendation it quotes
(the number decides only when the words do not), and "Response from <body>: paragraph N" is a reply from that
body. A heading with nothing under it gives no reply.

Choices worth knowing:
- Paragraph references are stored as printed, one string per paragraph: "(Paragraphs 12 and 13)" gives
  ["12", "13"]; a range is expanded only when both ends are whole numbers ("4–6" gives ["4", "5", "6"], while
  "3.25–3.27" stays ["3.25–3.27"]).
- Whole-number items must run 1, 2, 3, ...; dotted items ("8.12") must increase.
- Every numbered paragraph after the front matter is a recommendation.
- A recommendation with no reply of its own but whose group was answered (or which a heading acknowledges
  without text) is suggested "noted"; one whose group has no reply at all stays "awaiting response", with no
  status entry.
- Kind and bodies addressed are the importer's reading of the words: set when a recommendation is created and
  again only when its words change, so an editor's correction survives a re-import.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from recommendations.changes import Change, ChangeKind, announce
from recommendations.commitments import propose_commitments
from recommendations.models import Body, Committee, Recommendation, Reply, Report, Review, Status
from recommendations.services import StatusChangeRefused, announce_reply, record_status

from . import rules
from .common import DocumentError, Paragraph, Summary, join_page_breaks, read_document, split_paragraphs

NOTE = "Suggested by the importer from the government response."

RECOMMENDATION_START = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)\.\s+(?P<text>\S.*)$", re.DOTALL)
REFERENCE = re.compile(r"\s*\(\s*(?:paragraphs?|paras?\.?)\s+(?P<refs>[^()]+?)\s*\)[.;]?\s*$", re.IGNORECASE)
REFERENCE_ONLY = re.compile(r"\(\s*(?:paragraphs?|paras?\.?)\s+[^()]+\)[.;]?", re.IGNORECASE)
_NUMBERS = r"\d+(?:\.\d+)*(?:\s*(?:,|and|&|–|-|to)\s*\d+(?:\.\d+)*)*"
PARAGRAPH_HEADING = re.compile(
    rf"^(?P<label>Paragraphs?|Recommendations?)\s+(?P<numbers>{_NUMBERS})\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
# A line of its own: "Response from Ofsted: paragraph 42", or just "Response from Ofsted".
RESPONSE_HEADING = re.compile(
    rf"^Response from (?P<responder>[^:.?!]{{2,100}}?)(?:\s*:\s*(?i:paragraphs?)\s+(?P<numbers>{_NUMBERS}))?\s*:?\s*$"
)
# Where a heading's words run on into the first sentence of the reply: "... of the reforms We do not accept ...".
REPLY_STARTS = re.compile(r"(?<=[a-z0-9)])\s+(?=(?:We|Our|The Government|The Department|This|These|It|However)\b)")
DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"


@dataclass
class FrontMatter:
    house: str = ""
    committee: str = ""
    response_title: str = ""
    response_session: str = ""
    printed_on: datetime.date | None = None
    title: str = ""
    hc_number: str = ""
    session: str = ""
    report_number: str = ""
    published_on: datetime.date | None = None
    received_on: datetime.date | None = None
    introduction: str = ""


@dataclass
class ParsedRecommendation:
    line: int
    number: str
    position: int
    paragraphs: list[str]
    text: str
    kind: str = ""
    bodies: list[rules.BodyName] = field(default_factory=list)
    suggestion: rules.Suggestion | None = None


@dataclass
class ParsedReply:
    line: int
    position: int
    responder: str  # a rules.BODIES slug, or the name as printed for a body not in that list
    heading: str
    text: str
    numbers: list[str]  # the recommendations it covers


@dataclass
class ParsedResponse:
    path: str
    front: FrontMatter
    recommendations: list[ParsedRecommendation]
    replies: list[ParsedReply]
    review_announced: dict[str, str] = field(default_factory=dict)  # review name → "September 2019"


@dataclass
class _Group:
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)


def _first_line(paragraph: Paragraph) -> str:
    return Paragraph(paragraph.line, paragraph.lines[:1]).text.strip()


def _is_heading(paragraph: Paragraph) -> bool:
    line = _first_line(paragraph)
    return bool(PARAGRAPH_HEADING.match(line) or RESPONSE_HEADING.match(line))


def _starts_block(paragraph: Paragraph) -> bool:
    return _is_heading(paragraph) or bool(RECOMMENDATION_START.match(paragraph.text))


def paragraph_numbers(refs: str) -> list[str] | None:
    """ "12 and 13" → ["12", "13"]; "4–6" → ["4", "5", "6"]; "3.25" → ["3.25"]; None if unreadable."""
    numbers = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", refs.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)*[a-z]?)(?:\s*(?:–|-|to)\s*(\d+(?:\.\d+)*[a-z]?))?", part)
        if not match:
            return None
        first, last = match.groups()
        if last is None:
            numbers.append(first)
        elif first.isdigit() and last.isdigit() and int(first) < int(last) <= int(first) + 50:
            numbers.extend(str(n) for n in range(int(first), int(last) + 1))
        else:
            numbers.append(f"{first}–{last}")
    return numbers or None


def _date(path, line: int, text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        raise DocumentError(path, line, f"cannot read the date “{text}”.") from None


def parse_front_matter(path, paragraphs: list[Paragraph]) -> FrontMatter:
    """The fields the front matter gives; those it does not give stay empty."""
    front = FrontMatter()
    intro_at = None
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        for line in (Paragraph(paragraph.line, [raw]).text.strip() for raw in paragraph.lines):
            if not front.house and re.fullmatch(r"House of (?:Commons|Lords)", line):
                front.house = line
            elif not front.committee and re.fullmatch(r"(?:The )?[A-Z][\w ,&'’-]* Committee", line):
                front.committee = re.sub(r"^The ", "", line)
            elif not front.response_title and re.match(r"(?!Appendix\b).*\bGovernment Response to\b", line):
                front.response_title = line
        if match := re.fullmatch(r"\w+ Special Report of Session\s+(?P<session>\S+)", text):
            front.response_session = match["session"]
        if match := re.search(rf"[Oo]rdered by the House of \w+\s+to be printed (?:on )?(?P<date>{DATE})", text):
            front.printed_on = _date(path, paragraph.line, match["date"])
        published = re.search(
            rf"On (?P<date>{DATE}),? the (?P<committee>.+?) published its (?P<number>\w+ Report) of Session "
            r"(?P<session>[\d–-]+),? (?P<title>.+?) \((?P<hc>HC [^)]+)\)",
            text,
        )
        if published:
            front.published_on = _date(path, paragraph.line, published["date"])
            front.committee = front.committee or published["committee"]
            front.report_number, front.session = published["number"], published["session"]
            front.title, front.hc_number = published["title"].strip(), published["hc"]
        if match := re.search(rf"response was received on (?P<date>{DATE})", text):
            front.received_on = _date(path, paragraph.line, match["date"])
        if intro_at is None and text.lower() == "introduction":
            intro_at = index
    if intro_at is not None:
        front.introduction = "\n\n".join(p.text.strip() for p in paragraphs[intro_at + 1 :])
    return front


def _match_heading(path, paragraph, label, numbers, title, group) -> list[ParsedRecommendation]:
    if label.lower().startswith("recommendation"):
        matched = [r for r in group if r.number in numbers]
    elif title and (quoted := rules.quoted(title, [r.text for r in group])) is not None:
        matched = [group[quoted]]
    else:
        matched = [r for r in group if set(numbers) & set(r.paragraphs)]
    if not matched:
        covered = ", ".join(r.number for r in group)
        raise DocumentError(
            path,
            paragraph.line,
            f"the reply heading “{_first_line(paragraph)}” matches no recommendation of the group it follows "
            f"({covered}): none cites that paragraph or starts with those words.",
        )
    return matched


def _group_replies(path, group: _Group, replies: list[ParsedReply], acknowledged: dict[str, str]) -> None:
    """Split a group's reply paragraphs into replies, appended to `replies`."""
    segments: list[tuple[Paragraph, str, str, list[ParsedRecommendation], list[str]]] = []
    everyone = group.recommendations
    for paragraph in group.paragraphs:
        line = _first_line(paragraph)
        rest_of_paragraph = Paragraph(paragraph.line, paragraph.lines[1:]).text.strip() if paragraph.lines[1:] else ""
        if match := PARAGRAPH_HEADING.match(line):
            split = REPLY_STARTS.search(match["rest"])
            title = match["rest"][: split.start()] if split else match["rest"]
            first_text = (match["rest"][split.end() :] if split else "").strip()
            numbers = paragraph_numbers(match["numbers"]) or []
            covered = _match_heading(path, paragraph, match["label"], numbers, title.strip(), everyone)
            heading = line[: len(line) - len(match["rest"])] + title.strip()
            texts = [t for t in (first_text, rest_of_paragraph) if t]
            segments.append((paragraph, rules.GOVERNMENT.slug, heading.strip(), covered, texts))
        elif match := RESPONSE_HEADING.match(line):
            body = rules.find_body(match["responder"])
            responder = body.slug if body else re.sub(r"^the\s+", "", match["responder"].strip(), flags=re.I)
            numbers = paragraph_numbers(match["numbers"]) if match["numbers"] else None
            covered = _match_heading(path, paragraph, "paragraph", numbers, "", everyone) if numbers else everyone
            segments.append((paragraph, responder, line, covered, [rest_of_paragraph] if rest_of_paragraph else []))
        elif segments:
            segments[-1][4].append(paragraph.text.strip())
        else:
            segments.append((paragraph, rules.GOVERNMENT.slug, "", everyone, [paragraph.text.strip()]))
    for paragraph, responder, heading, covered, texts in segments:
        if not texts:
            for recommendation in covered:
                acknowledged.setdefault(recommendation.number, heading)
            continue
        if len(heading) > 500:
            raise DocumentError(path, paragraph.line, "the reply heading is longer than 500 characters.")
        numbers = [r.number for r in covered]
        replies.append(ParsedReply(paragraph.line, len(replies) + 1, responder, heading, "\n\n".join(texts), numbers))


def _read_recommendation(path, paragraphs: list[Paragraph], index: int, position: int):
    """The recommendation starting at paragraphs[index], and the index after it."""
    paragraph = paragraphs[index]
    match = RECOMMENDATION_START.match(paragraph.text)
    text, index = match["text"].strip(), index + 1
    # Liberal: a reference alone after a blank line, or a list the item introduces, still belongs to it.
    while not REFERENCE.search(text) and index < len(paragraphs) and not _starts_block(paragraphs[index]):
        following = paragraphs[index].text.strip()
        if REFERENCE_ONLY.fullmatch(following):
            text += " " + following
        elif text.endswith(":") or following.startswith(("- ", "• ")):
            text += "\n" + following
        else:
            break
        index += 1
    reference = REFERENCE.search(text)
    if not reference:
        raise DocumentError(
            path,
            paragraph.line,
            f"recommendation {match['number']} has no paragraph reference such as “(Paragraph 17)” at its end.",
        )
    numbers = paragraph_numbers(reference["refs"])
    if numbers is None:
        raise DocumentError(path, paragraph.line, f"cannot read the paragraph reference “{reference.group().strip()}”.")
    body = text[: reference.start()].strip()
    recommendation = ParsedRecommendation(paragraph.line, match["number"], position, numbers, body)
    return recommendation, index


def _check_sequence(path, recommendations: list[ParsedRecommendation]) -> None:
    seen: dict[str, int] = {}
    previous = None
    for recommendation in recommendations:
        number, line = recommendation.number, recommendation.line
        if number in seen:
            raise DocumentError(
                path, line, f"recommendation number {number} appears twice (first at line {seen[number]})."
            )
        seen[number] = line
        parts = tuple(int(part) for part in number.split("."))
        if len(parts) == 1:
            expected = (previous[0] + 1,) if previous else (1,)
            if parts != expected:
                raise DocumentError(path, line, f"recommendation {number} is out of sequence: expected {expected[0]}.")
        elif previous and parts <= previous:
            after = ".".join(map(str, previous))
            raise DocumentError(path, line, f"recommendation {number} is out of sequence: it comes after {after}.")
        previous = parts


def _suggest(recommendation, replies, acknowledged, answered_groups) -> rules.Suggestion | None:
    own = [reply.text for reply in replies if recommendation.number in reply.numbers]
    if own:
        return rules.suggest_status("\n\n".join(own), kind=recommendation.kind)
    if recommendation.number in acknowledged:
        return rules.Suggestion(Status.NOTED, None, acknowledged[recommendation.number])
    if recommendation.number in answered_groups:
        return rules.Suggestion(Status.NOTED, None, answered_groups[recommendation.number])
    return None


def parse_response(text: str, path) -> ParsedResponse:
    """Read and validate a response document's text; DocumentError names the line at fault."""
    paragraphs = join_page_breaks(split_paragraphs(text), is_heading=_is_heading, starts_block=_starts_block)
    start = next((i for i, p in enumerate(paragraphs) if RECOMMENDATION_START.match(p.text)), None)
    if start is None:
        raise DocumentError(path, 1, "no numbered recommendations found (paragraphs like “1. ... (Paragraph 17)”).")
    front = parse_front_matter(path, paragraphs[:start])

    groups: list[_Group] = []
    recommendations: list[ParsedRecommendation] = []
    index = start
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if RECOMMENDATION_START.match(paragraph.text):
            if not groups or groups[-1].paragraphs:
                groups.append(_Group())
            recommendation, index = _read_recommendation(path, paragraphs, index, len(recommendations) + 1)
            if len(recommendation.number) > 20:
                raise DocumentError(path, paragraph.line, "the recommendation number is too long.")
            recommendation.kind = rules.kind(recommendation.text)
            recommendation.bodies = rules.bodies_addressed(recommendation.text)
            groups[-1].recommendations.append(recommendation)
            recommendations.append(recommendation)
        else:
            groups[-1].paragraphs.append(paragraph)
            index += 1
    _check_sequence(path, recommendations)

    replies: list[ParsedReply] = []
    acknowledged: dict[str, str] = {}
    answered_groups: dict[str, str] = {}
    for group in groups:
        before = len(replies)
        _group_replies(path, group, replies, acknowledged)
        if len(replies) > before:
            evidence = "; ".join(r.heading or r.text.split("\n")[0] for r in replies[before:])
            answered_groups.update((r.number, evidence) for r in group.recommendations)
    for recommendation in recommendations:
        recommendation.suggestion = _suggest(recommendation, replies, acknowledged, answered_groups)

    announced = {}
    for match in re.finditer(r"\b[Ii]n ([A-Z][a-z]+ \d{4}),? we announced (?:a|the) ([^.]*?\breview\b[^.]*)", text):
        for recommendation in recommendations:
            review = recommendation.suggestion.review if recommendation.suggestion else None
            if review and review.split()[0] in match[2]:
                announced.setdefault(review, match[1])
    return ParsedResponse(str(path), front, recommendations, replies, announced)


@dataclass
class ImportResult:
    path: str
    report: str  # the report's slug
    report_state: str  # "created", "updated" or "unchanged"
    recommendations: Summary
    replies: Summary
    replies_deleted: int = 0
    statuses_recorded: int = 0

    @property
    def changed(self) -> bool:
        return (
            self.report_state != "unchanged"
            or self.recommendations.changed
            or self.replies.changed
            or bool(self.replies_deleted or self.statuses_recorded)
        )

    def __str__(self):
        deleted = f", deleted {self.replies_deleted}" if self.replies_deleted else ""
        return (
            f"{Path(self.path).name}: report {self.report} {self.report_state}; "
            f"recommendations: {self.recommendations}; replies: {self.replies}{deleted}; "
            f"suggested statuses recorded: {self.statuses_recorded}." + ("" if self.changed else " Nothing changed.")
        )


def import_response(
    path,
    *,
    source_url: str = "",
    report_slug: str = "",
    title: str = "",
    committee: str = "",
    response_date: datetime.date | None = None,
    stdout=None,
) -> ImportResult:
    """Import a response document; a second run changes nothing. Raises DocumentError, changing nothing.

    The options stand in for front matter a document lacks (or correct it): the report's slug and title, the
    committee's name, and the date the response took effect (otherwise the date it was received or printed).
    """
    parsed = parse_response(read_document(path), path)
    front = parsed.front
    if source_url:
        try:
            URLValidator()(source_url)
        except ValidationError:
            raise DocumentError(path, None, f"the source URL “{source_url}” is not a web address.") from None
    title = title or front.title
    slug = report_slug or slugify(title)[:200]
    if not slug:
        raise DocumentError(
            path, 1, "the front matter does not give the report's title; give --title (and --report-slug)."
        )
    effective_on = response_date or front.received_on or front.printed_on
    if effective_on is None and any(r.suggestion for r in parsed.recommendations):
        raise DocumentError(
            path, 1, "the front matter does not say when the response was received; give --response-date YYYY-MM-DD."
        )
    result = _save(
        parsed,
        slug=slug,
        title=title,
        committee=committee or front.committee,
        effective_on=effective_on,
        source_url=source_url,
    )
    proposed = propose_commitments(Report.objects.get(slug=slug))
    if stdout is not None:
        stdout.write(f"{result}\nCommitments proposed for editors to check: {proposed}.\n")
    return result


def _changed_fields(instance, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def _body(slug_or_name: str, cache: dict) -> Body:
    """The Body for a rules.BODIES slug, or for the name of a body not in that list; created if need be."""
    if slug_or_name not in cache:
        known = rules.BY_SLUG.get(slug_or_name)
        name, short, slug = (
            (known.name, known.short_name, known.slug) if known else (slug_or_name, "", slugify(slug_or_name)[:100])
        )
        body = Body.objects.filter(slug=slug).first() or Body.objects.filter(name=name).first()
        cache[slug_or_name] = body or Body.objects.create(name=name, short_name=short, slug=slug)
    return cache[slug_or_name]


def _announce_import(report: Report, created: list[int], replied: set[int]) -> None:
    """New recommendations, and replies new or changed for ones already there: alerts (see changes.announce)."""
    if created:
        summary = f"{len(created)} new recommendation{'s' if len(created) > 1 else ''} in “{report.title}”"
        announce(
            Change(
                kind=ChangeKind.NEW_RECOMMENDATION,
                recommendation_ids=tuple(created),
                report_id=report.pk,
                summary=summary,
            )
        )
    if replied:
        summary = f"The government's reply was added or changed in “{report.title}”"
        announce_reply(report_id=report.pk, recommendation_ids=replied, summary=summary)


@transaction.atomic
def _save(parsed: ParsedResponse, *, slug, title, committee, effective_on, source_url) -> ImportResult:
    path, front = parsed.path, parsed.front
    report = Report.objects.filter(slug=slug).first()
    values = {
        "title": title,
        "hc_number": front.hc_number,
        "session": front.session,
        "report_number": front.report_number,
        "published_on": front.published_on,
        "response_title": front.response_title,
        "response_session": front.response_session,
        "response_received_on": front.received_on,
        "response_printed_on": front.printed_on,
        "response_introduction": front.introduction,
        "response_url": source_url,
        "source_document": Path(path).name[:200],
    }
    # What the document does not give is left as it is.
    values = {name: value for name, value in values.items() if value}
    if committee:
        house = front.house or "House of Commons"
        values["committee"] = Committee.objects.filter(house=house, name=committee).first()
        if values["committee"] is None:
            taken = Committee.objects.filter(slug=slugify(committee)).exists()
            committee_slug = slugify(f"{house} {committee}" if taken else committee)[:200]
            values["committee"] = Committee.objects.create(house=house, name=committee, slug=committee_slug)
    if report is None:
        if "title" not in values or "committee" not in values:
            raise DocumentError(
                path,
                1,
                f"there is no report “{slug}” yet and the front matter does not give its title and "
                "committee; give --title and --committee.",
            )
        report, report_state = Report.objects.create(slug=slug, **values), "created"
    elif changed := _changed_fields(report, values):
        for name in changed:
            setattr(report, name, values[name])
        report.save(update_fields=changed)
        report_state = "updated"
    else:
        report_state = "unchanged"

    bodies: dict[str, Body] = {}
    existing = {r.number: r for r in report.recommendations.prefetch_related("addressed_to")}
    missing = sorted(set(existing) - {r.number for r in parsed.recommendations}, key=lambda n: existing[n].position)
    if missing:
        raise DocumentError(
            path,
            None,
            f"recommendation(s) {', '.join(missing)} of report “{slug}” are not in this document; "
            "nothing was imported. Remove them in the admin first if they really are gone.",
        )
    positions = {item.number: item.position for item in parsed.recommendations}
    moving = [r.pk for r in existing.values() if r.position != positions[r.number]]
    # Out of the way first, so that no two recommendations ever share a position.
    Recommendation.objects.filter(pk__in=moving).update(position=F("position") + 100_000)

    summary, saved, created, replied = Summary(), {}, [], set()
    for item in parsed.recommendations:
        record = existing.get(item.number)
        facts = {"position": item.position, "paragraphs": item.paragraphs, "text": item.text}
        readings = {"kind": item.kind}
        addressed = [_body(body.slug, bodies) for body in item.bodies]
        if record is None:
            record = Recommendation.objects.create(report=report, number=item.number, **facts, **readings)
            record.addressed_to.set(addressed)
            summary.created += 1
            created.append(record.pk)
        else:
            changed = _changed_fields(record, facts)
            if record.text != item.text:
                changed += _changed_fields(record, readings)
                record.addressed_to.set(addressed)
            if changed:
                Recommendation.objects.filter(pk=record.pk).update(
                    **{name: {**facts, **readings}[name] for name in changed}, version=F("version") + 1
                )
                summary.updated += 1
            else:
                summary.unchanged += 1
        saved[item.number] = record

    reply_summary = Summary()
    existing_replies = {r.position: r for r in report.replies.prefetch_related("recommendations")}
    for item in parsed.replies:
        values = {"responder": _body(item.responder, bodies), "heading": item.heading, "text": item.text}
        covered = {saved[number].pk for number in item.numbers}
        reply = existing_replies.get(item.position)
        if reply is None:
            reply = Reply.objects.create(report=report, position=item.position, **values)
            reply.recommendations.set(covered)
            reply_summary.created += 1
            replied |= covered
            continue
        changed = _changed_fields(reply, values)
        if changed:
            for name in changed:
                setattr(reply, name, values[name])
            reply.save(update_fields=changed)
        if {r.pk for r in reply.recommendations.all()} != covered:
            reply.recommendations.set(covered)
            changed.append("recommendations")
        if changed:
            reply_summary.updated += 1
            replied |= covered
        else:
            reply_summary.unchanged += 1
    gone = report.replies.filter(position__gt=len(parsed.replies))
    deleted = gone.count()
    gone.delete()

    _announce_import(report, created, replied - set(created))
    recorded = 0
    with_history = set(report.recommendations.filter(status_entries__isnull=False).values_list("number", flat=True))
    for item in parsed.recommendations:
        if item.suggestion is None or item.number in with_history:
            continue
        review = None
        if item.suggestion.review:
            name = item.suggestion.review
            review = Review.objects.filter(name=name).first() or Review.objects.create(
                name=name, slug=slugify(name)[:100], announced=parsed.review_announced.get(name, "")
            )
        try:
            record_status(
                recommendation=saved[item.number],
                status=item.suggestion.status,
                review=review,
                effective_on=effective_on,
                note=NOTE,
                evidence=item.suggestion.evidence,
                source_url=source_url,
                recorded_by_import=True,
            )
        except StatusChangeRefused as error:
            raise DocumentError(path, item.line, f"recommendation {item.number}: {error}") from None
        recorded += 1
    announce(
        Change(kind=ChangeKind.EDIT, report_id=report.pk, summary="Response imported", source=f"report:{report.pk}")
    )
    return ImportResult(path, slug, report_state, summary, reply_summary, deleted, recorded)
