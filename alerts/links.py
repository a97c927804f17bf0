"""Absolute links on DJANGO_SITE_URL, for mail (a mail has no request to build them from)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from . import tokens
from .models import Subscriber, Subscription


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def confirm_url(subscription: Subscription, frequency: str) -> str:
    return absolute(reverse("alerts:confirm", args=[tokens.confirm_token(subscription, frequency)]))


def manage_path(subscriber: Subscriber) -> str:
    return reverse("alerts:manage", args=[tokens.manage_token(subscriber)])


def manage_url(subscriber: Subscriber) -> str:
    return absolute(manage_path(subscriber))


def unsubscribe_url(subscriber: Subscriber, subscription_ids: list[int]) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscriber, subscription_ids)]))
