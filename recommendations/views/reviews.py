"""The reviews recommendations were deferred to, and each review's outcome: its documents and what became of the
recommendations deferred to it."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..freshness import public_page
from ..models import (
    Recommendation,
    Review,
    StatusEntry,
)

REVIEW_RECOMMENDATIONS = 100  # a review's page lists at most this many of its deferred recommendations, newest first


@public_page()
@require_safe
def review_list(request):
    deferred = (
        StatusEntry.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(n=Count("recommendation", distinct=True))
        .values("n")
    )
    reviews = Review.objects.annotate(
        deferred_count=Coalesce(Subquery(deferred), 0), document_count=Count("documents")
    ).order_by("name")
    return render(request, "recommendations/review_list.html", {"reviews": reviews})


@public_page()
@require_safe
def review_detail(request, slug):
    review = get_object_or_404(Review, slug=slug)
    ever_deferred = StatusEntry.objects.filter(review=review).values("recommendation")
    recommendations = (
        Recommendation.objects.filter(pk__in=ever_deferred)
        .select_related("report", "review")
        .order_by("-report__published_on", "report__title", "position")
    )
    return render(
        request,
        "recommendations/review_detail.html",
        {
            "review": review,
            "documents": review.documents.order_by("published_on", "title"),
            "recommendations": recommendations[:REVIEW_RECOMMENDATIONS],
            "deferred_count": recommendations.count(),
        },
    )
