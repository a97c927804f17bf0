"""Following and unfollowing: a follow request (throttled, double opt-in), its confirmation, changes made on
the manage page, unsubscribing, and the deletion of what is no longer needed.

Throttles: at most CONFIRMATIONS_PER_MAILBOX_PER_DAY confirmation mails to one mailbox (however its address is
spelt: alerts.addresses.mailbox) in 24 hours, and at most FOLLOWS_PER_CLIENT_PER_HOUR follow requests from one
client address an hour. Each is counted and checked in one conditional UPDATE, so parallel requests cannot slip
past it. A request over the mailbox limit gets the same answer as any other (nobody can learn from the site
whether an address follows anything).

The confirmation mail is sent after the subscription is committed, with no transaction open and a short SMTP
timeout: a slow mail server holds neither a row lock nor a database connection, and a request waits for it at
most CONFIRMATION_SMTP_TIMEOUT seconds a step.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, F, Max, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import addresses, links
from .models import CONFIRMATION_DAYS, Event, Frequency, Quota, Subscriber, Subscription, new_secret
from .targets import Followed, describe

logger = logging.getLogger(__name__)

CONFIRMATIONS_PER_MAILBOX_PER_DAY = 3
FOLLOWS_PER_CLIENT_PER_HOUR = 10
CONFIRMATION_SMTP_TIMEOUT = 5
DAY, HOUR = datetime.timedelta(days=1), datetime.timedelta(hours=1)


class MailUnavailable(Exception):
    """The confirmation mail could not be sent; what the request saved is undone."""


def take(kind: str, name: str, limit: int, period: datetime.timedelta) -> bool:
    """Count one use by `name` of the `kind` throttle; False, counting nothing, when it is over `limit` in the
    current period (which begins at its first use and lasts `period`)."""
    key = _quota_key(kind, name)
    now = timezone.now()
    Quota.objects.get_or_create(key=key, defaults={"started_at": now})
    over = Q(started_at__lte=now - period)
    return (
        Quota.objects.filter(over | Q(used__lt=limit), key=key).update(
            used=Case(When(over, then=Value(1)), default=F("used") + 1),
            started_at=Case(When(over, then=Value(now)), default=F("started_at")),
        )
        == 1
    )


def give_back(kind: str, name: str) -> None:
    Quota.objects.filter(key=_quota_key(kind, name), used__gt=0).update(used=F("used") - 1)


def _quota_key(kind: str, name: str) -> str:
    return salted_hmac(f"alerts.quota.{kind}", name, algorithm="sha256").hexdigest()


def allow_follow_from(client_ip: str) -> bool:
    """Count a follow request from this client address; False when it is over the hourly limit."""
    return take("client", client_ip, FOLLOWS_PER_CLIENT_PER_HOUR, HOUR)


def request_follow(*, email: str, frequency: str, followed: Followed) -> bool:
    """Record a pending subscription (or find the existing one) and mail the link that confirms it.

    `email` is an address alerts.addresses.clean took. Returns whether a mail was sent (False over the mailbox's
    daily limit). Raises MailUnavailable, undoing what it saved, when the mail server refuses or does not answer.
    """
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber, key=followed.key, defaults={**followed.fields(), "frequency": frequency}
        )
    mailbox = addresses.mailbox(email)
    if not take("mailbox", mailbox, CONFIRMATIONS_PER_MAILBOX_PER_DAY, DAY):
        logger.info("Confirmation mail not sent: subscriber %s is over its daily limit", subscriber.pk)
        return False
    try:
        connection = get_connection(timeout=CONFIRMATION_SMTP_TIMEOUT)
        confirmation_mail(subscription, frequency, connection).send()
    except OSError as error:  # smtplib's errors are OSErrors, as are refused connections and timeouts
        logger.warning("Confirmation mail to subscriber %s failed: %s", subscriber.pk, error)
        give_back("mailbox", mailbox)
        if created:
            Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).delete()
            Subscriber.objects.filter(pk=subscriber.pk, subscriptions__isnull=True).delete()
        raise MailUnavailable from error
    return True


def confirmation_mail(subscription: Subscription, frequency: str, connection=None) -> EmailMultiAlternatives:
    context = {
        "followed": describe(subscription),
        "frequency": Frequency(frequency).label.lower(),
        "confirm_url": links.confirm_url(subscription, frequency),
        "days": CONFIRMATION_DAYS,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject="Confirm your email alert",
        body=render_to_string("alerts/email/confirm.txt", context),
        to=[subscription.subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
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
    """Delete these subscriptions, and the address of any subscriber left with none; give the others a new
    secret, so that the links of the mail sent so far stop working."""
    subscriber_ids = set(subscriptions.values_list("subscriber_id", flat=True))
    subscriptions.delete()
    Subscriber.objects.filter(pk__in=subscriber_ids, subscriptions__isnull=True).delete()
    for subscriber_id in Subscriber.objects.filter(pk__in=subscriber_ids).values_list("pk", flat=True):
        Subscriber.objects.filter(pk=subscriber_id).update(secret=new_secret())


def delete_expired() -> tuple[int, int]:
    """Delete confirmations not taken up within CONFIRMATION_DAYS, addresses left following nothing, and the
    throttles' counts whose period is over. Returns (subscriptions, addresses) deleted."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=CONFIRMATION_DAYS)
    subscriptions, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    deleted, _ = Subscriber.objects.filter(subscriptions__isnull=True).delete()
    Quota.objects.filter(started_at__lt=now - DAY).delete()
    return subscriptions, deleted
