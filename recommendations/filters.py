"""The one FilterSet behind the recommendations list, both exports and the feed, and the list's facet counts.

Each parameter may be repeated and then means any of its values. A value that names nothing makes its field
invalid, and an invalid field matches nothing: the list shows the message and no results, the exports and the
feed answer 400. An unknown ordering falls back to report order (the list says so).
"""

from dataclasses import dataclass

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from .models import Body, Kind, Recommendation, Report, Status, Theme
from .search import MAX_QUERY_LENGTH, search

ORDERINGS = [
    ("report", "Report order"),
    ("status", "Status"),
    ("changed", "Newest status change"),
    ("relevance", "Relevance (when searching)"),
]
REPORT_ORDER = ("-report__published_on", "report__title", "report_id", "position")
STATUS_ORDER = Case(
    *(When(status=value, then=Value(i)) for i, value in enumerate(Status.values)), output_field=IntegerField()
)


class AnyOf(django_filters.MultipleChoiceFilter):
    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class AnyOfSlugs(django_filters.ModelMultipleChoiceFilter):
    """Any of several objects named by slug. A many-to-many relation is matched in a subquery, not a join,
    so that a recommendation matching two of the values appears once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        lookup = {f"{self.field_name}__in": value}
        if not self.model._meta.get_field(self.field_name).many_to_many:
            return qs.filter(**lookup)
        return qs.filter(pk__in=Recommendation.objects.filter(**lookup).values("pk"))


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


def facets(filterset: RecommendationFilter) -> list[Facet]:
    """Each filter's options, with how many results each would give under the other current filters.

    One query per facet: choices are counted by value, objects are annotated with their count.
    """

    def others(name):
        return filterset.filter_queryset(filterset.queryset, leave_out=name).values("pk")

    def choice_facet(name, choices):
        counts = dict(
            Recommendation.objects.filter(pk__in=others(name))
            .order_by()
            .values(name)
            .annotate(n=Count("pk"))
            .values_list(name, "n")
        )
        return _facet(name, [(value, label, counts.get(value, 0)) for value, label in choices])

    def object_facet(name, model, relation, label):
        # Meta.ordering is not applied to a query with GROUP BY: it is asked for again.
        objects = (
            model.objects.only("slug", label)
            .annotate(total=Count(relation), n=Count(relation, filter=Q(**{f"{relation}__in": others(name)})))
            .order_by(*model._meta.ordering)
        )
        # Objects no recommendation refers to (a body that only replies, say) are left out unless asked for.
        return _facet(name, [(o.slug, getattr(o, label), o.n) for o in objects if o.total or o.slug in selected(name)])

    def selected(name):
        return set(filterset.data.getlist(name))

    def _facet(name, options):
        chosen = selected(name)
        return Facet(
            name,
            filterset.filters[name].label,
            [Option(value, label, count, value in chosen) for value, label, count in options],
        )

    return [
        choice_facet("status", Status.choices),
        object_facet("theme", Theme, "recommendations", "name"),
        object_facet("addressed_to", Body, "recommendations_addressed", "name"),
        object_facet("report", Report, "recommendations", "title"),
        choice_facet("kind", Kind.choices),
    ]
