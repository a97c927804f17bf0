"""Query parameters of the list, the exports, the feeds and saved searches: cleaned once, here.

`clean_params` keeps the parameters we read, without control characters or empty values, `q` once and cut to
its length, and refuses more values than MAX_VALUES_PER_PARAMETER / MAX_VALUES (BadParameters). A value that
names nothing is the FilterSet's to report; `filterset_from` turns that into BadParameters where a page must
refuse (exports, feeds), and `bad_request` into a plain-text 400. `describe` says the filters in words.
"""

import re

from django.http import HttpResponseBadRequest, QueryDict
from django.urls import reverse

from .filters import RecommendationFilter
from .models import Implementation, Kind, Status
from .search import MAX_QUERY_LENGTH

FILTER_PARAMS = ["q", "status", "theme", "addressed_to", "report", "kind", "implementation", "ordering"]
# A request may name at most this many values of one parameter, and of all of them together: the list shows a
# "remove" link per value, and every value is a term of the query.
MAX_VALUES_PER_PARAMETER = 20
MAX_VALUES = 40


# Control characters, NUL included (PostgreSQL refuses NUL in text); tab and line ends become spaces too.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BadParameters(Exception):
    """Query parameters that name nothing. The args are the messages."""


def clean_params(data: QueryDict, names: tuple[str, ...] = (*FILTER_PARAMS, "page")) -> QueryDict:
    """The parameters we read (`names`), without control characters or empty values; `q` once and cut to its
    length.

    Raises BadParameters when they name more values than MAX_VALUES_PER_PARAMETER or MAX_VALUES allow.
    """
    check_value_counts(data, names)
    params = QueryDict(mutable=True)
    for name in names:
        values = [" ".join(CONTROL.sub(" ", value).split()) for value in data.getlist(name)]
        values = [value for value in values if value]
        if name == "q":
            values = [_shortened(value) for value in values[:1]]
        if values:
            params.setlist(name, values)
    return params


def check_value_counts(data: QueryDict, names) -> None:
    """Raise BadParameters when `names` have more values than MAX_VALUES_PER_PARAMETER or MAX_VALUES allow."""
    counts = {name: len(data.getlist(name)) for name in names}
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


def without(params: QueryDict, name: str | None = None, value: str | None = None) -> QueryDict:
    """The parameters without the page, and without one value of one parameter."""
    kept = params.copy()
    kept.pop("page", None)
    if name:
        kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    return kept


def url_with(name: str, params: QueryDict) -> str:
    query = params.urlencode()
    return reverse(name) + (f"?{query}" if query else "")


def filterset_from(request, queryset, *, strict: bool) -> RecommendationFilter:
    filterset = RecommendationFilter(clean_params(request.GET), queryset=queryset)
    if strict and filterset.errors:
        raise BadParameters(*filterset.problems)
    return filterset


def bad_request(error: BadParameters) -> HttpResponseBadRequest:
    lines = ["These parameters cannot be used:", *error.args, ""]
    return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")


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
