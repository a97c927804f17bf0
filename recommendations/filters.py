"""The one FilterSet behind the recommendations list, both exports and the feed, and the list's facet counts.

Each parameter may be repeated and then means any of its values. A value that names nothing makes its field
invalid, and an invalid field matches nothing: the list shows the message and no results, the exports and the
feed answer 400. An unknown ordering falls back to report order (the list says so).
"""

from dataclasses import dataclass

import django_filters
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import STATUS_ORDER, Body, Kind, Recommendation, Report, Status, Theme
from .search import MAX_QUERY_LENGTH, search

ORDERINGS = [
    ("report", "Report order"),
    ("status", "Status"),
    ("changed", "Newest status change"),
    ("relevance", "Relevance (when searching)"),
]
REPORT_ORDER = ("-report__published_on", "report__title", "report_id", "position")
# The report facet lists at most this many reports (the newest with results) besides those selected.
REPORT_OPTIONS = 20
# Above this many results, reports with results are found by reading reports newest first.
DENSE = 2000


class AnyOf(django_filters.MultipleChoiceFilter):
    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class AnyOfSlugs(django_filters.ModelMultipleChoiceFilter):
    """Any of several objects named by slug. A many-to-many relation is matched in a subquery of its link
    table (read from its (object, recommendation) index alone), not a join, so that a recommendation matching
    two of the values appears once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        field = self.model._meta.get_field(self.field_name)
        if not field.many_to_many:
            return qs.filter(**{f"{self.field_name}__in": value})
        links = field.remote_field.through.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": value})
        return qs.filter(pk__in=links.values(field.m2m_field_name()))


def _unknown(what: str) -> dict:
    return {"error_messages": {"invalid_choice": f"there is no {what} “%(value)s”."}}


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label="Words", max_length=MAX_QUERY_LENGTH)
    status = AnyOf(choices=Status.choices, label="Status", **_unknown("status"))
    theme = AnyOfSlugs(field_name="themes", queryset=Theme.objects.all(), label="Theme", **_unknown("theme"))
    addressed_to = AnyOfSlugs(queryset=Body.objects.all(), label="Addressed to", **_unknown("body"))
    report = AnyOfSlugs(queryset=Report.objects.all(), label="Report", **_unknown("report"))
    kind = AnyOf(choices=Kind.choices, label="Kind", **_unknown("kind"))
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS,
        label="Order",
        error_messages={"invalid_choice": "“%(value)s” is not an ordering; choose " + ", ".join(dict(ORDERINGS)) + "."},
    )

    class Meta:
        model = Recommendation
        fields = ["q", "status", "theme", "addressed_to", "report", "kind", "ordering"]

    def filter_words(self, queryset, name, value):
        return search(queryset, value)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.order(self.filter_queryset(self.queryset.all()))
        return self._qs

    def filter_queryset(self, queryset, *, leave_out: str | None = None):
        """Apply every filter but `leave_out` (the ordering is for `order`). An invalid field matches nothing."""
        if set(self.errors) - {"ordering", leave_out}:
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name not in ("ordering", leave_out):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def narrows(self, *, leave_out: str | None = None) -> bool:
        """Whether any filter but `leave_out` (and the ordering) applies: a value given, or an invalid one."""
        if set(self.errors) - {"ordering", leave_out}:
            return True
        return any(value for name, value in self.form.cleaned_data.items() if name not in ("ordering", leave_out))

    def order(self, queryset):
        """Order by the `ordering` asked for, and record in `ordering_applied` which one that came to."""
        searched = "rank" in queryset.query.annotations
        ordering = self.form.cleaned_data.get("ordering") or ("relevance" if searched else "report")
        if ordering == "relevance" and not searched:
            ordering = "report"
        self.ordering_applied = ordering
        if ordering == "relevance":
            return queryset.order_by("-rank", *REPORT_ORDER)
        if ordering == "status":
            return queryset.order_by(STATUS_ORDER, *REPORT_ORDER)
        if ordering == "changed":
            return queryset.order_by(F("status_changed_on").desc(nulls_last=True), *REPORT_ORDER)
        return queryset.order_by(*REPORT_ORDER)

    @property
    def problems(self) -> list[str]:
        """The form's errors as sentences naming the parameter."""
        return [
            f"{self.filters[name].label}: {message}" for name, messages in self.errors.items() for message in messages
        ]


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


