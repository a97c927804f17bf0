"""The list's facets: each filter's options, with how many results each would give under the other filters.

Every facet that counts a subset of the recommendations is counted in one query (`count_facets`): the facets
whose parameter is not in use count the list's own results (a search is run once, not once per facet), and each
facet in use counts the recommendations the other filters select. Each set is read once (a materialised CTE), and
a facet counts FACETED_AT_MOST + 1 of its recommendations at most: counting the links of a common word's 100,000
results would cost more than the page, so a facet counted over fewer than all says so (`at_least`: its counts are
lower bounds, shown "n+"). The list's own results are read further, COUNTED_AT_MOST + 1, to give its count.
A facet that counts every recommendation (the list unfiltered, or only its own filter in use) reads the counts
PostgreSQL keeps (counts.py), or, elsewhere, counts the table.
Statuses and kinds are counted by value; themes and bodies by their links to those recommendations, with the
themes and bodies in use (or selected) listed at 0; reports, of which there can be thousands, are the
REPORT_OPTIONS newest with results, the selected first.
"""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from . import counts
from .filters import RecommendationFilter
from .models import Implementation, Kind, Recommendation, Report, Status

# The report facet lists at most this many reports (the newest with results) besides those selected.
REPORT_OPTIONS = 20
# The most results the list counts (as it pages through them; listing.LISTED), and the most a facet counts: the
# links to themes and bodies of 10,000 results cost more than the rest of the page.
COUNTED_AT_MOST = 10_000
FACETED_AT_MOST = 2_000


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
    at_least: bool = False  # counted over the first FACETED_AT_MOST + 1 results only


FACETS = ("status", "theme", "addressed_to", "report", "kind", "implementation")
LIST = ""  # count_facets' name for the list's own results
# How each facet counts a set of recommendations (the CTE {matched}, with their id, status, kind, report and
# implementation).
COUNTED = {
    "status": "SELECT '{facet}', status, count(*) FROM {matched} GROUP BY status",
    "kind": "SELECT '{facet}', kind, count(*) FROM {matched} GROUP BY kind",
    "implementation": "SELECT '{facet}', implementation, count(*) FROM {matched} GROUP BY implementation",
    # Only the selected and the newest with results are shown.
    "report": "SELECT * FROM (SELECT '{facet}', CAST({matched}.report_id AS text), count(*) FROM {matched}"
    " JOIN {reports} report ON report.id = {matched}.report_id GROUP BY {matched}.report_id, report.published_on,"
    " report.title ORDER BY CASE WHEN {matched}.report_id IN ({chosen_ids}) THEN 0 ELSE 1 END,"
    " report.published_on DESC, report.title, {matched}.report_id LIMIT {reports_shown}) newest_{facet}",
    "theme": "SELECT '{facet}', CAST(link.theme_id AS text), count(*) FROM {matched}"
    " JOIN {themes} link ON link.recommendation_id = {matched}.id GROUP BY link.theme_id",
    "addressed_to": "SELECT '{facet}', CAST(link.body_id AS text), count(*) FROM {matched}"
    " JOIN {bodies} link ON link.recommendation_id = {matched}.id GROUP BY link.body_id",
}
READ = "read"  # a row of count_facets' query: how many recommendations a set holds, as far as it was read


@dataclass
class Counted:
    """What count_facets read: each facet's counts, and how many results each set held, as far as it read."""

    found: dict[str, dict[str, int]] = field(default_factory=dict)  # facet → {value: count}
    read: dict[str, int] = field(default_factory=dict)  # facet, or LIST → recommendations read

    @property
    def list_total(self) -> int | None:
        """How many results the list's filters match (COUNTED_AT_MOST + 1 at most), None when not counted."""
        return self.read.get(LIST)


def count_facets(filterset: RecommendationFilter) -> Counted:
    """The counts of every facet over a subset of the recommendations, in one query: the list's results (when it
    is filtered or searched) for the facets not in use, and for each facet in use the results of the other
    filters (when there are any). Each set is one materialised CTE: COUNTED_AT_MOST + 1 of the list's results (they
    give its count), FACETED_AT_MOST + 1 of the others; each facet counts FACETED_AT_MOST + 1 of its set at most.
    """
    sets = {}  # CTE name → (its recommendations, the facets counted over them, the name its size is read under)
    free = [name for name in FACETS if not in_use(filterset, name)]
    if filterset.narrows():
        sets["matched"] = (filterset.filter_queryset(Recommendation.objects.all()), free, LIST)
    for name in FACETS:
        if in_use(filterset, name) and (recommendations := matching(filterset, name)) is not None:
            sets[f"matched_{name}"] = (recommendations, [name], name)
    chosen_reports = _chosen_reports(filterset)
    counted = Counted(found={name: {} for _, names, _ in sets.values() for name in names})
    ctes, parts, params = [], [], []
    for cte, (recommendations, names, read_as) in sets.items():
        at_most = COUNTED_AT_MOST if read_as == LIST else FACETED_AT_MOST  # the list's own results give its count
        columns = recommendations.order_by().values("id", "status", "kind", "report_id", "implementation")
        try:
            sql, cte_params = columns[: at_most + 1].query.sql_with_params()
        except EmptyResultSet:  # a filter names nothing
            counted.read[read_as] = 0
            continue
        ctes.append(f"{cte} AS MATERIALIZED ({sql})")
        params.extend(cte_params)
        faceted = cte
        if at_most > FACETED_AT_MOST:
            faceted = f"{cte}_faceted"
            ctes.append(f"{faceted} AS (SELECT * FROM {cte} LIMIT {FACETED_AT_MOST + 1})")
        parts += [COUNTED[name].format(facet=name, matched=faceted, **TABLES, **chosen_reports) for name in names]
        parts.append(f"SELECT '{READ}', '{read_as}', count(*) FROM {cte}")
    if not ctes:
        return counted
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}", params)
        for facet, value, n in cursor.fetchall():
            if facet == READ:
                counted.read[value] = n
            else:
                counted.found[facet][str(value)] = n
    return counted


