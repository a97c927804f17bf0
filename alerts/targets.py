"""What can be followed: a recommendation, report, theme or review, or a search of the list (its query string,
re-run through the list's FilterSet). `resolve` turns the follow form's fields into a `Followed`;
`describe` names a subscription in mail and on the manage page."""

import hashlib
from dataclasses import dataclass

from django.db.models import Model
from django.http import QueryDict
from django.urls import reverse

from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation, Report, Review, Theme
from recommendations.params import BadParameters, clean_params
from recommendations.params import describe as describe_filters

from .models import Subscription, Target

MODELS = {
    Target.RECOMMENDATION: Recommendation.objects.select_related("report"),
    Target.REPORT: Report.objects.all(),
    Target.THEME: Theme.objects.all(),
    Target.REVIEW: Review.objects.all(),
}


@dataclass
class Followed:
    target: str
    obj: Model | None = None
    query: str = ""
    label: str = ""

    @property
    def key(self) -> str:
        if self.target == Target.SEARCH:
            return "search:" + hashlib.sha256(self.query.encode()).hexdigest()[:40]
        return f"{self.target}:{self.obj.pk}"

    def fields(self) -> dict:
        """The Subscription fields naming what is followed."""
        named = {self.target: self.obj} if self.obj is not None else {}
        return {"target": self.target, "query": self.query, "label": self.label, "key": self.key, **named}


class NotFollowable(Exception):
    """The form names nothing that can be followed. The message says why."""


def resolve(target: str, object_id: int | None, query: str) -> Followed:
    if target == Target.SEARCH:
        return _search(query)
    if target not in MODELS or object_id is None:
        raise NotFollowable("This page cannot be followed.")
    obj = MODELS[target].filter(pk=object_id).first()
    if obj is None:
        raise NotFollowable("What you asked to follow no longer exists.")
    return Followed(target, obj=obj)


def search_filter(query: str, queryset) -> RecommendationFilter:
    return RecommendationFilter(QueryDict(query), queryset=queryset)


def _search(query: str) -> Followed:
    try:
        params = clean_params(QueryDict(query))
    except BadParameters as error:
        raise NotFollowable("This search cannot be followed: " + " ".join(error.args)) from None
    for unused in ("page", "ordering"):
        params.pop(unused, None)
    filterset = search_filter(params.urlencode(), Recommendation.objects.all())
    if filterset.errors:
        raise NotFollowable("This search cannot be followed: " + " ".join(filterset.problems))
    return Followed(Target.SEARCH, query=params.urlencode(), label=search_label(params)[:300])


def search_label(params: QueryDict) -> str:
    """A search in the tracker's own words: the names of its filters and of the values it knows. The words
    searched for, which anyone can type, are never repeated (the label goes into mail to an address nobody has
    confirmed yet)."""
    filters = params.copy()
    words = filters.pop("q", None)
    filterset = search_filter(filters.urlencode(), Recommendation.objects.none())
    described = describe_filters(filterset) if filterset.is_valid() else ""
    parts = (["the words you searched for"] if words else []) + ([described] if described else [])
    return f"Recommendations with {'; '.join(parts)}" if parts else "All recommendations"


def describe(subscription: Subscription) -> str:
    """The thing followed, in words. Reads the followed object, which the caller selects with the subscription."""
    match subscription.target:
        case Target.RECOMMENDATION:
            recommendation = subscription.recommendation
            return f"{recommendation.get_kind_display()} {recommendation.number} of “{recommendation.report.title}”"
        case Target.REPORT:
            return f"The report “{subscription.report.title}”"
        case Target.THEME:
            return f"The theme “{subscription.theme.name}”"
        case Target.REVIEW:
            return f"Recommendations deferred to the {subscription.review.name}"
    return subscription.label


def path_of(subscription: Subscription) -> str:
    """The page of the thing followed."""
    match subscription.target:
        case Target.RECOMMENDATION:
            return subscription.recommendation.get_absolute_url()
        case Target.REPORT:
            return subscription.report.get_absolute_url()
        case Target.THEME:
            return subscription.theme.get_absolute_url()
        case Target.REVIEW:
            return reverse("review_detail", args=[subscription.review.slug])
    return reverse("recommendation_list") + (f"?{subscription.query}" if subscription.query else "")


# What a subscription's description and page read, for select_related.
FOLLOWED_RELATIONS = ("recommendation__report", "report", "theme", "review")
