"""The signed tokens in alert links. Each kind has its own salt, so a token of one kind is worthless as another;
none carries an address. Signed with SECRET_KEY: unguessable, and unforgeable without it.

Each names its subscriber's row and carries the subscriber's random secret: a link outlives neither the
subscriber (a restored database that gives the row's id to someone else gives it another secret) nor an
unsubscribe (which draws a new secret, so only the links in mail sent since work). Confirmation links expire
after CONFIRMATION_DAYS; the others last as long as the secret, so that the unsubscribe link of any mail sent
since keeps working.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare

from .models import CONFIRMATION_DAYS, Subscriber, Subscription

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"


class BadToken(Exception):
    """A link that was altered, is not ours, or has expired."""


def confirm_token(subscription: Subscription, frequency: str) -> str:
    return signing.dumps([subscription.pk, frequency, subscription.subscriber.secret], salt=CONFIRM, compress=True)


def read_confirm_token(token: str) -> tuple[int, str, str]:
    """(subscription id, frequency, secret)."""
    subscription_id, frequency, secret = _loads(token, CONFIRM, 3, max_age=CONFIRMATION_DAYS * 24 * 60 * 60)
    return int(subscription_id), str(frequency), str(secret)


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.secret], salt=MANAGE)


def read_manage_token(token: str) -> tuple[int, str]:
    """(subscriber id, secret)."""
    subscriber_id, secret = _loads(token, MANAGE, 2)
    return int(subscriber_id), str(secret)


def unsubscribe_token(subscriber: Subscriber, subscription_ids: list[int]) -> str:
    return signing.dumps([subscriber.pk, subscriber.secret, sorted(subscription_ids)], salt=UNSUBSCRIBE, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str, list[int]]:
    """(subscriber id, secret, subscription ids)."""
    subscriber_id, secret, ids = _loads(token, UNSUBSCRIBE, 3)
    return int(subscriber_id), str(secret), [int(pk) for pk in ids]


def holds(subscriber: Subscriber | None, secret: str) -> bool:
    """Whether a token's secret is this subscriber's current one."""
    return subscriber is not None and constant_time_compare(subscriber.secret, secret)


def _loads(token: str, salt: str, length: int, max_age: int | None = None) -> list:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from None
    if not isinstance(payload, list) or len(payload) != length:  # a token of the old form, with no secret
        raise BadToken("not a token of this kind")
    return payload
