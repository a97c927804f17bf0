"""Readers of the counts of the whole table that PostgreSQL keeps (models.RecommendationCount).

Each reader says what it answers; where the counts are not kept (SQLite), the callers count as they go.
"""

from django.db.models import Count, OuterRef, Subquery, Sum, TextField
from django.db.models.functions import Cast, Coalesce

from .models import RecommendationCount, Review, Status

kept = RecommendationCount.kept


def of_facet(facet: str) -> dict[str, int]:
    """{value: count} of each value of a facet that has recommendations."""
    return dict(RecommendationCount.objects.filter(facet=facet, n__gt=0).values_list("value", "n"))


def total() -> int:
    """How many recommendations there are."""
    return RecommendationCount.objects.filter(facet="status").aggregate(n=Coalesce(Sum("n"), 0))["n"]


def stored(facet: str) -> Subquery:
    """The stored count of the object of the outer query (a theme or a body) under `facet`, NULL when none."""
    counted = RecommendationCount.objects.filter(facet=facet, value=Cast(OuterRef("pk"), output_field=TextField()))
    return Subquery(counted.values("n")[:1])


def with_recommendation_counts(themes):
    """Themes annotated with `recommendation_count`: stored on PostgreSQL, else counted."""
    if not kept():
        return themes.annotate(recommendation_count=Count("recommendations"))
    return themes.annotate(recommendation_count=Coalesce(stored("theme"), 0))


def status_counts() -> list[tuple[str, str | None, int]]:
    """(status, review name, count) over the whole table, in one query."""
    reviews = Review.objects.annotate(key=Cast("pk", output_field=TextField()))
    review_name = reviews.filter(key=OuterRef("value")).values("name")
    rows = (
        RecommendationCount.objects.filter(facet__in=["status", "review"], n__gt=0)
        .annotate(review_name=Subquery(review_name[:1]))
        .values_list("facet", "value", "review_name", "n")
    )
    counts = [(value, None, n) for facet, value, _, n in rows if facet == "status" and value != Status.UNDER_REVIEW]
    return counts + [(Status.UNDER_REVIEW, name, n) for facet, value, name, n in rows if facet == "review" and value]
