"""Following and unfollowing: a follow request (throttled, double opt-in), its confirmation, changes made on
the manage page, unsubscribing, and the deletion of what is no longer needed.

Throttles: at most CONFIRMATIONS_PER_ADDRESS_PER_DAY confirmation mails to one address a day, and at most
FOLLOWS_PER_CLIENT_PER_HOUR follow requests from one client address an hour. A request over the address limit
gets the same answer as any other (nobody can learn from the site whether an address follows anything).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import links
from .models import CONFIRMATION_DAYS, Event, FollowRequest, Frequency, Subscriber, Subscription
from .targets import Followed, describe

logger = logging.getLogger(__name__)

CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
FOLLOWS_PER_CLIENT_PER_HOUR = 10


class MailUnavailable(Exception):
    """The confirmation mail could not be sent; nothing was saved."""


def allow_follow_from(client_ip: str) -> bool:
    """Count a follow request from this client address; False when it is over the hourly limit."""
    client = salted_hmac("alerts.follow-client", client_ip).hexdigest()
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    FollowRequest.objects.filter(created_at__lt=hour_ago).delete()
    if FollowRequest.objects.filter(client=client).count() >= FOLLOWS_PER_CLIENT_PER_HOUR:
        return False
    FollowRequest.objects.create(client=client)
    return True


def normalise_email(email: str) -> str:
    return BaseUserManager.normalize_email(email.strip())


@transaction.atomic
def request_follow(*, email: str, frequency: str, followed: Followed) -> bool:
    """Record a pending subscription (or find the existing one) and mail the link that confirms it.

    Returns whether a mail was sent (False over the address's daily limit). Raises MailUnavailable, changing
    nothing, when the mail server refuses.
    """
    subscriber = _locked_subscriber(normalise_email(email))
    today = timezone.localdate()
    sent_today = subscriber.confirmations_sent if subscriber.confirmations_sent_on == today else 0
    subscription, _ = Subscription.objects.get_or_create(
        subscriber=subscriber, key=followed.key, defaults={**followed.fields(), "frequency": frequency}
    )
    if sent_today >= CONFIRMATIONS_PER_ADDRESS_PER_DAY:
        logger.info("Confirmation mail not sent: subscriber %s had %s today", subscriber.pk, sent_today)
        return False
    subscriber.confirmations_sent_on, subscriber.confirmations_sent = today, sent_today + 1
    subscriber.save(update_fields=["confirmations_sent_on", "confirmations_sent"])
    try:
        confirmation_mail(subscription, frequency).send()
    except OSError as error:  # smtplib's errors are OSErrors, as are refused connections
        logger.warning("Confirmation mail to subscriber %s failed: %s", subscriber.pk, error)
        transaction.set_rollback(True)
        raise MailUnavailable from error
    return True


def _locked_subscriber(email: str) -> Subscriber:
    try:
        with transaction.atomic():
            subscriber, _ = Subscriber.objects.get_or_create(email=email)
    except IntegrityError:  # created at the same moment by another request
        subscriber = Subscriber.objects.get(email=email)
    return Subscriber.objects.select_for_update().get(pk=subscriber.pk)


def confirmation_mail(subscription: Subscription, frequency: str) -> EmailMultiAlternatives:
    context = {
        "followed": describe(subscription),
        "frequency": Frequency(frequency).label.lower(),
        "confirm_url": links.confirm_url(subscription.pk, frequency),
        "days": CONFIRMATION_DAYS,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject="Confirm your email alert",
        body=render_to_string("alerts/email/confirm.txt", context),
        to=[subscription.subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("alerts/email/confirm.html", context), "text/html")
    return message


@transaction.atomic
def confirm(subscription_id: int, frequency: str) -> Subscription | None:
    """Confirm a subscription at this frequency; alerts cover changes from now on. None if it is gone."""
    subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.matched_through = Event.objects.aggregate(last=Max("id"))["last"] or 0
    subscription.frequency = frequency
    subscription.save(update_fields=["confirmed_at", "matched_through", "frequency"])
    return subscription


@transaction.atomic
def unsubscribe(subscriptions) -> None:
    """Delete these subscriptions, and the address of any subscriber left with none."""
    subscriber_ids = set(subscriptions.values_list("subscriber_id", flat=True))
    subscriptions.delete()
    Subscriber.objects.filter(pk__in=subscriber_ids, subscriptions__isnull=True).delete()


def delete_expired() -> tuple[int, int]:
    """Delete confirmations not taken up within CONFIRMATION_DAYS, and addresses left following nothing (once
    their day's confirmation count no longer matters). Returns (subscriptions, addresses) deleted."""
    cutoff = timezone.now() - datetime.timedelta(days=CONFIRMATION_DAYS)
    subscriptions, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    idle = Subscriber.objects.filter(subscriptions__isnull=True).exclude(confirmations_sent_on=timezone.localdate())
    addresses, _ = idle.delete()
    return subscriptions, addresses
