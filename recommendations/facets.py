"""The list's facets: each filter's options, with how many results each would give under the other filters.

A facet whose parameter is not in use counts the list's own results: when the list is filtered or searched,
all such facets are counted in one query over the results matched once (`count_matched`), so that a search
is run once, not once per facet; when it is not, from the counts PostgreSQL keeps (counts.py), or, elsewhere,
by counting the table. A facet whose parameter is in use counts, in a query of its own, the recommendations
the other filters select.
Statuses and kinds are counted by value; themes and bodies by their links to those recommendations, with the
themes and bodies in use (or selected) listed at 0; reports, of which there can be thousands, are the
REPORT_OPTIONS newest with results, the selected first.

Counting a common word's 100,000 results would cost more than the page: the results matched once, and the
statuses, kinds and implementations a filter in use would give, are counted over COUNTED_AT_MOST + 1 of them at
most; a facet counted over fewer than all says so (`at_least`: its counts are lower bounds, shown "n+").
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from . import counts
from .filters import RecommendationFilter
from .models import Implementation, Kind, Recommendation, Report, Status

# The report facet lists at most this many reports (the newest with results) besides those selected.
REPORT_OPTIONS = 20
# Above this many results, reports with results are found by reading reports newest first.
DENSE = 2000
# The most results a facet counts (as the list pages through; listing.LISTED).
COUNTED_AT_MOST = 10_000


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list[Option]
    at_least: bool = False  # counted over the first COUNTED_AT_MOST + 1 results only


def matched_counts(filterset: RecommendationFilter) -> dict[str, dict[str, int]]:
    """count_matched of the facets not in use when the list is filtered or searched, else {}."""
    free = [name for name in FACETS if not in_use(filterset, name)]
    return count_matched(filterset, free) if filterset.narrows() and free else {}


def matched_total(matched: dict[str, dict[str, int]]) -> int | None:
    """How many results count_matched read (COUNTED_AT_MOST + 1 at most), None when it read none."""
    return matched[TOTAL][""] if TOTAL in matched else None


def facets(filterset: RecommendationFilter, total: int | None = None, matched: dict | None = None) -> list[Facet]:
    """The six facets of the list. `total`, how many recommendations the list shows, when known, tells how best
    to find the reports with results; `matched`, the matched_counts when already read."""
    free = [name for name in FACETS if not in_use(filterset, name)]
    matched = matched_counts(filterset) if matched is None else matched
    shown = [
        choice_facet(filterset, "status", Status.choices, matched.get("status")),
        linked_facet(filterset, "theme", "themes", matched.get("theme")),
        linked_facet(filterset, "addressed_to", "addressed_to", matched.get("addressed_to")),
        report_facet(filterset, "report", total, matched.get("report")),
        choice_facet(filterset, "kind", Kind.choices, matched.get("kind")),
        choice_facet(filterset, "implementation", Implementation.choices, matched.get("implementation")),
    ]
    if (matched_total(matched) or 0) > COUNTED_AT_MOST:
        for facet in shown:
            facet.at_least = facet.at_least or facet.name in free
    return shown


FACETS = ("status", "theme", "addressed_to", "report", "kind", "implementation")
# How each facet counts the matched recommendations (the CTE `matched`, with their id, status, kind, report and
# implementation).
COUNTED = {
    "status": "SELECT 'status', status, count(*) FROM matched GROUP BY status",
    "kind": "SELECT 'kind', kind, count(*) FROM matched GROUP BY kind",
    "implementation": "SELECT 'implementation', implementation, count(*) FROM matched GROUP BY implementation",
    # Only the newest with results are shown (none is selected when the facet is not in use).
    "report": "SELECT * FROM (SELECT 'report', CAST(matched.report_id AS text), count(*) FROM matched"
    " JOIN {reports} report ON report.id = matched.report_id GROUP BY matched.report_id, report.published_on,"
    f" report.title ORDER BY report.published_on DESC, report.title, matched.report_id LIMIT {REPORT_OPTIONS}) newest",
    "theme": "SELECT 'theme', CAST(link.theme_id AS text), count(*) FROM matched"
    " JOIN {themes} link ON link.recommendation_id = matched.id GROUP BY link.theme_id",
    "addressed_to": "SELECT 'addressed_to', CAST(link.body_id AS text), count(*) FROM matched"
    " JOIN {bodies} link ON link.recommendation_id = matched.id GROUP BY link.body_id",
}
TOTAL = "total"  # how many were matched (COUNTED_AT_MOST + 1 at most)


def in_use(filterset: RecommendationFilter, name: str) -> bool:
    return name in filterset.errors or bool(filterset.form.cleaned_data.get(name))


def count_matched(filterset: RecommendationFilter, names: list[str]) -> dict[str, dict[str, int]]:
    """{facet: {value: count}} over the list's results, for each of `names`, in one query: the results are
    matched once (a materialised CTE, COUNTED_AT_MOST + 1 of them at most) and counted by each facet; and
    {"": how many were matched} under TOTAL."""
    matched = filterset.filter_queryset(Recommendation.objects.all()).order_by()
    columns = matched.values("id", "status", "kind", "report_id", "implementation")[: COUNTED_AT_MOST + 1]
    try:
        sql, params = columns.query.sql_with_params()
    except EmptyResultSet:  # a filter names nothing
        return {name: {} for name in names}
    tables = {
        "themes": Recommendation.themes.through._meta.db_table,
        "bodies": Recommendation.addressed_to.through._meta.db_table,
        "reports": Report._meta.db_table,
    }
    parts = " UNION ALL ".join(COUNTED[name].format(**tables) for name in names)
    parts += f" UNION ALL SELECT '{TOTAL}', '', count(*) FROM matched"
    found = {name: {} for name in [*names, TOTAL]}
    with connection.cursor() as cursor:
        cursor.execute(f"WITH matched AS MATERIALIZED ({sql}) {parts}", params)
        for facet, value, n in cursor.fetchall():
            found[facet][str(value)] = n
    return found


def matching(filterset: RecommendationFilter, name: str):
    """The recommendations the filters but `name` select, or None when that is all of them."""
    if not filterset.narrows(leave_out=name):
        return None
    return filterset.filter_queryset(Recommendation.objects.all(), leave_out=name)


def selected(filterset: RecommendationFilter, name: str) -> set[str]:
    return set(filterset.data.getlist(name))


def make_facet(
    filterset: RecommendationFilter, name: str, options: list[tuple[str, str, int]], at_least: bool = False
) -> Facet:
    chosen = selected(filterset, name)
    label = filterset.filters[name].label
    shown = [Option(value, text, count, value in chosen) for value, text, count in options]
    return Facet(name, label, shown, at_least)


def choice_facet(filterset: RecommendationFilter, name: str, choices, found: dict | None = None) -> Facet:
    """Statuses or kinds, counted by value (or as `found` already); over COUNTED_AT_MOST + 1 of the matching
    recommendations at most."""
    at_least = False
    if found is None:
        recommendations = matching(filterset, name)
        if recommendations is None and counts.kept():
            found = counts.of_facet(name)
        else:
            if recommendations is None:
                recommendations = Recommendation.objects.all()
            else:
                first = recommendations.order_by().values("pk")[: COUNTED_AT_MOST + 1]
                recommendations = Recommendation.objects.filter(pk__in=first)
            found = dict(recommendations.order_by().values_list(name).annotate(n=Count("*")))
            at_least = sum(found.values()) > COUNTED_AT_MOST
    options = [(value, label, found.get(value, 0)) for value, label in choices]
    return make_facet(filterset, name, options, at_least)


def linked_facet(filterset: RecommendationFilter, name: str, field: str, found: dict | None = None) -> Facet:
    """Themes or bodies: links to the matching recommendations counted by object (or as `found` already, by
    id), and the objects in use."""
    relation = Recommendation._meta.get_field(field)
    model, chosen = relation.related_model, selected(filterset, name)
    in_use_or_chosen = Exists(
        relation.remote_field.through.objects.filter(**{relation.m2m_reverse_field_name(): OuterRef("pk")})
    ) | Q(slug__in=chosen)
    if found is not None:
        listed = (
            model.objects.filter(in_use_or_chosen).order_by(*model._meta.ordering).values_list("pk", "slug", "name")
        )
        return make_facet(filterset, name, [(slug, label, found.get(str(pk), 0)) for pk, slug, label in listed])
    recommendations = matching(filterset, name)
    if recommendations is None and counts.kept():
        objects = model.objects.annotate(n=Coalesce(counts.stored(name), 0)).filter(Q(n__gt=0) | Q(slug__in=chosen))
        return make_facet(
            filterset, name, list(objects.order_by(*model._meta.ordering).values_list("slug", "name", "n"))
        )
    links, to = relation.remote_field.through.objects.all(), relation.m2m_reverse_field_name()
    if recommendations is not None:
        links = links.filter(**{f"{relation.m2m_field_name()}__in": recommendations.values("pk")})
    counted = links.order_by().values_list(f"{to}__slug", f"{to}__name").annotate(n=Count("*"))
    listed = model.objects.filter(in_use_or_chosen).order_by()
    found = {}
    for slug, label, n in counted.union(listed.annotate(n=Value(0)).values_list("slug", "name", "n"), all=True):
        found[(slug, label)] = max(found.get((slug, label), 0), n)
    options = sorted(found, key=lambda option: option[1].casefold())
    return make_facet(filterset, name, [(slug, label, found[slug, label]) for slug, label in options])


def report_facet(filterset: RecommendationFilter, name: str, total: int | None, found: dict | None = None) -> Facet:
    """The selected reports, then the REPORT_OPTIONS newest with results: read newest first until enough have
    results when many recommendations match, counted by report when few do (or as `found` already, by id)."""
    if found is not None:
        return make_facet(filterset, name, newest_of_found(found, selected(filterset, name)))
    recommendations = matching(filterset, name)
    if recommendations is None or (total or 0) > DENSE:
        return make_facet(filterset, name, newest_reports_with_results(recommendations, selected(filterset, name)))
    return make_facet(filterset, name, reports_counted(recommendations, selected(filterset, name)))


def newest_reports_with_results(recommendations, chosen: set[str]) -> list[tuple[str, str, int]]:
    """Reports read newest first (the selected first), each counted through the report index."""
    counted = Recommendation.objects.filter(report=OuterRef("pk")).order_by().values("report")
    if recommendations is not None:
        counted = counted.filter(pk__in=recommendations.values("pk"))
    count = Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0)
    reports = Report.objects.annotate(n=count).filter(Q(n__gt=0) | Q(slug__in=chosen))
    reports = reports.order_by(*selected_first(chosen), "-published_on", "title", "id")
    return list(reports.values_list("slug", "title", "n")[: REPORT_OPTIONS + len(chosen)])


def newest_of_found(found: dict[str, int], chosen: set[str]) -> list[tuple[str, str, int]]:
    """The selected reports and the REPORT_OPTIONS newest of those with results, with their counts."""
    with_results = Q(pk__in=[int(pk) for pk, n in found.items() if n]) | Q(slug__in=chosen)
    reports = Report.objects.filter(with_results).order_by(*selected_first(chosen), "-published_on", "title", "id")
    listed = reports.values_list("pk", "slug", "title")[: REPORT_OPTIONS + len(chosen)]
    return [(slug, title, found.get(str(pk), 0)) for pk, slug, title in listed]


def reports_counted(recommendations, chosen: set[str]) -> list[tuple[str, str, int]]:
    """The matching recommendations counted by report, with the selected reports added at 0."""
    fields = ("report__slug", "report__title", "report__published_on", "report_id")
    counted = recommendations.order_by().values_list(*fields).annotate(n=Count("*"))
    listed = Report.objects.filter(slug__in=chosen).order_by().annotate(n=Value(0))
    found = {}
    for *report, n in counted.union(listed.values_list("slug", "title", "published_on", "id", "n"), all=True):
        found[tuple(report)] = max(found.get(tuple(report), 0), n)
    newest = sorted(found, key=lambda r: (r[2] is not None, r[2] and -r[2].toordinal(), r[1], r[3]))
    options = [report for report in newest if report[0] in chosen]
    options += [report for report in newest if report[0] not in chosen and found[report]][:REPORT_OPTIONS]
    return [(slug, title, found[slug, title, day, pk]) for slug, title, day, pk in options]


def selected_first(chosen: set[str]) -> list:
    """An ordering term that puts the selected reports first, or nothing when none is (the newest-first index
    then serves the query, which stops after REPORT_OPTIONS reports)."""
    return [Case(When(slug__in=chosen, then=Value(0)), default=Value(1))] if chosen else []


def unfiltered_total(filterset: RecommendationFilter) -> int | None:
    """How many recommendations the list shows, from the stored counts when it is unfiltered, else None."""
    if filterset.narrows() or not counts.kept():
        return None
    return counts.total()
