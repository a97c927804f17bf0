"""Absolute links on DJANGO_SITE_URL, for mail (a mail has no request to build them from)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from . import tokens


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def confirm_url(subscription_id: int, frequency: str) -> str:
    return absolute(reverse("alerts:confirm", args=[tokens.confirm_token(subscription_id, frequency)]))


def manage_url(subscriber_id: int) -> str:
    return absolute(reverse("alerts:manage", args=[tokens.manage_token(subscriber_id)]))


def unsubscribe_url(subscription_ids: list[int]) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription_ids)]))
