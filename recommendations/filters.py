"""The one FilterSet behind the recommendations list, both exports and the feed (the list's facets: facets.py).

Each parameter may be repeated and then means any of its values. A value that names nothing makes its field
invalid, and an invalid field matches nothing: the list shows the message and no results, the exports and the
feed answer 400. An unknown ordering falls back to report order (the list says so).
"""

from html import escape

import django_filters
from django import forms
from django.db.models import F, Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import (
    COMMITTEE_HOUSES,
    STATUS_ORDER,
    Body,
    Commitment,
    CommitmentState,
    Committee,
    Department,
    Implementation,
    Kind,
    Recommendation,
    Report,
    Status,
    Theme,
    WrittenQuestion,
)
from .search import MAX_QUERY_LENGTH, search
from .selectors import OVERDUE, overdue_q

ORDERINGS = [
    ("report", "Report order"),
    ("status", "Status"),
    ("changed", "Newest status change"),
    ("relevance", "Relevance (when searching)"),
]
REPORT_ORDER = ("-report__published_on", "report__title", "report_id", "position")
OFFERED_REPORTS = 20  # a report filter's options: the chosen reports and this many of the newest


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


class ManyOptions(forms.SelectMultiple):
    """A multiple select written in one pass rather than through a template per option: the thousands of
    reports cost milliseconds, not a second."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(one) for one in self.format_value(value)}
        options = "\n".join(
            f'<option value="{escape(str(key))}"{" selected" * (str(key) in chosen)}>{escape(str(label))}</option>'
            for key, label in self.choices
        )
        attrs = flatatt({**self.build_attrs(self.attrs, attrs), "name": name, "multiple": True})
        return format_html("<select{}>\n{}\n</select>", attrs, mark_safe(options))


class ReportSlugs(forms.MultipleChoiceField):
    """Report slugs, checked against the database in one query: there can be thousands, so its options (`choices`)
    are only those a page offers (see `offer_reports`), not every report."""

    def validate(self, value):
        forms.Field.validate(self, value)
        known = set(Report.objects.filter(slug__in=value).values_list("slug", flat=True)) if value else set()
        for slug in value:
            if slug not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )


class ReportSlugsFilter(django_filters.MultipleChoiceFilter):
    field_class = ReportSlugs


def offer_reports(field, chosen: list[str], offered) -> None:
    """Set a ReportSlugs field's options: the chosen reports, then the OFFERED_REPORTS newest of `offered`."""
    newest = offered.exclude(slug__in=chosen).order_by("-published_on", "title")[:OFFERED_REPORTS]
    field.choices = list(newest.values_list("slug", "title"))
    if chosen:
        chosen_reports = Report.objects.filter(slug__in=chosen).order_by(*Report._meta.ordering)
        field.choices = [*chosen_reports.values_list("slug", "title"), *field.choices]


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label="Words", max_length=MAX_QUERY_LENGTH)
    status = AnyOf(choices=Status.choices, label="Status", **_unknown("status"))
    theme = AnyOfSlugs(field_name="themes", queryset=Theme.objects.all(), label="Theme", **_unknown("theme"))
    addressed_to = AnyOfSlugs(queryset=Body.objects.all(), label="Addressed to", **_unknown("body"))
    report = AnyOfSlugs(queryset=Report.objects.all(), label="Report", **_unknown("report"))
    kind = AnyOf(choices=Kind.choices, label="Kind", **_unknown("kind"))
    implementation = AnyOf(choices=Implementation.choices, label="Implementation", **_unknown("implementation"))
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS,
        label="Order",
        error_messages={"invalid_choice": "“%(value)s” is not an ordering; choose " + ", ".join(dict(ORDERINGS)) + "."},
    )

    class Meta:
        model = Recommendation
        fields = ["q", "status", "theme", "addressed_to", "report", "kind", "implementation", "ordering"]

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


STATES = [*CommitmentState.choices, (OVERDUE, "Overdue (open, past its due date)")]


class CommitmentFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=STATES, method="filter_state", error_messages={"invalid_choice": "there is no state “%(value)s”."}
    )
    report = ReportSlugsFilter(
        field_name="report__slug",
        widget=ManyOptions(attrs={"aria-describedby": "report-help"}),
        error_messages={"invalid_choice": "there is no report “%(value)s”."},
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="recommendations__themes__slug",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        distinct=True,
        error_messages={"invalid_choice": "there is no theme “%(value)s”."},
    )
    responder = django_filters.ModelMultipleChoiceFilter(
        field_name="responder__slug",
        queryset=Body.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "there is no body “%(value)s”."},
    )

    class Meta:
        model = Commitment
        fields = ["state", "report", "theme", "responder"]

    def filter_state(self, queryset, name, values):
        if not values:
            return queryset
        wanted = Q(state__in=[value for value in values if value != OVERDUE])
        if OVERDUE in values:
            wanted |= overdue_q()
        return queryset.filter(wanted)

    @property
    def problems(self) -> list[str]:
        return [f"{name.capitalize()}: {message}" for name, messages in self.errors.items() for message in messages]

    def matching(self):
        """The public commitments the parameters select; none when a parameter names nothing."""
        return self.qs if self.is_valid() else self.queryset.none()


class QuestionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Words", max_length=500)
    theme = django_filters.ChoiceFilter(field_name="themes__slug", label="Theme", empty_label="Any theme")
    department = django_filters.ChoiceFilter(label="Department", empty_label="Any department")
    house = django_filters.ChoiceFilter(label="House", empty_label="Either House")

    class Meta:
        model = WrittenQuestion
        fields = ["q", "theme", "department", "house"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are read once here (two queries) so that validating and rendering the form reads no more.
        self.filters["theme"].extra["choices"] = list(Theme.objects.values_list("slug", "name"))
        pairs = set(WrittenQuestion.objects.order_by().values_list("department", "house").distinct())
        self.filters["department"].extra["choices"] = [(d, d) for d in sorted({d for d, _ in pairs if d})]
        self.filters["house"].extra["choices"] = [(h, h) for h in sorted({h for _, h in pairs if h})]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(heading__icontains=word) | Q(question_text__icontains=word) | Q(answer_text__icontains=word)
            )
        return queryset


class AwaitedFilter(django_filters.FilterSet):
    """The awaited-responses list's filters: house, committee and department (several values of one mean any)."""

    house = django_filters.MultipleChoiceFilter(
        field_name="committee__house",
        choices=[(house, house) for house in COMMITTEE_HOUSES],
        error_messages={"invalid_choice": "there is no house “%(value)s”."},
    )
    committee = django_filters.ModelMultipleChoiceFilter(
        field_name="committee__slug",
        queryset=Committee.objects.all(),
        to_field_name="slug",
        widget=ManyOptions,
        error_messages={"invalid_choice": "there is no committee “%(value)s”."},
    )
    department = django_filters.ModelMultipleChoiceFilter(
        field_name="responding_department__slug",
        queryset=Department.objects.all(),
        to_field_name="slug",
        error_messages={"invalid_choice": "there is no department “%(value)s”."},
    )

    class Meta:
        model = Report
        fields = ["house", "committee", "department"]

    @property
    def problems(self) -> list[str]:
        return [f"{name}: {message}" for name, messages in self.errors.items() for message in messages]
