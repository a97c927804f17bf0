"""The recommendations list, its CSV and JSON exports and its Atom feed of status changes.

One FilterSet (filters.RecommendationFilter) serves all four, with the same query parameters; `page` is read
by the list only. Bad parameters never make a server error: the list shows a message (and no results when a
value names nothing), the exports and the feed answer 400 with the message as plain text.

The list pages through the first LISTED results only (MAX_PAGES pages): counting or skipping past more would
cost more than the page, on every request; beyond that it says "10,000+" and asks for narrower filters (the
unfiltered list still says its exact total, which PostgreSQL keeps). The exports have no such limit.

Exports are streamed, reading the recommendations in chunks of CHUNK_SIZE with their relations (`records`).
JSON is `{"count": N, "results": [...]}`, each result with the fields of `records` (commitments: the confirmed
ones only, soonest due first). The CSV has one column per JSON field, in the same order, with a header row:
lists are joined with "; ", each reply is written "Responder: text", each commitment "Responder: text (due
label, state)", a missing review is an empty cell. A cell that begins with =, +, -, @, a tab or a carriage
return is prefixed with a single quote, so that a spreadsheet shows it rather than runs it.
"""

import csv
import datetime
import itertools
import json
import re
from collections.abc import Iterator

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from .facets import facets, unfiltered_total
from .filters import ORDERINGS, RecommendationFilter
from .models import Commitment, Implementation, Kind, Recommendation, Reply, Status, StatusEntry, Verdict, status_label
from .search import MAX_QUERY_LENGTH, snippets, with_snippets

FILTER_PARAMS = ["q", "status", "theme", "addressed_to", "report", "kind", "implementation", "ordering"]
PAGE_SIZE = 25
MAX_PAGES = 400
LISTED = MAX_PAGES * PAGE_SIZE
# A request may name at most this many values of one parameter, and of all of them together: the list shows a
# "remove" link per value, and every value is a term of the query.
MAX_VALUES_PER_PARAMETER = 20
MAX_VALUES = 40
CHUNK_SIZE = 500
FEED_LENGTH = 50
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
# Control characters, NUL included (PostgreSQL refuses NUL in text); tab and line ends become spaces too.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadParameters(Exception):
    """Query parameters that name nothing. The args are the messages."""


def clean_params(data: QueryDict) -> QueryDict:
    """The parameters we read, without control characters or empty values; `q` once and cut to its length.

    Raises BadParameters when they name more values than MAX_VALUES_PER_PARAMETER or MAX_VALUES allow.
    """
    _check_value_counts(data)
    params = QueryDict(mutable=True)
    for name in [*FILTER_PARAMS, "page"]:
        values = [" ".join(CONTROL.sub(" ", value).split()) for value in data.getlist(name)]
        values = [value for value in values if value]
        if name == "q":
            values = [_shortened(value) for value in values[:1]]
        if values:
            params.setlist(name, values)
    return params


def _check_value_counts(data: QueryDict) -> None:
    counts = {name: len(data.getlist(name)) for name in [*FILTER_PARAMS, "page"]}
    crowded = [name for name, count in counts.items() if count > MAX_VALUES_PER_PARAMETER]
    if crowded or sum(counts.values()) > MAX_VALUES:
        raise BadParameters(
            f"Too many values: a request may give at most {MAX_VALUES_PER_PARAMETER} values of one parameter and "
            f"{MAX_VALUES} in all" + (f" ({', '.join(crowded)} has more)." if crowded else ".")
        )


def _shortened(words: str) -> str:
    """At most MAX_QUERY_LENGTH characters, cut between words where there is a space to cut at."""
    if len(words) <= MAX_QUERY_LENGTH:
        return words
    cut = words[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0]
    return cut if len(cut) <= MAX_QUERY_LENGTH else words[:MAX_QUERY_LENGTH]


def _without(params: QueryDict, name: str | None = None, value: str | None = None) -> QueryDict:
    """The parameters without the page, and without one value of one parameter."""
    kept = params.copy()
    kept.pop("page", None)
    if name:
        kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    return kept


def _url(name: str, params: QueryDict) -> str:
    query = params.urlencode()
    return reverse(name) + (f"?{query}" if query else "")


