"""The filter of the written questions list: theme, department, house and words."""

import django_filters
from django.db.models import Q

from .models import Theme, WrittenQuestion


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
