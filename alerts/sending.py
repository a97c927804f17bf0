"""Sending the planned deliveries: one mail per address per run, combining all its subscriptions.

Each address is sent its mail in its own transaction, which first claims the address's deliveries: it locks
those still to send (skipping any another run holds) and re-reads their state and their subscription's
frequency, so that two runs whose due lists overlap (an immediate and a daily run, a subscription's frequency
changed in between) never send one delivery twice. The mail is sent, then the deliveries are marked sent and the
transaction commits: a run stopped between two addresses has sent and marked the first, and the next run sends
the second. A mail the server refuses marks its deliveries failed (with the error, shown in the admin); they go
again on the next run. The Message-ID is made from the deliveries, so that in the instant between the server
accepting a mail and the database recording it, a repeat would carry the same id (and mail clients show it once).
"""

import itertools
import logging
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from recommendations.models import Recommendation

from . import links
from .models import MAX_ATTEMPTS, Delivery, DeliveryState, Event, Frequency
from .targets import FOLLOWED_RELATIONS, describe, path_of

logger = logging.getLogger(__name__)

# An event about more recommendations than this (a new report) lists this many and links to the rest.
LISTED_RECOMMENDATIONS = 5


@dataclass
class Item:
    """One change in a mail, with the subscriptions of the address it concerns."""

    event: Event
    recommendations: list[dict]
    more: int
    more_url: str
    because: list[str] = field(default_factory=list)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def due_deliveries(frequencies: list[str]):
    relations = [f"subscription__{name}" for name in FOLLOWED_RELATIONS]
    return (
        Delivery.objects.filter(
            state__in=[DeliveryState.PENDING, DeliveryState.FAILED],
            subscription__frequency__in=frequencies,
            subscription__confirmed_at__isnull=False,
            attempts__lt=MAX_ATTEMPTS,
        )
        .select_related("event", "subscription__subscriber", *relations)
        .prefetch_related(
            Prefetch("event__recommendations", queryset=Recommendation.objects.select_related("report").order_by("pk"))
        )
        .order_by("subscription__subscriber_id", "event_id", "id")
    )


def send_due(frequencies: list[str]) -> SendResult:
    result = SendResult()
    connection = get_connection()
    by_address = itertools.groupby(due_deliveries(frequencies), key=lambda d: d.subscription.subscriber_id)
    try:
        for _, deliveries in by_address:
            with transaction.atomic():
                claimed = claim(list(deliveries), frequencies)
                if not claimed:
                    continue
                if send_one(connection, claimed):
                    result.sent += 1
                else:
                    result.failed += 1
    finally:
        connection.close()
    return result


def claim(deliveries: list[Delivery], frequencies: list[str]) -> list[Delivery]:
    """Those of `deliveries` still due now, locked until the transaction ends; none that another run holds."""
    still_due = set(
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            pk__in=[delivery.pk for delivery in deliveries],
            state__in=[DeliveryState.PENDING, DeliveryState.FAILED],
            attempts__lt=MAX_ATTEMPTS,
            subscription__frequency__in=frequencies,
        )
        .values_list("pk", flat=True)
    )
    return [delivery for delivery in deliveries if delivery.pk in still_due]


def send_one(connection, deliveries: list[Delivery]) -> bool:
    """Send one address its mail and record the outcome on its deliveries."""
    ids = [delivery.pk for delivery in deliveries]
    message = alert_mail(deliveries)
    try:
        connection.open()  # once: it stays open for the next address
        connection.send_messages([message])
    except OSError as error:  # smtplib's errors, refused connections and timeouts
        subscriber = deliveries[0].subscription.subscriber_id
        logger.warning("Alert to subscriber %s failed (deliveries %s): %s", subscriber, ids, error)
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.FAILED, attempts=F("attempts") + 1, last_error=str(error)[:500]
        )
        connection.close()  # a new connection for the next address
        return False
    Delivery.objects.filter(pk__in=ids).update(
        state=DeliveryState.SENT, attempts=F("attempts") + 1, last_error="", sent_at=timezone.now()
    )
    return True


def items_of(deliveries: list[Delivery]) -> list[Item]:
    """The changes in the mail, each once, oldest first, each with the recommendations it concerns among those
    the address follows, and the names of its subscriptions it concerns."""
    followed: dict[int, set[int]] = {}
    items: dict[int, Item] = {}
    for delivery in deliveries:
        event = delivery.event
        item = items.setdefault(event.pk, Item(event=event, recommendations=[], more=0, more_url=""))
        followed.setdefault(event.pk, set()).update(delivery.recommendation_ids)
        if not item.more_url:
            item.more_url = links.absolute(path_of(delivery.subscription))
        name = describe(delivery.subscription)
        if name not in item.because:
            item.because.append(name)
    for item in items.values():
        concerned = [r for r in item.event.recommendations.all() if r.pk in followed[item.event.pk]]
        item.recommendations = [_recommendation(r) for r in concerned[:LISTED_RECOMMENDATIONS]]
        item.more = max(len(concerned) - LISTED_RECOMMENDATIONS, 0)
    return list(items.values())


def _recommendation(recommendation: Recommendation) -> dict:
    return {
        "title": f"{recommendation.get_kind_display()} {recommendation.number} of “{recommendation.report.title}”",
        "url": links.absolute(recommendation.get_absolute_url()),
    }


def alert_mail(deliveries: list[Delivery]) -> EmailMultiAlternatives:
    subscriptions = {delivery.subscription_id: delivery.subscription for delivery in deliveries}
    subscriber = deliveries[0].subscription.subscriber
    items = items_of(deliveries)
    unsubscribe_url = links.unsubscribe_url(subscriber, list(subscriptions))
    context = {
        "items": items,
        "count": len(items),
        "followed": [
            {"name": describe(s), "url": links.absolute(path_of(s)), "frequency": Frequency(s.frequency).label.lower()}
            for s in subscriptions.values()
        ],
        "manage_url": links.manage_url(subscriber),
        "unsubscribe_url": unsubscribe_url,
        "site_url": links.absolute("/"),
    }
    host = links.site_host()
    message = EmailMultiAlternatives(
        subject=f"{len(items)} change{'s' if len(items) != 1 else ''} to what you follow: recommendation tracker",
        body=render_to_string("alerts/email/alert.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Recommendation tracker alerts <alerts.{host}>",
            "Auto-Submitted": "auto-generated",
            "Message-ID": _message_id(deliveries, host),
        },
    )
    message.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return message


def _message_id(deliveries: list[Delivery], host: str) -> str:
    """The same for the same deliveries (a repeat shows once), and unlike any other mail's, even after the
    database is rebuilt and its ids start again (the events' times are part of it)."""
    parts = sorted(f"{delivery.pk}@{delivery.event.created_at.isoformat()}" for delivery in deliveries)
    digest = salted_hmac("alerts.message-id", ",".join(parts)).hexdigest()[:32]
    return f"<alert.{digest}@{host}>"