class FirstResultsPaginator(Paginator):
    """Pages through the first LISTED results: `count` is exact up to LISTED (LISTED + 1 means more), unless
    set from a known total; there are at most MAX_PAGES pages."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: LISTED + 1].count()

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)


def _filterset(request, queryset, *, strict: bool) -> RecommendationFilter:
    filterset = RecommendationFilter(clean_params(request.GET), queryset=queryset)
    if strict and filterset.errors:
        raise BadParameters(*filterset.problems)
    return filterset


def _bad_request(error: BadParameters) -> HttpResponseBadRequest:
    lines = ["These parameters cannot be used:", *error.args, ""]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def recommendation_list(request):
    queryset = Recommendation.objects.select_related("report", "review").prefetch_related("themes")
    try:
        filterset = _filterset(request, queryset, strict=False)
    except BadParameters as error:
        return render(request, "recommendations/bad_parameters.html", {"problems": error.args}, status=400)
    params = filterset.data
    recommendations = filterset.qs
    words = filterset.form.cleaned_data.get("q")
    searched = "rank" in recommendations.query.annotations
    if searched:
        recommendations = with_snippets(recommendations, words)
    paginator = FirstResultsPaginator(recommendations, PAGE_SIZE)
    total = unfiltered_total(filterset)
    if total is not None:
        paginator.count = total  # the unfiltered list reads its total from the counts PostgreSQL keeps
    page = paginator.get_page(params.get("page"))
    beyond = paginator.count > LISTED
    rows = list(page.object_list)
    if searched:
        for row in rows:
            row.snippet, row.reply_snippet = snippets(row, words)

    notices = filterset.problems
    links = _without(params)
    if "ordering" in filterset.errors:
        notices.append("The list is shown in report order.")
        links.pop("ordering")
    if beyond and str(page.number) != params.get("page", "1"):
        notices.append(f"Only the first {MAX_PAGES} pages can be shown: this is the last of them.")
    if len(request.GET.get("q", "")) > MAX_QUERY_LENGTH:
        notices.append(f"The search is too long: only its first {MAX_QUERY_LENGTH} characters were used.")
    options = facets(filterset, total=page.paginator.count)
    context = {
        "page": page,
        "count_shown": f"{LISTED:,}+" if beyond and total is None else f"{paginator.count:,}",
        "beyond": beyond,
        "listed": f"{LISTED:,}",
        "rows": rows,
        "words": words,
        "facets": options,
        "orderings": ORDERINGS,
        "ordering": filterset.ordering_applied,
        "notices": notices,
        "problems": bool(set(filterset.errors) - {"ordering"}),
        "active_filters": _active_filters(filterset, links, options),
        "params": links,
        "export_query": links.urlencode(),
        "max_query_length": MAX_QUERY_LENGTH,
    }
    return render(request, "recommendations/recommendation_list.html", context)


def _active_filters(filterset, params: QueryDict, options) -> list[dict]:
    """Each value of each filter in `params`, with a link to the same list without it."""
    labels = {(facet.name, option.value): option.label for facet in options for option in facet.options}
    active = []
    for name in (name for name in FILTER_PARAMS if name != "ordering"):
        for value in params.getlist(name):
            shown = Truncator(value).chars(60)
            label = labels.get((name, value), f"“{shown}”" if name == "q" else f"{shown} (unknown)")
            active.append(
                {
                    "label": f"{filterset.filters[name].label}: {label}",
                    "url": _url("recommendation_list", _without(params, name, value)),
                }
            )
    return active


def _exported(request):
    return _filterset(request, Recommendation.objects.all(), strict=True).qs


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


@require_safe
def export_json(request):
    try:
        recommendations = _exported(request)
    except BadParameters as error:
        return _bad_request(error)

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


@require_safe
def export_csv(request):
    try:
        recommendations = _exported(request)
    except BadParameters as error:
        return _bad_request(error)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(FIELDS)
        for exported in records(recommendations):
            yield writer.writerow([csv_cell(exported[field]) for field in FIELDS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return response


def describe(filterset: RecommendationFilter) -> str:
    """The current filters in words, e.g. "theme Funding; status Rejected or Noted"."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if name == "ordering" or not value:
            continue
        if name == "q":
            parts.append(f"words “{value}”")
            continue
        labels = {"status": Status, "kind": Kind, "implementation": Implementation}
        names = [labels[name](v).label if name in labels else str(v) for v in value]
        parts.append(f"{filterset.filters[name].label.lower()} {' or '.join(names)}")
    return "; ".join(parts)


class StatusChangeFeed(Feed):
    """Status changes, newest first, of the recommendations the query parameters select (all by default)."""

    feed_type = Atom1Feed
    author_name = "Select committee recommendation tracker"
    subtitle = "Changes of status of the select-committee recommendations tracked, newest first."

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadParameters as error:
            return _bad_request(error)

    def get_object(self, request, *args, **kwargs):
        return _filterset(request, Recommendation.objects.all(), strict=True)

    def title(self, filterset):
        described = describe(filterset)
        return f"Status changes: {described}" if described else "Status changes"

    def link(self, filterset):
        return _url("recommendation_list", _without(filterset.data))

    def feed_url(self, filterset):
        return _url("feed", _without(filterset.data))

    def items(self, filterset):
        recommendations = filterset.filter_queryset(filterset.queryset).values("pk")
        return (
            StatusEntry.objects.filter(recommendation__in=recommendations)
            .select_related("recommendation__report", "review")
            .order_by("-effective_on", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, entry):
        recommendation = entry.recommendation
        return (
            f"{recommendation.get_kind_display()} {recommendation.number} "
            f"({recommendation.report.title}): {entry.status_label}"
        )

    def item_link(self, entry):
        # The fragment names the entry, so that each entry of one recommendation has its own link and id.
        return f"{entry.recommendation.get_absolute_url()}#status-{entry.pk}"

    def item_description(self, entry):
        note = entry.note or f"Status set to {entry.status_label}."
        if entry.source_url:
            return format_html('<p>{}</p><p><a href="{}">Source</a></p>', note, entry.source_url)
        return format_html("<p>{}</p>", note)

    def item_pubdate(self, entry):
        return datetime.datetime.combine(entry.effective_on, datetime.time(), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, entry):
        return entry.recorded_at


# GET and HEAD only, as every other read-only page (405 otherwise).
status_change_feed = require_safe(StatusChangeFeed())
