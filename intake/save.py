"""The last stage: a draft → the database, in one transaction, found by natural keys so that a second save of
the same draft changes nothing. Used by `import_response` and by the admin's Publish.

- The report by its slug (its committee by house and name), replies by position, recommendations by number, or
  by their words where the document numbers them otherwise (intake.pairing): a saved recommendation keeps its
  number, and so its address. A response saved after the committee's report (imported first, awaiting the
  response) pairs with the report's recommendations so, and the report's words and order stand (a response
  quotes them; it does not correct them).
- A committee report's draft has no replies: it leaves any saved replies as they are, and its link is the
  report's own. Its cover (title, numbers, session, publication date) stands when the response comes.
- Kind and bodies addressed are the rules' reading of the words: set when a recommendation is created and again
  only when its words change, so an editor's correction of them survives.
- An editor's correction of a recommendation's text or paragraphs, or of a reply's heading or text, survives a
  re-import: each row keeps what the last import wrote (`imported`), and the document only overwrites a value the
  editor has not changed. Where the document changed a value the editor also changed, that is a conflict: the
  editor's value is kept (and reported) unless the caller's `choices` say to take the document's (the review page
  shows both for the editor to choose).
- Suggested statuses are recorded only for recommendations with no status history, so an editor's later entries
  are never touched.
Every change is announced (recommendations.changes) inside the transaction.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from intake.common import DocumentError, Summary, changed_fields, update_changed
from intake.rules.commitments import propose_commitments
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import Body, Committee, Recommendation, Reply, Report, Review
from recommendations.services.history import ChangeRefused
from recommendations.services.status import announce_reply, record_status

from .checks import check_draft
from .draft import ERROR, DraftRecommendation, DraftResponse
from .pairing import FROM_REPORT, keeps_report_words, pair
from .rules import tables

NOTE = "Suggested by the importer from the government response."
DOCUMENT, EDITOR = "document", "editor"
COVER = ("title", "hc_number", "session", "report_number", "published_on")  # what a report's cover gives


@dataclass
class SaveOptions:
    """Where and how a draft is saved: what the document does not say, or what the caller corrects."""

    slug: str
    title: str
    committee: str
    effective_on: object  # datetime.date | None: the date of the suggested statuses
    source_url: str = ""
    source_document: str = ""
    choices: dict[str, str] = field(default_factory=dict)  # conflict key → DOCUMENT or EDITOR


@dataclass
class Conflict:
    key: str  # "recommendation:12:text", "reply:3:heading"
    label: str  # "recommendation 12, text"
    editor_value: object
    document_value: object


@dataclass
class ImportResult:
    path: str
    report: str  # the report's slug
    report_state: str  # "created", "updated" or "unchanged"
    recommendations: Summary
    replies: Summary
    replies_deleted: int = 0
    statuses_recorded: int = 0
    conflicts: list[Conflict] = field(default_factory=list)  # kept the editor's value
    commitments_proposed: int = 0

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
        kept = "".join(
            f"\nKept the editor's correction of {c.label}; the document changed it too (review it in the admin)."
            for c in self.conflicts
        )
        return (
            f"{Path(self.path).name}: report {self.report} {self.report_state}; "
            f"recommendations: {self.recommendations}; replies: {self.replies}{deleted}; "
            f"suggested statuses recorded: {self.statuses_recorded}."
            + ("" if self.changed else " Nothing changed.")
            + f"\nCommitments proposed for editors to check: {self.commitments_proposed}."
            + kept
        )


# --- Editors' corrections ----------------------------------------------------------------------------------


def merge(record, name: str, item, choice: str | None):
    """(value to keep, value to remember as imported, whether it is an unresolved conflict)."""
    if name in item.as_read:  # corrected in the review: the editor's value, the document's words remembered
        return getattr(item, name), item.as_read[name], False
    document_value = getattr(item, name)
    current = getattr(record, name)
    imported = record.imported.get(name, current)  # rows imported before this was kept: no correction known
    if current == imported or document_value == current or choice == DOCUMENT:
        return document_value, document_value, False
    if document_value == imported:
        return current, imported, False  # only the editor changed it
    if choice == EDITOR:
        return current, document_value, False
    return current, imported, True


def conflicts(draft: DraftResponse, slug: str) -> list[Conflict]:
    """Where the draft and an editor's correction of the saved report disagree (nothing is written)."""
    report = Report.objects.filter(slug=slug).first()
    if report is None:
        return []
    found = []
    records = pair(draft, report).records
    for item in draft.recommendations:
        if (record := records.get(item.number)) and not keeps_report_words(record, draft):
            for name in ("text", "paragraphs"):
                found += _conflict(record, name, item, f"recommendation:{item.number}:{name}",
                                   f"recommendation {item.number}, {name}")  # fmt: skip
    replies = {r.position: r for r in report.replies.all()}
    for position, item in enumerate(draft.replies, start=1):
        if reply := replies.get(position):
            for name in ("heading", "text"):
                found += _conflict(reply, name, item, f"reply:{position}:{name}",
                                   f"reply {position}, {name}")  # fmt: skip
    return found