def _chosen_reports(filterset: RecommendationFilter) -> dict[str, str]:
    """The ids of the selected reports, which the report count puts first (0, no report's, when none is), and how
    many reports it shows."""
    ids = [int(report.pk) for report in filterset.form.cleaned_data.get("report") or []]
    return {"chosen_ids": ", ".join(map(str, ids or [0])), "reports_shown": str(REPORT_OPTIONS + len(ids))}


TABLES = {
    "themes": Recommendation.themes.through._meta.db_table,
    "bodies": Recommendation.addressed_to.through._meta.db_table,
    "reports": Report._meta.db_table,
}


def facets(filterset: RecommendationFilter, counted: Counted | None = None) -> list[Facet]:
    """The six facets of the list; `counted`, the count_facets when already read."""
    counted = count_facets(filterset) if counted is None else counted
    found = counted.found
    shown = [
        choice_facet(filterset, "status", Status.choices, found.get("status")),
        linked_facet(filterset, "theme", "themes", found.get("theme")),
        linked_facet(filterset, "addressed_to", "addressed_to", found.get("addressed_to")),
        report_facet(filterset, "report", found.get("report")),
        choice_facet(filterset, "kind", Kind.choices, found.get("kind")),
        choice_facet(filterset, "implementation", Implementation.choices, found.get("implementation")),
    ]
    for facet in shown:
        read_as = facet.name if in_use(filterset, facet.name) else LIST
        facet.at_least = counted.read.get(read_as, 0) > FACETED_AT_MOST
    return shown


def in_use(filterset: RecommendationFilter, name: str) -> bool:
    return name in filterset.errors or bool(filterset.form.cleaned_data.get(name))


def matching(filterset: RecommendationFilter, name: str):
    """The recommendations the filters but `name` select, or None when that is all of them."""
    if not filterset.narrows(leave_out=name):
        return None
    return filterset.filter_queryset(Recommendation.objects.all(), leave_out=name)


def selected(filterset: RecommendationFilter, name: str) -> set[str]:
    return set(filterset.data.getlist(name))


def make_facet(filterset: RecommendationFilter, name: str, options: list[tuple[str, str, int]]) -> Facet:
    chosen = selected(filterset, name)
    label = filterset.filters[name].label
    shown = [Option(value, text, count, value in chosen) for value, text, count in options]
    return Facet(name, label, shown)


def choice_facet(filterset: RecommendationFilter, name: str, choices, found: dict | None = None) -> Facet:
    """Statuses or kinds, counted by value: as `found` by count_facets, else over every recommendation."""
    if found is None:
        if counts.kept():
            found = counts.of_facet(name)
        else:
            found = dict(Recommendation.objects.order_by().values_list(name).annotate(n=Count("*")))
    options = [(value, label, found.get(value, 0)) for value, label in choices]
    return make_facet(filterset, name, options)


def linked_facet(filterset: RecommendationFilter, name: str, field: str, found: dict | None = None) -> Facet:
    """Themes or bodies, with how many recommendations link to each: as `found` by count_facets (by id), else
    over every recommendation; the objects in use, or selected, are listed at 0."""
    relation = Recommendation._meta.get_field(field)
    model, chosen = relation.related_model, selected(filterset, name)
    through, to = relation.remote_field.through.objects, relation.m2m_reverse_field_name()
    if found is None:
        if counts.kept():
            n = counts.stored(name)
        else:
            n = Subquery(
                through.filter(**{to: OuterRef("pk")}).order_by().values(to).annotate(n=Count("*")).values("n")
            )
        objects = model.objects.annotate(n=Coalesce(n, 0)).filter(Q(n__gt=0) | Q(slug__in=chosen))
        return make_facet(
            filterset, name, list(objects.order_by(*model._meta.ordering).values_list("slug", "name", "n"))
        )
    in_use_or_chosen = Exists(through.filter(**{to: OuterRef("pk")})) | Q(slug__in=chosen)
    listed = model.objects.filter(in_use_or_chosen).order_by(*model._meta.ordering).values_list("pk", "slug", "name")
    return make_facet(filterset, name, [(slug, label, found.get(str(pk), 0)) for pk, slug, label in listed])


def report_facet(filterset: RecommendationFilter, name: str, found: dict | None = None) -> Facet:
    """The selected reports, then the REPORT_OPTIONS newest with results: as `found` by count_facets (by id),
    else read newest first until enough have recommendations."""
    if found is not None:
        return make_facet(filterset, name, newest_of_found(found, selected(filterset, name)))
    return make_facet(filterset, name, newest_reports_with_results(selected(filterset, name)))


def newest_reports_with_results(chosen: set[str]) -> list[tuple[str, str, int]]:
    """Reports read newest first (the selected first), each counted through the report index."""
    counted = Recommendation.objects.filter(report=OuterRef("pk")).order_by().values("report")
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


def selected_first(chosen: set[str]) -> list:
    """An ordering term that puts the selected reports first, or nothing when none is (the newest-first index
    then serves the query, which stops after REPORT_OPTIONS reports)."""
    return [Case(When(slug__in=chosen, then=Value(0)), default=Value(1))] if chosen else []


def unfiltered_total(filterset: RecommendationFilter) -> int | None:
    """How many recommendations the list shows, from the stored counts when it is unfiltered, else None."""
    if filterset.narrows() or not counts.kept():
        return None
    return counts.total()
