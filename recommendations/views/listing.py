"""The recommendations list: one FilterSet (filters.RecommendationFilter) with the exports' and feeds' parameters,
plus `page`. Bad parameters never make a server error: the list shows a message, and no results when a value
names nothing.

The list pages through the first LISTED results only (MAX_PAGES pages): counting or skipping past more would
cost more than the page, on every request; beyond that it says "10,000+" and asks for narrower filters (the
unfiltered list still says its exact total, which PostgreSQL keeps).
"""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from ..facets import COUNTED_AT_MOST, count_facets, facets, unfiltered_total
from ..filters import ORDERINGS, REPORT_ORDER
from ..freshness import public_page
from ..models import Recommendation
from ..params import FILTER_PARAMS, BadParameters, filterset_from, url_with, without
from ..search import MAX_QUERY_LENGTH, snippets, with_snippets

PAGE_SIZE = 25
MAX_PAGES = 400
LISTED = MAX_PAGES * PAGE_SIZE


class FirstResultsPaginator(Paginator):
    """Pages through the first LISTED results: `count` is exact up to LISTED (LISTED + 1 means more), unless
    set from a known total; there are at most MAX_PAGES pages."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: LISTED + 1].count()

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)


@public_page(params=[*FILTER_PARAMS, "page"])
@require_safe
def recommendation_list(request):
    queryset = Recommendation.objects.select_related("report", "review").prefetch_related("themes")
    try:
        filterset = filterset_from(request, queryset, strict=False)
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
    counted = count_facets(filterset)
    if total is not None:
        paginator.count = total  # the unfiltered list reads its total from the counts PostgreSQL keeps
    elif counted.list_total is not None and COUNTED_AT_MOST >= LISTED:
        paginator.count = counted.list_total  # the facets' pass counted the results too, as far as the list needs
    beyond = paginator.count > LISTED
    ordering = filterset.ordering_applied
    if beyond and ordering == "relevance":
        # Ranking every result of a common word costs more than the page: report order, ranked as shown.
        paginator.object_list = recommendations.order_by(*REPORT_ORDER)
        ordering = "report"
    page = paginator.get_page(params.get("page"))
    rows = list(page.object_list)
    if searched:
        for row in rows:
            row.snippet, row.reply_snippet = snippets(row, words)

    notices = filterset.problems
    links = without(params)
    if "ordering" in filterset.errors:
        notices.append("The list is shown in report order.")
        links.pop("ordering")
    if beyond and str(page.number) != params.get("page", "1"):
        notices.append(f"Only the first {MAX_PAGES} pages can be shown: this is the last of them.")
    if ordering != filterset.ordering_applied:
        notices.append(
            f"More than {LISTED:,} recommendations match: they are shown in report order, not by relevance."
            " Add words or filters to rank them."
        )
    if len(request.GET.get("q", "")) > MAX_QUERY_LENGTH:
        notices.append(f"The search is too long: only its first {MAX_QUERY_LENGTH} characters were used.")
    options = facets(filterset, counted)
    context = {
        "page": page,
        "count_shown": f"{LISTED:,}+" if beyond and total is None else f"{paginator.count:,}",
        "beyond": beyond,
        "listed": f"{LISTED:,}",
        "rows": rows,
        "words": words,
        "facets": options,
        "orderings": ORDERINGS,
        "ordering": ordering,
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
                    "url": url_with("recommendation_list", without(params, name, value)),
                }
            )
    return active