def _as_read(item, *names: str) -> dict:
    """The document's own words for these fields of a draft item (before any correction in the review)."""
    return {name: item.as_read.get(name, getattr(item, name)) for name in names}


def _conflict(record, name, item, key, label) -> list[Conflict]:
    _, _, conflict = merge(record, name, item, None)
    return [Conflict(key, label, getattr(record, name), getattr(item, name))] if conflict else []


# --- The save ---------------------------------------------------------------------------------------------


@transaction.atomic
def save(draft: DraftResponse, target: SaveOptions) -> ImportResult:
    check_draft(draft, target)  # before anything is written
    report, report_state = _save_report(draft, target)
    bodies = _Bodies()
    saved, summary, found = _save_recommendations(report, draft, target, bodies)
    reply_summary, deleted, changed_replies, reply_conflicts = _save_replies(report, draft, target, saved, bodies)
    recorded = _record_suggested_statuses(report, draft, saved, target)
    _announce(report, summary, changed_replies)
    proposed = propose_commitments(report)  # the promises in the saved replies, for editors to check
    return ImportResult(
        draft.path, report.slug, report_state, summary.summary, reply_summary, deleted, recorded,
        found + reply_conflicts, proposed,
    )  # fmt: skip


def _committee(house: str, name: str) -> Committee:
    committee = Committee.objects.filter(house=house, name=name).first()
    if committee is None:
        taken = Committee.objects.filter(slug=slugify(name)).exists()
        slug = slugify(f"{house} {name}" if taken else name)[:200]
        committee = Committee.objects.create(house=house, name=name, slug=slug)
    return committee


def _save_report(draft: DraftResponse, target: SaveOptions) -> tuple[Report, str]:
    front = draft.front
    values = {
        "title": target.title,
        "hc_number": front.hc_number,
        "session": front.session,
        "report_number": front.report_number,
        "published_on": front.published_on,
        "response_title": front.response_title,
        "response_session": front.response_session,
        "response_received_on": front.received_on,
        "response_printed_on": front.printed_on,
        "response_introduction": front.introduction,
        "response_url": target.source_url,
        "source_document": target.source_document[:200],
    }
    if draft.committee_report:  # the link and the file are the report's own, not a response's
        values.update(url=values.pop("response_url"), source_document="")
    # What the document does not give is left as it is.
    values = {name: value for name, value in values.items() if value}
    if target.committee:
        values["committee"] = _committee(front.house or "House of Commons", target.committee)
    report = Report.objects.filter(slug=target.slug).first()
    if report is not None and not draft.committee_report and _has_report_words(report):
        # The report's own cover, imported with its recommendations, stands: a response fills only what it left empty.
        values = {name: value for name, value in values.items() if name not in COVER or not getattr(report, name)}
    if report is None:
        if "title" not in values or "committee" not in values:
            raise DocumentError(
                draft.path,
                1,
                f"there is no report “{target.slug}” yet and the front matter does not give its title and "
                "committee; give --title and --committee.",
            )
        return Report.objects.create(slug=target.slug, **values), "created"
    return report, "updated" if update_changed(report, values) else "unchanged"


def _has_report_words(report: Report) -> bool:
    return report.recommendations.filter(imported__source=FROM_REPORT).exists()


class _Bodies:
    """The Body for a tables.BODIES slug, or for the name of a body not in that list; created if need be."""

    def __init__(self):
        self.found: dict[str, Body] = {}

    def __call__(self, slug_or_name: str) -> Body:
        if slug_or_name not in self.found:
            known = tables.BY_SLUG.get(slug_or_name)
            name, short, slug = (
                (known.name, known.short_name, known.slug) if known else (slug_or_name, "", slugify(slug_or_name)[:100])
            )
            body = Body.objects.filter(slug=slug).first() or Body.objects.filter(name=name).first()
            self.found[slug_or_name] = body or Body.objects.create(name=name, short_name=short, slug=slug)
        return self.found[slug_or_name]