def facets(filterset: RecommendationFilter, total: int | None = None) -> list[Facet]:
    """Each filter's options, with how many results each would give under the other current filters.

    One query per facet, each counting only the recommendations the other filters select (all of them, with no
    subquery, when no other filter applies). Statuses and kinds are counted by value; themes and bodies by
    grouping their links to those recommendations, with the themes and bodies in use (or selected) added at 0;
    reports, of which there can be thousands, are the REPORT_OPTIONS newest with results, the selected first.
    `total`, how many recommendations the list shows, when known, tells how best to find those reports.
    """

    def matching(name):
        """The recommendations the filters but `name` select, or None when that is all of them."""
        if not filterset.narrows(leave_out=name):
            return None
        return filterset.filter_queryset(Recommendation.objects.all(), leave_out=name)

    def selected(name) -> set[str]:
        return set(filterset.data.getlist(name))

    def choice_facet(name, choices):
        recommendations = matching(name)
        if recommendations is None and stored_counts_kept():
            counts = {value: n for value, n in stored_counts(name)}
        else:
            recommendations = Recommendation.objects.all() if recommendations is None else recommendations
            counts = dict(recommendations.order_by().values_list(name).annotate(n=Count("*")))
        return _facet(name, [(value, label, counts.get(value, 0)) for value, label in choices])

    def linked_facet(name, field):
        """Themes or bodies: links to the matching recommendations counted by object, and the objects in use."""
        relation = Recommendation._meta.get_field(field)
        links, to = relation.remote_field.through.objects.all(), relation.m2m_reverse_field_name()
        recommendations = matching(name)
        if recommendations is None and stored_counts_kept():
            model = relation.related_model
            stored = RawSQL(STORED_COUNT.format(table=model._meta.db_table), [name], output_field=IntegerField())
            objects = model.objects.annotate(n=Coalesce(stored, 0)).filter(Q(n__gt=0) | Q(slug__in=selected(name)))
            return _facet(name, list(objects.order_by(*model._meta.ordering).values_list("slug", "name", "n")))
        if recommendations is not None:
            links = links.filter(**{f"{relation.m2m_field_name()}__in": recommendations.values("pk")})
        counted = links.order_by().values_list(f"{to}__slug", f"{to}__name").annotate(n=Count("*"))
        in_use = Exists(relation.remote_field.through.objects.filter(**{to: OuterRef("pk")}))
        listed = relation.related_model.objects.filter(in_use | Q(slug__in=selected(name))).order_by()
        counts = {}
        for slug, label, n in counted.union(listed.annotate(n=Value(0)).values_list("slug", "name", "n"), all=True):
            counts[(slug, label)] = max(counts.get((slug, label), 0), n)
        options = sorted(counts, key=lambda option: option[1].casefold())
        return _facet(name, [(slug, label, counts[slug, label]) for slug, label in options])

    def report_facet(name):
        """The selected reports, then the REPORT_OPTIONS newest with results. When many recommendations match,
        reports are read newest first until enough have results; when few do, they are counted by report."""
        chosen = selected(name)
        recommendations = matching(name)
        if recommendations is None or (total or 0) > DENSE:
            counted = Recommendation.objects.filter(report=OuterRef("pk")).order_by().values("report")
            if recommendations is not None:
                counted = counted.filter(pk__in=recommendations.values("pk"))
            count = Coalesce(Subquery(counted.annotate(n=Count("*")).values("n")), 0)
            reports = Report.objects.annotate(n=count).filter(Q(n__gt=0) | Q(slug__in=chosen))
            reports = reports.order_by(*selected_first(chosen), "-published_on", "title", "id")
            return _facet(name, list(reports.values_list("slug", "title", "n")[: REPORT_OPTIONS + len(chosen)]))
        fields = ("report__slug", "report__title", "report__published_on", "report_id")
        counted = recommendations.order_by().values_list(*fields).annotate(n=Count("*"))
        listed = Report.objects.filter(slug__in=chosen).order_by().annotate(n=Value(0))
        counts = {}
        for *report, n in counted.union(listed.values_list("slug", "title", "published_on", "id", "n"), all=True):
            counts[tuple(report)] = max(counts.get(tuple(report), 0), n)
        newest = sorted(counts, key=lambda r: (r[2] is not None, r[2] and -r[2].toordinal(), r[1], r[3]))
        options = [report for report in newest if report[0] in chosen]
        options += [report for report in newest if report[0] not in chosen and counts[report]][:REPORT_OPTIONS]
        return _facet(name, [(slug, title, counts[slug, title, day, pk]) for slug, title, day, pk in options])

    def _facet(name, options):
        chosen = selected(name)
        return Facet(
            name,
            filterset.filters[name].label,
            [Option(value, label, count, value in chosen) for value, label, count in options],
        )

    return [
        choice_facet("status", Status.choices),
        linked_facet("theme", "themes"),
        linked_facet("addressed_to", "addressed_to"),
        report_facet("report"),
        choice_facet("kind", Kind.choices),
    ]


