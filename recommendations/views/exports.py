"""The CSV and JSON exports of the recommendations list, with the list's parameters (bad ones: a plain-text 400).

Exports are streamed, reading the recommendations in chunks of CHUNK_SIZE with their relations (`records`).
JSON is `{"count": N, "results": [...]}`, each result with the fields of `records` (commitments: the confirmed
ones only, soonest due first). The CSV has one column per JSON field, in the same order, with a header row:
lists are joined with "; ", each reply is written "Responder: text", each commitment "Responder: text (due
label, state)", a missing review is an empty cell. A cell that begins with =, +, -, @, a tab or a carriage
return is prefixed with a single quote, so that a spreadsheet shows it rather than runs it.
"""

import csv
import itertools
import json
from collections.abc import Iterator

from django.db.models import F
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..freshness import public_page
from ..models import Commitment, Implementation, Recommendation, Reply, Verdict, status_label
from ..params import FILTER_PARAMS, BadParameters, bad_request, filterset_from

CHUNK_SIZE = 500
FIELDS = [
    "report",
    "number",
    "position",
    "paragraphs",
    "kind",
    "text",
    "status",
    "status_label",
    "review",
    "themes",
    "addressed_to",
    "replies",
    "url",
    "implementation",
    "implementation_label",
    "commitments",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _exported(request):
    return filterset_from(request, Recommendation.objects.all(), strict=True).qs


EXPORTED = (
    "pk",
    "report__slug",
    "number",
    "position",
    "paragraphs",
    "kind",
    "text",
    "status",
    "review__name",
    "implementation",
)
COMMITMENT_FIELDS = ("commitment__text", "commitment__due_on", "commitment__period", "commitment__state")


def records(recommendations) -> Iterator[dict]:
    """The recommendations as exported, read CHUNK_SIZE at a time without making model instances: the rows
    through one server-side cursor, and for each chunk one query each for their themes, bodies and replies
    (as prefetch_related would, at a fraction of its cost)."""
    rows = recommendations.values_list(*EXPORTED).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        ids = [row[0] for row in chunk]
        themes = _grouped(Recommendation.themes.through.objects, ids, "theme__slug", order="theme__name")
        bodies = _grouped(Recommendation.addressed_to.through.objects, ids, "body__slug", order="body__name")
        replies = _grouped(
            Reply.recommendations.through.objects, ids, "reply__responder__name", "reply__text", order="reply__position"
        )
        commitments = _grouped(
            Commitment.recommendations.through.objects.filter(commitment__verdict=Verdict.CONFIRMED),
            ids,
            *COMMITMENT_FIELDS,
            "commitment__responder__name",
            order=F("commitment__due_on").asc(nulls_last=True),
        )
        for pk, report, number, position, paragraphs, kind, text, status, review, implementation in chunk:
            yield {
                "report": report,
                "number": number,
                "position": position,
                "paragraphs": paragraphs,
                "kind": kind,
                "text": text,
                "status": status,
                "status_label": status_label(status, review),
                "review": review,
                "themes": themes.get(pk, []),
                "addressed_to": bodies.get(pk, []),
                "replies": [{"responder": name, "text": words} for name, words in replies.get(pk, [])],
                "url": reverse("recommendation_detail", args=[report, number]),
                "implementation": implementation,
                "implementation_label": Implementation(implementation).label,
                "commitments": [_commitment(*values) for values in commitments.get(pk, [])],
            }


def _commitment(text, due_on, period, state, responder) -> dict:
    return {
        "text": text,
        "due_on": due_on.isoformat() if due_on else None,
        "due_label": period or "no date given",
        "state": state,
        "responder": responder,
    }


def _grouped(links, ids: list[int], *fields: str, order) -> dict[int, list]:
    """{recommendation id: [value, ...]} of the links of these recommendations, in the order given."""
    grouped = {}
    rows = links.filter(recommendation_id__in=ids).order_by(order, "pk").values_list("recommendation_id", *fields)
    for pk, *values in rows:
        grouped.setdefault(pk, []).append(values[0] if len(values) == 1 else tuple(values))
    return grouped


@public_page(params=[*FILTER_PARAMS, "page"])
@require_safe
def export_json(request):
    try:
        recommendations = _exported(request)
    except BadParameters as error:
        return bad_request(error)

    def chunks(count):
        yield f'{{"count": {count}, "results": ['
        for i, exported in enumerate(records(recommendations)):
            yield ("," if i else "") + "\n" + json.dumps(exported, ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(recommendations.count()), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="recommendations.json"'
    return response


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(_list_item(v) for v in value)
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _list_item(value) -> str:
    """A reply as "Responder: text"; a commitment as "Responder: text (due label, state)"."""
    if not isinstance(value, dict):
        return str(value)
    if "state" in value:
        return f"{value['responder']}: {value['text']} ({value['due_label']}, {value['state']})"
    return f"{value['responder']}: {value['text']}"


class _Echo:
    """A file-like object whose write returns what it is given, so that csv.writer yields lines."""

    def write(self, value):
        return value


@public_page(params=[*FILTER_PARAMS, "page"])
@require_safe
def export_csv(request):
    try:
        recommendations = _exported(request)
    except BadParameters as error:
        return bad_request(error)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(FIELDS)
        for exported in records(recommendations):
            yield writer.writerow([csv_cell(exported[field]) for field in FIELDS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return response
