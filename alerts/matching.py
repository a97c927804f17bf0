"""Planning deliveries: which recorded events concern which confirmed subscriptions.

Each subscription remembers the last event it was matched against (`matched_through`); a run matches it against
the events since, creates one Delivery per (subscription, event) and moves the mark, in one transaction. A run
stopped half-way leaves every subscription either matched or not, never half.
"""

import datetime

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from recommendations.models import Recommendation

from .models import KEEP_DAYS, MAX_ATTEMPTS, Delivery, DeliveryState, Event, Subscription, Target
from .targets import search_filter


def plan_deliveries(frequencies: list[str]) -> int:
    """Create the deliveries of the events recorded since each subscription was last matched. Returns how many."""
    last = Event.objects.aggregate(last=Max("id"))["last"] or 0
    behind = Subscription.objects.filter(
        frequency__in=frequencies, confirmed_at__isnull=False, matched_through__lt=last
    ).order_by("pk")
    planned = 0
    for subscription in behind.iterator():
        with transaction.atomic():
            events = Event.objects.filter(id__gt=subscription.matched_through, id__lte=last)
            matched = matching_events(subscription, events)
            Delivery.objects.bulk_create(
                [
                    Delivery(subscription=subscription, event_id=event_id, recommendation_ids=ids)
                    for event_id, ids in matched.items()
                ],
                ignore_conflicts=True,
            )
            Subscription.objects.filter(pk=subscription.pk).update(matched_through=last)
        planned += len(matched)
    return planned


def matching_events(subscription: Subscription, events) -> dict[int, list[int]]:
    """{event id: [ids of its recommendations the subscription follows]} for those of `events` that concern
    what the subscription follows. An event about a report or review as a whole lists no recommendation."""
    links = Event.recommendations.through.objects.filter(event__in=events)
    whole = events.none()
    match subscription.target:
        case Target.RECOMMENDATION:
            links = links.filter(recommendation=subscription.recommendation_id)
        case Target.REPORT:
            links = links.filter(recommendation__report=subscription.report_id)
            whole = events.filter(report_id=subscription.report_id)
        case Target.THEME:
            links = links.filter(recommendation__themes=subscription.theme_id)
        case Target.REVIEW:
            links = links.filter(recommendation__review=subscription.review_id)
            whole = events.filter(review_id=subscription.review_id)
        case Target.SEARCH:
            concerned = Recommendation.objects.filter(pk__in=links.values("recommendation"))
            matching = search_filter(subscription.query, concerned).qs.order_by().values("pk")
            links = links.filter(recommendation__in=matching)
    matched: dict[int, list[int]] = {}
    for event_id, recommendation_id in links.order_by("event", "recommendation").values_list("event", "recommendation"):
        matched.setdefault(event_id, []).append(recommendation_id)
    for event_id in whole.values_list("id", flat=True):
        matched.setdefault(event_id, [])
    return matched


def forget_delivered() -> int:
    """Delete what is no longer needed: deliveries sent (or given up) more than KEEP_DAYS ago, then the events
    as old that no delivery refers to and every confirmed subscription has been matched past. Returns how
    many events were deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_DAYS)
    done = Q(state=DeliveryState.SENT) | Q(attempts__gte=MAX_ATTEMPTS)
    Delivery.objects.filter(done, event__created_at__lt=cutoff).delete()
    last = Event.objects.aggregate(last=Max("id"))["last"] or 0
    matched = Subscription.objects.filter(confirmed_at__isnull=False).aggregate(least=Min("matched_through"))["least"]
    unneeded = Event.objects.filter(created_at__lt=cutoff, id__lte=last if matched is None else matched)
    _, deleted = unneeded.filter(deliveries__isnull=True).delete()
    return deleted.get(Event._meta.label, 0)