@dataclass
class _Saved:
    summary: Summary = field(default_factory=Summary)
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)


def _positions(draft: DraftResponse, records: dict[str, Recommendation]) -> dict[str, int]:
    """Each draft recommendation's position: its place in the document, except where a response pairs with a
    report's recommendations: then the report's order stands, and a new one comes after them."""
    in_document = {item.number: position for position, item in enumerate(draft.recommendations, start=1)}
    if not any(keeps_report_words(record, draft) for record in records.values()):
        return in_document
    last = max(record.position for record in records.values())
    new = [item.number for item in draft.recommendations if item.number not in records]
    return {**{number: record.position for number, record in records.items()},
            **{number: last + i for i, number in enumerate(new, start=1)}}  # fmt: skip


def _make_room(report: Report, draft: DraftResponse) -> tuple[dict[str, Recommendation], dict[str, int]]:
    """The report's recommendations by the draft's numbers (`pair`), moved out of the way of the positions the
    draft gives them, and those positions."""
    pairing = pair(draft, report)
    errors = [doubt for _, doubt in pairing.doubts if doubt.level == ERROR]
    if errors:
        raise DocumentError(draft.path, errors[0].line, errors[0].message)
    paired = {record.pk for record in pairing.records.values()}
    missing = [record.number for record in pairing.saved if record.pk not in paired]
    if missing:
        raise DocumentError(
            draft.path,
            None,
            f"recommendation(s) {', '.join(missing)} of report “{report.slug}” are not in this document; "
            "nothing was imported. Remove them in the admin first if they really are gone.",
        )
    positions = _positions(draft, pairing.records)
    moving = [r.pk for number, r in pairing.records.items() if r.position != positions[number]]
    # Out of the way first, so that no two recommendations ever share a position.
    Recommendation.objects.filter(pk__in=moving).update(position=F("position") + 100_000)
    return pairing.records, positions


def _save_recommendations(report, draft, target, bodies) -> tuple[dict[str, Recommendation], _Saved, list]:
    existing, positions = _make_room(report, draft)
    saved, records, found = _Saved(), {}, []
    for item in draft.recommendations:
        record, position = existing.get(item.number), positions[item.number]
        if record is None:
            record = _create_recommendation(report, item, position, bodies, draft.committee_report)
            saved.summary.created += 1
            saved.created.append(record.pk)
        elif _update_recommendation(record, item, position, target, bodies, found, draft):
            saved.summary.updated += 1
            saved.updated.append(record.pk)
        else:
            saved.summary.unchanged += 1
        records[item.number] = record
    return records, saved, found


def _create_recommendation(report, item: DraftRecommendation, position: int, bodies, from_report) -> Recommendation:
    record = Recommendation.objects.create(
        report=report,
        number=item.number,
        position=position,
        paragraphs=item.paragraphs,
        text=item.text,
        kind=item.kind,
        imported={
            "text": item.as_read.get("text", item.text),
            "paragraphs": item.as_read.get("paragraphs", item.paragraphs),
            **({"source": FROM_REPORT} if from_report else {}),
        },
    )
    record.addressed_to.set([bodies(slug) for slug in item.bodies])
    return record


def _update_recommendation(record, item: DraftRecommendation, position, target, bodies, found, draft) -> bool:
    """Bring a saved recommendation up to the draft, keeping an editor's corrections (and a report's words when
    the draft is a response); whether it changed."""
    values, imported = {"position": position}, dict(record.imported)
    if draft.committee_report:
        imported["source"] = FROM_REPORT
    for name in () if keeps_report_words(record, draft) else ("text", "paragraphs"):
        key = f"recommendation:{item.number}:{name}"
        values[name], imported[name], conflict = merge(record, name, item, target.choices.get(key))
        if conflict:
            label = f"recommendation {item.number}, {name}"
            found.append(Conflict(key, label, getattr(record, name), getattr(item, name)))
    values["imported"] = imported
    if values.get("text", record.text) != record.text:
        values["kind"] = item.kind
        record.addressed_to.set([bodies(slug) for slug in item.bodies])
    changed = changed_fields(record, values)
    public = [name for name in changed if name != "imported"]
    bump = {"version": F("version") + 1} if public else {}
    if changed:
        Recommendation.objects.filter(pk=record.pk).update(**{name: values[name] for name in changed}, **bump)
    return bool(public)


