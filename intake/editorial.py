"""The editorial layer: what a careful researcher adds to an imported response.

A JSON file (see fixtures/send_editorial.json) names a report and gives its
reviews, themes (with the recommendations in each), statuses checked by reading
the replies, written questions linked to themes and recommendations, the
editor's verdict on each commitment the importer proposed (found by its reply's
position and sentence), commitments from later sources (a written answer: the
due date is resolved from the period as written and the answer's date), and
implementation entries citing a written answer. It is
kept apart from what the importers produce, so that importing the documents and
applying this file always gives the same database.

Like the importers: everything is validated before anything is saved, the save
is one transaction, and a second run changes nothing. A status is applied only
while a recommendation's history holds nothing but the importer's suggestion,
so an editor's later entry is never overruled; likewise a commitment's verdict
only while it is still a proposal, and implementation only while there is none.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import (
    Basis,
    Body,
    Commitment,
    Implementation,
    Recommendation,
    Report,
    Review,
    Status,
    Theme,
    Verdict,
    WrittenQuestion,
)
from recommendations.services.commitments import announce_commitment_edit
from recommendations.services.implementation import record_implementation
from recommendations.services.status import announce_question_links, record_status
from recommendations.timephrases import find_time_phrases

from .common import DocumentError, Summary, read_document, update_changed
from .rules import tables


@dataclass
class EditorialSummary:
    themes: Summary = field(default_factory=Summary)
    statuses: Summary = field(default_factory=Summary)
    questions: Summary = field(default_factory=Summary)
    commitments: Summary = field(default_factory=Summary)
    implementation: Summary = field(default_factory=Summary)

    def __str__(self):
        return (
            f"themes: {self.themes}; statuses: {self.statuses}; written questions: {self.questions}; "
            f"commitments: {self.commitments}; implementation: {self.implementation}"
        )


def _load(path) -> dict:
    text = read_document(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(path, error.lineno, f"not valid JSON: {error.msg}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("report"), str):
        raise DocumentError(path, 1, 'expected an object with a "report" slug.')
    _check_shape(path, data)
    return data


# Each list of the file, the text fields every item of it must give, and the lists of text it may give.
SHAPE = {
    "reviews": (("slug", "name"), ()),
    "themes": (("slug", "name"), ("recommendations",)),
    "statuses": (("number", "status"), ()),
    "questions": (("document",), ("recommendations", "themes")),
}


def _check_shape(path, data: dict) -> None:
    """DocumentError naming the item at fault if the file is not shaped as SHAPE says (never a KeyError)."""
    for key, (required, lists) in SHAPE.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            raise DocumentError(path, None, f"“{key}” must be a list.")
        for position, item in enumerate(items, start=1):
            where = f"{key}, item {position}"
            if not isinstance(item, dict):
                raise DocumentError(path, None, f"{where}: expected an object.")
            for name in required:
                if not isinstance(item.get(name), str) or not item[name].strip():
                    raise DocumentError(path, None, f"{where}: “{name}” is missing (give it as text).")
            for name in (*lists, "note", "review", "evidence", "description", "announced"):
                value = item.get(name)
                valid = value is None or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                    if name in lists
                    else isinstance(value, str)
                )
                if not valid:
                    kind = "a list of text" if name in lists else "text"
                    raise DocumentError(path, None, f"{where}: “{name}” must be {kind}.")


class _Validator:
    def __init__(self, path, data: dict):
        self.path, self.data = path, data
        self.report = Report.objects.filter(slug=data["report"]).first()
        if self.report is None:
            self.fail(f"no report “{data['report']}”; import its response first.")
        self.recommendations = {rec.number: rec for rec in self.report.recommendations.all()}
        self.review_slugs = {item["slug"] for item in data.get("reviews", [])} | set(
            Review.objects.values_list("slug", flat=True)
        )
        self.theme_slugs = {item["slug"] for item in data.get("themes", [])} | set(
            Theme.objects.values_list("slug", flat=True)
        )

    def fail(self, message: str):
        raise DocumentError(self.path, None, message)

    def numbers(self, numbers: list, where: str) -> list[Recommendation]:
        unknown = [number for number in numbers if number not in self.recommendations]
        if unknown:
            self.fail(f"{where}: no recommendation numbered {', '.join(unknown)} in {self.report.slug}.")
        return [self.recommendations[number] for number in numbers]

    def check(self):
        for theme in self.data.get("themes", []):
            self.numbers(theme.get("recommendations", []), f"theme “{theme['slug']}”")
        for item in self.data.get("statuses", []):
            self.numbers([item["number"]], "statuses")
            if item["status"] not in Status.values:
                self.fail(f"recommendation {item['number']}: “{item['status']}” is not a status.")
            if item.get("review") and item["review"] not in self.review_slugs:
                self.fail(f"recommendation {item['number']}: no review “{item['review']}”.")
            if not item.get("note"):
                self.fail(f"recommendation {item['number']}: a status needs a note saying why.")
        for question in self.data.get("questions", []):
            if not WrittenQuestion.objects.filter(source_document=question["document"]).exists():
                self.fail(f"no written question imported from “{question['document']}”.")
            self.numbers(question.get("recommendations", []), f"question “{question['document']}”")
            unknown = set(question.get("themes", [])) - self.theme_slugs
            if unknown:
                self.fail(f"question “{question['document']}”: no theme {', '.join(sorted(unknown))}.")
        for item in self.data.get("commitments", []):
            self.check_commitment(item)
        for item in self.data.get("implementation", []):
            self.numbers([item.get("number", "")], "implementation")
            if item.get("implementation") not in Implementation.values or item.get("basis") not in Basis.values:
                self.fail(f"implementation of {item['number']}: give an implementation value and a basis.")
            self.question(item, f"implementation of {item['number']}")
            if not item.get("note"):
                self.fail(f"implementation of {item['number']}: an entry needs a note citing its source.")

    def question(self, item: dict, where: str) -> WrittenQuestion:
        question = WrittenQuestion.objects.filter(source_document=item.get("question", "")).first()
        if question is None or question.answered_on is None:
            self.fail(f"{where}: no answered written question imported from “{item.get('question')}”.")
        return question

    def proposal(self, item: dict) -> Commitment:
        found = Commitment.objects.filter(
            report=self.report, reply__position=item.get("reply"), found_text=item.get("sentence", "")
        ).first()
        if found is None:
            self.fail(f"reply {item.get('reply')}: the importer proposed no commitment “{item.get('sentence')}”.")
        return found

    def check_commitment(self, item: dict):
        if item.get("verdict") not in Verdict.values or not item.get("note"):
            self.fail(f"commitment “{item.get('sentence') or item.get('text')}”: give a verdict and a note.")
        if "reply" in item:
            self.proposal(item)
            return
        where = f"commitment “{item.get('text')}”"
        question = self.question(item, where)
        self.numbers(item.get("recommendations", []), where)
        if not item.get("text") or not item.get("period"):
            self.fail(f"{where}: a commitment from a later source needs its text and its period as written.")
        if item["period"] not in item["text"] or not find_time_phrases(item["period"], question.answered_on):
            self.fail(f"{where}: “{item['period']}” is not a time phrase of the text.")
        if item.get("responder") not in tables.BY_SLUG and not Body.objects.filter(slug=item.get("responder")).exists():
            self.fail(f"{where}: no body “{item.get('responder')}”.")


def _save_reviews(data: dict):
    for item in data.get("reviews", []):
        defaults = {key: item.get(key, "") for key in ("name", "description", "announced")}
        review, created = Review.objects.get_or_create(slug=item["slug"], defaults=defaults)
        if not created:
            update_changed(review, defaults)


def _save_themes(data: dict, validator: _Validator, summary: Summary):
    for item in data.get("themes", []):
        defaults = {"name": item["name"], "description": item.get("description", "")}
        theme, created = Theme.objects.get_or_create(slug=item["slug"], defaults=defaults)
        changed = not created and bool(update_changed(theme, defaults))
        wanted = {rec.pk for rec in validator.numbers(item.get("recommendations", []), item["slug"])}
        current = set(theme.recommendations.filter(report=validator.report).values_list("pk", flat=True))
        if wanted != current:
            theme.recommendations.remove(*(current - wanted))
            theme.recommendations.add(*(wanted - current))
            changed = True
        summary.created += created
        summary.updated += changed and not created
        summary.unchanged += not (created or changed)


def _save_statuses(data: dict, validator: _Validator, summary: Summary):
    effective_on = validator.report.response_received_on or validator.report.response_printed_on
    for item in data.get("statuses", []):
        recommendation = validator.recommendations[item["number"]]
        review = Review.objects.get(slug=item["review"]) if item.get("review") else None
        entries = list(recommendation.status_entries.order_by("effective_on", "id"))
        already = recommendation.status == item["status"] and recommendation.review_id == (review and review.pk)
        editor_has_spoken = any(not entry.recorded_by_import for entry in entries)
        if already or editor_has_spoken or effective_on is None:
            summary.unchanged += 1
            continue
        record_status(
            recommendation=recommendation,
            status=item["status"],
            review=review,
            effective_on=effective_on,
            note=item["note"],
            evidence=item.get("evidence", ""),
            source_url=validator.report.response_url,
        )
        summary.updated += 1


def _save_questions(data: dict, validator: _Validator, summary: Summary):
    for item in data.get("questions", []):
        question = WrittenQuestion.objects.get(source_document=item["document"])
        wanted_themes = set(Theme.objects.filter(slug__in=item.get("themes", [])).values_list("pk", flat=True))
        wanted_recs = {rec.pk for rec in validator.numbers(item.get("recommendations", []), item["document"])}
        current_themes = set(question.themes.values_list("pk", flat=True))
        current_recs = set(question.recommendations.values_list("pk", flat=True))
        if wanted_themes == current_themes and wanted_recs == current_recs:
            summary.unchanged += 1
            continue
        question.themes.set(wanted_themes)
        question.recommendations.set(wanted_recs)
        summary.updated += 1
        announce_question_links(question, wanted_recs - current_recs)


def _save_commitments(data: dict, validator: _Validator, summary: Summary):
    for item in data.get("commitments", []):
        if "reply" in item:
            commitment, created = validator.proposal(item), False
        else:
            commitment, created = _later_commitment(item, validator)
        if commitment.verdict != Verdict.PROPOSED:
            summary.unchanged += 1
            continue
        Commitment.objects.filter(pk=commitment.pk).update(
            verdict=item["verdict"], note=item["note"], updated_at=timezone.now()
        )
        if item["verdict"] == Verdict.CONFIRMED:
            announce_commitment_edit(commitment, newly_public=True)
        summary.created += created
        summary.updated += not created


def _later_commitment(item: dict, validator: _Validator) -> tuple[Commitment, bool]:
    """The commitment from a later source (a written answer), made if need be, due by the end of its period."""
    question = validator.question(item, "commitment")
    known = tables.BY_SLUG.get(item["responder"])
    responder, _ = Body.objects.get_or_create(
        slug=item["responder"], defaults={"name": known and known.name, "short_name": known and known.short_name}
    )
    phrase = find_time_phrases(item["period"], question.answered_on)[0]
    commitment, created = Commitment.objects.get_or_create(
        report=validator.report,
        question=question,
        text=item["text"],
        period=item["period"],
        defaults={
            "responder": responder,
            "made_on": question.answered_on,
            "due_on": phrase.due_on,
            "source_url": question.source_url,
        },
    )
    if created:
        commitment.recommendations.set(validator.numbers(item.get("recommendations", []), "commitment"))
    return commitment, created


def _save_implementation(data: dict, validator: _Validator, summary: Summary):
    for item in data.get("implementation", []):
        recommendation = validator.recommendations[item["number"]]
        if recommendation.implementation_entries.exists():
            summary.unchanged += 1
            continue
        question = validator.question(item, "implementation")
        record_implementation(
            recommendation=recommendation,
            implementation=item["implementation"],
            basis=item["basis"],
            effective_on=question.answered_on,
            note=item["note"],
            source_url=question.source_url,
            question=question,
        )
        summary.created += 1


def apply_editorial(path: str | Path) -> EditorialSummary:
    """Apply an editorial file; DocumentError (naming the file) if anything in it is wrong."""
    data = _load(path)
    summary = EditorialSummary()
    with transaction.atomic():
        validator = _Validator(path, data)
        validator.check()  # everything is checked before anything is saved
        _save_reviews(data)
        _save_themes(data, validator, summary.themes)
        _save_statuses(data, validator, summary.statuses)
        _save_questions(data, validator, summary.questions)
        _save_commitments(data, validator, summary.commitments)
        _save_implementation(data, validator, summary.implementation)
        announce(Change(kind=ChangeKind.EDIT, summary="Editorial layer applied"))
    return summary
