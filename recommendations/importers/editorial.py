"""The editorial layer: what a careful researcher adds to an imported response.

A JSON file (see fixtures/send_editorial.json) names a report and gives its
reviews, themes (with the recommendations in each), statuses checked by reading
the replies, and written questions linked to themes and recommendations. It is
kept apart from what the importers produce, so that importing the documents and
applying this file always gives the same database.

Like the importers: everything is validated before anything is saved, the save
is one transaction, and a second run changes nothing. A status is applied only
while a recommendation's history holds nothing but the importer's suggestion,
so an editor's later entry is never overruled.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import Recommendation, Report, Review, Status, Theme, WrittenQuestion
from recommendations.services import announce_question_links, record_status

from .common import DocumentError, Summary, read_document


@dataclass
class EditorialSummary:
    themes: Summary = field(default_factory=Summary)
    statuses: Summary = field(default_factory=Summary)
    questions: Summary = field(default_factory=Summary)

    def __str__(self):
        return f"themes: {self.themes}; statuses: {self.statuses}; written questions: {self.questions}"


def _load(path) -> dict:
    text = read_document(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError(path, error.lineno, f"not valid JSON: {error.msg}.") from None
    if not isinstance(data, dict) or not isinstance(data.get("report"), str):
        raise DocumentError(path, 1, 'expected an object with a "report" slug.')
    return data


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


def _save_reviews(data: dict):
    for item in data.get("reviews", []):
        defaults = {key: item.get(key, "") for key in ("name", "description", "announced")}
        review, created = Review.objects.get_or_create(slug=item["slug"], defaults=defaults)
        if not created and any(getattr(review, key) != value for key, value in defaults.items()):
            Review.objects.filter(pk=review.pk).update(**defaults)


def _save_themes(data: dict, validator: _Validator, summary: Summary):
    for item in data.get("themes", []):
        defaults = {"name": item["name"], "description": item.get("description", "")}
        theme, created = Theme.objects.get_or_create(slug=item["slug"], defaults=defaults)
        changed = not created and any(getattr(theme, key) != value for key, value in defaults.items())
        if changed:
            Theme.objects.filter(pk=theme.pk).update(**defaults)
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


def apply_editorial(path: str | Path) -> EditorialSummary:
    """Apply an editorial file; DocumentError (naming the file) if anything in it is wrong."""
    data = _load(path)
    summary = EditorialSummary()
    with transaction.atomic():
        _save_reviews(data)
        validator = _Validator(path, data)
        validator.check()
        _save_themes(data, validator, summary.themes)
        _save_statuses(data, validator, summary.statuses)
        _save_questions(data, validator, summary.questions)
        announce(Change(kind=ChangeKind.EDIT, summary="Editorial layer applied"))
    return summary
