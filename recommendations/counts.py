"""Readers of the counts of the whole table that PostgreSQL keeps (models.RecommendationCount).

Each reader says what it answers; where the counts are not kept (SQLite), the callers count as they go.
"""

import datetime

from django.db.models import Count, Func, OuterRef, Subquery, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce

from .models import Commitment, RecommendationCount, Review, Status

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
    rows = (
        RecommendationCount.objects.filter(facet__in=["status", "review"], n__gt=0)
        .annotate(review_name=_review_name(OuterRef("value")))
        .values_list("facet", "value", "review_name", "n")
    )
    counts = [(value, None, n) for facet, value, _, n in rows if facet == "status" and value != Status.UNDER_REVIEW]
    return counts + [(Status.UNDER_REVIEW, name, n) for facet, value, name, n in rows if facet == "review" and value]


def _review_name(key) -> Subquery:
    """The name of the review whose id (as text) is `key`."""
    reviews = Review.objects.annotate(key=Cast("pk", output_field=TextField()))
    return Subquery(reviews.filter(key=key).values("name")[:1])


def theme_status_counts(theme_id: int | None = None) -> dict[int, list[tuple[str, str | None, int]]]:
    """{theme id: [(status, review name, count)]} of the theme links (of one theme, given its id), in one query."""
    review_id = Func(OuterRef("value"), Value("|"), Value(3), function="split_part", output_field=TextField())
    rows = RecommendationCount.objects.filter(facet="theme_status", n__gt=0)
    if theme_id is not None:
        rows = rows.filter(value__startswith=f"{theme_id}|")
    rows = rows.annotate(review_name=_review_name(review_id)).values_list("value", "review_name", "n")
    by_theme = {}
    for value, review_name, n in rows:
        theme, status, _ = value.split("|")
        by_theme.setdefault(int(theme), []).append((status, review_name, n))
    return by_theme


def commitment_states(today: datetime.date) -> dict[str, int]:
    """{state: count} of the public commitments, and how many are "overdue" (open, due before `today`), in one
    query (the overdue ones counted from their index)."""
    stored = RecommendationCount.objects.filter(facet="commitment_state").exclude(value="").values_list("value", "n")
    overdue = (
        Commitment.objects.public()
        .overdue(today)
        .order_by()
        .values(key=Value("overdue", output_field=TextField()))
        .annotate(n=Count("*"))
        .values_list("key", "n")
    )
    return dict(stored.union(overdue, all=True))
