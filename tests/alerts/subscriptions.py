"""A confirmed subscription made directly, for the alerts tests that need one without the mail round trip."""

from django.utils import timezone

from alerts.models import Subscriber, Subscription
from recommendations.models import Recommendation


def confirmed_subscription(subscriber: Subscriber, recommendation: Recommendation, **fields) -> Subscription:
    return Subscription.objects.create(
        subscriber=subscriber,
        target="recommendation",
        recommendation=recommendation,
        key=f"recommendation:{recommendation.pk}",
        frequency="immediate",
        confirmed_at=timezone.now(),
        **fields,
    )
