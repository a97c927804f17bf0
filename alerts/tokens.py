"""The signed tokens in alert links. Each kind has its own salt, so a token of one kind is worthless as another;
none carries an address. Signed with SECRET_KEY: unguessable, and unforgeable without it."""

from django.core import signing

from .models import CONFIRMATION_DAYS

CONFIRM = "alerts.confirm"
MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"


class BadToken(Exception):
    """A link that was altered, is not ours, or has expired."""


def confirm_token(subscription_id: int, frequency: str) -> str:
    return signing.dumps([subscription_id, frequency], salt=CONFIRM, compress=True)


def read_confirm_token(token: str) -> tuple[int, str]:
    subscription_id, frequency = _loads(token, CONFIRM, max_age=CONFIRMATION_DAYS * 24 * 60 * 60)
    return int(subscription_id), str(frequency)


def manage_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=MANAGE)


def read_manage_token(token: str) -> int:
    return int(_loads(token, MANAGE))


def unsubscribe_token(subscription_ids: list[int]) -> str:
    return signing.dumps(sorted(subscription_ids), salt=UNSUBSCRIBE, compress=True)


def read_unsubscribe_token(token: str) -> list[int]:
    return [int(pk) for pk in _loads(token, UNSUBSCRIBE)]


def _loads(token: str, salt: str, max_age: int | None = None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from None