def _save_replies(report, draft, target, saved, bodies):
    """Replies by position: (summary, number deleted, ids of the recommendations whose replies changed, conflicts).
    A committee report's draft has none of its own, and leaves the saved ones alone."""
    summary, touched, found = Summary(), set(), []
    if draft.committee_report:
        return summary, 0, touched, found
    existing = {r.position: r for r in report.replies.prefetch_related("recommendations")}
    for position, item in enumerate(draft.replies, start=1):
        covered = {saved[number].pk for number in item.numbers}
        values = {"responder": bodies(item.responder)}
        imported = {}
        reply = existing.get(position)
        if reply is None:
            reply = Reply.objects.create(
                report=report,
                position=position,
                heading=item.heading,
                text=item.text,
                imported=_as_read(item, "heading", "text"),
                **values,
            )
            reply.recommendations.set(covered)
            summary.created += 1
            touched |= covered
            continue
        imported = dict(reply.imported)
        for name in ("heading", "text"):
            key = f"reply:{position}:{name}"
            values[name], imported[name], conflict = merge(reply, name, item, target.choices.get(key))
            if conflict:
                found.append(Conflict(key, f"reply {position}, {name}", getattr(reply, name), getattr(item, name)))
        values["imported"] = imported
        changed = update_changed(reply, values)
        if {r.pk for r in reply.recommendations.all()} != covered:
            touched |= covered | {r.pk for r in reply.recommendations.all()}
            reply.recommendations.set(covered)
            changed.append("recommendations")
        if set(changed) - {"imported"}:
            summary.updated += 1
            touched |= covered
        else:
            summary.unchanged += 1
    gone = report.replies.filter(position__gt=len(draft.replies))
    touched |= set(gone.values_list("recommendations", flat=True)) - {None}
    deleted = gone.count()
    gone.delete()
    return summary, deleted, touched, found


def _review(name: str, draft: DraftResponse) -> Review:
    return Review.objects.filter(name=name).first() or Review.objects.create(
        name=name, slug=slugify(name)[:100], announced=draft.review_announced.get(name, "")
    )


def _record_suggested_statuses(report, draft: DraftResponse, saved, target: SaveOptions) -> int:
    """A status suggested by the replies, for each recommendation that has no status history yet."""
    recorded = 0
    with_history = set(report.recommendations.filter(status_entries__isnull=False).values_list("pk", flat=True))
    for item in draft.recommendations:
        if not item.status or saved[item.number].pk in with_history:
            continue
        if target.effective_on is None:
            raise DocumentError(
                draft.path, 1, "the front matter does not say when the response was received; give --response-date "
                "YYYY-MM-DD."
            )  # fmt: skip
        try:
            record_status(
                recommendation=saved[item.number],
                status=item.status,
                review=_review(item.review, draft) if item.review else None,
                effective_on=target.effective_on,
                note=NOTE,
                evidence=item.evidence,
                source_url=target.source_url,
                recorded_by_import=True,
            )
        except ChangeRefused as error:
            raise DocumentError(draft.path, item.line, f"recommendation {item.number}: {error}") from None
        recorded += 1
    return recorded


def _announce(report: Report, saved: _Saved, replies_touched: set[int]) -> None:
    """New recommendations and new or changed replies (alerts); corrections and report details (pages)."""
    created, replied = saved.created, replies_touched - set(saved.created)
    if created:
        summary = f"{len(created)} new recommendation{'s' if len(created) > 1 else ''} in “{report.title}”"
        announce(Change(ChangeKind.NEW_RECOMMENDATION, tuple(created), report.pk, summary=summary))
    if replied:
        summary = f"The government's reply was added or changed in “{report.title}”"
        announce_reply(report_id=report.pk, recommendation_ids=replied, summary=summary)
    if saved.updated:
        summary = f"Recommendations corrected from the response in “{report.title}”"
        announce(Change(ChangeKind.EDIT, tuple(saved.updated), report.pk, summary=summary))
    # Whatever else changed (the report's details, what the import remembers): the pages are made afresh.
    announce(Change(ChangeKind.EDIT, report_id=report.pk, summary="Response imported", source=f"report:{report.pk}"))