# On PostgreSQL the database keeps the counts of the whole table (migration 0003): the unfiltered list reads them.
STORED_COUNT = "SELECT n FROM recommendation_counts WHERE facet = %s AND value = {table}.id::text"


def stored_counts_kept() -> bool:
    return connection.vendor == "postgresql"


def stored_counts(facet: str) -> list[tuple[str, int]]:
    """(value, count) of each value of a facet over the whole table (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, n FROM recommendation_counts WHERE facet = %s AND n > 0", [facet])
        return cursor.fetchall()


def stored_total(filterset: RecommendationFilter) -> int | None:
    """How many recommendations the list shows, from the stored counts when it is unfiltered, else None."""
    if filterset.narrows() or not stored_counts_kept():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(n), 0) FROM recommendation_counts WHERE facet = 'status'")
        return cursor.fetchone()[0]


def selected_first(chosen: set[str]) -> list:
    """An ordering term that puts the selected reports first, or nothing when none is (the newest-first index
    then serves the query, which stops after REPORT_OPTIONS reports)."""
    return [Case(When(slug__in=chosen, then=Value(0)), default=Value(1))] if chosen else []


def with_recommendation_counts(themes):
    """Themes annotated with `recommendation_count`: from the stored counts on PostgreSQL, else counted."""
    if not stored_counts_kept():
        return themes.annotate(recommendation_count=Count("recommendations"))
    stored = RawSQL(STORED_COUNT.format(table=Theme._meta.db_table), ["theme"], output_field=IntegerField())
    return themes.annotate(recommendation_count=Coalesce(stored, 0))


def stored_status_counts() -> list[tuple[str, str | None, int]]:
    """(status, review name, count) over the whole table, from the stored counts, in one query (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.facet, c.value, review.name, c.n FROM recommendation_counts c"
            " LEFT JOIN recommendations_review review ON c.facet = 'review' AND c.value = review.id::text"
            " WHERE c.facet IN ('status', 'review') AND c.n > 0"
        )
        rows = cursor.fetchall()
    counts = [(value, None, n) for facet, value, _, n in rows if facet == "status" and value != Status.UNDER_REVIEW]
    return counts + [(Status.UNDER_REVIEW, name, n) for facet, value, name, n in rows if facet == "review" and value]
