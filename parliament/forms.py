"""The awaited-responses list's filters: house, committee and department (several values of one mean any)."""

import django_filters

from recommendations.models import Committee, Department, Report

from .records import HOUSES


class AwaitedFilter(django_filters.FilterSet):
    house = django_filters.MultipleChoiceFilter(
        field_name="committee__house",
        choices=[(house, house) for house in HOUSES.values()],
        error_messages={"invalid_choice": "there is no house “%(value)s”."},
    )
    committee = django_filters.ModelMultipleChoiceFilter(
        field_name="committee__slug",
        queryset=Committee.objects.all(),
        to_field_name="slug",
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
