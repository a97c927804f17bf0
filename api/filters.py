"""The API's filters: the public list's FilterSets, plus the report's committee and responding department for
recommendations and reports."""

import django_filters

from recommendations.filters import CommitmentFilter, QuestionFilter, RecommendationFilter
from recommendations.models import Committee, Department, Report


class ReportAny(django_filters.ModelMultipleChoiceFilter):
    """Any of several objects (by slug) that the report, or the object's report, points to."""

    def __init__(self, *args, through: str, what: str, **kwargs):
        self.through = through
        super().__init__(
            *args, to_field_name="slug", error_messages={"invalid_choice": f"there is no {what} “%(value)s”."}, **kwargs
        )

    def filter(self, qs, value):
        return qs.filter(**{f"{self.through}__in": value}) if value else qs


class ApiRecommendationFilter(RecommendationFilter):
    committee = ReportAny(
        queryset=Committee.objects.all(), label="Committee", through="report__committee", what="committee"
    )
    department = ReportAny(
        queryset=Department.objects.all(),
        label="Department",
        through="report__responding_department",
        what="department",
    )

    class Meta(RecommendationFilter.Meta):
        fields = [*RecommendationFilter.Meta.fields, "committee", "department"]


class ReportFilter(django_filters.FilterSet):
    committee = ReportAny(queryset=Committee.objects.all(), label="Committee", through="committee", what="committee")
    department = ReportAny(
        queryset=Department.objects.all(), label="Department", through="responding_department", what="department"
    )

    class Meta:
        model = Report
        fields = ["committee", "department"]


FILTERSETS = {
    "recommendations": ApiRecommendationFilter,
    "reports": ReportFilter,
    "commitments": CommitmentFilter,
    "questions": QuestionFilter,
}


def problems(filterset) -> list[str]:
    """The errors of a FilterSet as sentences naming the parameter, as the public list shows them."""
    return [f"{name}: {message}" for name, messages in filterset.errors.items() for message in messages]
