"""The follow form's target, and the pages reached from alert mail: confirm (by POST: mail scanners that open
links confirm nothing), "your alerts" (by token link), and the RFC 8058 one-click unsubscribe, the one view
without CSRF protection (the signed token is the authority; mail clients post without cookies)."""

import re

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tracker.middleware import client_ip

from . import following, links, tokens
from .forms import FollowForm, FrequencyForm
from .models import CONFIRMATION_DAYS, Frequency, Subscriber, Subscription
from .targets import FOLLOWED_RELATIONS, describe, path_of

MANAGE_NOTICES = {"saved": "Saved: your alert's frequency is changed.", "removed": "That alert is stopped."}


def _message(request, title: str, *paragraphs: str, status: int = 200, link: dict | None = None):
    context = {"title": title, "paragraphs": paragraphs, "link": link}
    return render(request, "alerts/message.html", context, status=status)


def _bad_link(request):
    return _message(
        request,
        "This link does not work",
        "The link is not complete, or it has expired (confirmation links work for "
        f"{CONFIRMATION_DAYS} days), or what it was for has been deleted. After you stop an alert, only the links "
        "in emails sent since work.",
        "To follow something again, use the form on its page.",
        status=404,
    )


def _from_another_site(request) -> bool:
    """Whether the browser says the form was posted from another site's page (Sec-Fetch-Site, or Origin)."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    return origin is not None and origin != f"{request.scheme}://{request.get_host()}"


# The follow form is on every public page, which proxies and the page cache share between visitors
# (recommendations.freshness): it can carry no visitor's CSRF token. A post from another site is refused by
# what the browser says of its origin instead; and nothing is followed until the address confirms by mail.
@never_cache
@csrf_exempt
@require_POST
def follow(request):
    if _from_another_site(request):
        return _message(request, "This form was sent from another site", "Nothing was changed.", status=403)
    if not following.allow_follow_from(client_ip(request)):
        return _message(
            request,
            "Too many requests",
            "Too many follow requests came from your connection. Try again in an hour.",
            status=429,
        )
    form = FollowForm(request.POST)
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return render(request, "alerts/follow.html", {"form": form, "errors": errors}, status=400)
    followed = form.cleaned_data["followed"]
    try:
        following.request_follow(
            email=form.cleaned_data["email"], frequency=form.cleaned_data["frequency"], followed=followed
        )
    except following.MailUnavailable:
        return _message(request, "The email could not be sent", "Please try again later.", status=503)
    return _message(
        request,
        "Check your email",
        "We have sent a link to confirm your alert to the address you gave. Nothing is sent until you confirm.",
        f"The link works for {CONFIRMATION_DAYS} days. If no email comes, check your spam folder; we send at most "
        f"{following.CONFIRMATIONS_PER_MAILBOX_PER_DAY} confirmation emails a day to one address.",
    )


def _followed(subscriptions):
    return subscriptions.select_related("subscriber", *FOLLOWED_RELATIONS)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscription_id, frequency, secret = tokens.read_confirm_token(token)
    except tokens.BadToken:
        return _bad_link(request)
    subscription = _followed(Subscription.objects).filter(pk=subscription_id).first()
    if subscription is None or not tokens.holds(subscription.subscriber, secret) or frequency not in Frequency.values:
        return _bad_link(request)
    if request.method != "POST":
        context = {
            "followed": describe(subscription),
            "followed_url": path_of(subscription),
            "frequency": Frequency(frequency).label.lower(),
            "days": CONFIRMATION_DAYS,
        }
        return render(request, "alerts/confirm.html", context)
    following.confirm(subscription.pk, frequency)
    manage = links.manage_path(subscription.subscriber)
    return _message(
        request,
        "Your alert is confirmed",
        f"We will email you about {describe(subscription)}, {Frequency(frequency).label.lower()}.",
        "Each email has a link to stop it at once.",
        link={"url": manage, "text": "See and change all your alerts"},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber_id, secret = tokens.read_manage_token(token)
    except tokens.BadToken:
        return _bad_link(request)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if not tokens.holds(subscriber, secret):
        return _bad_link(request)
    if request.method == "POST":
        return _change(request, subscriber)
    rows = [
        {"subscription": s, "name": describe(s), "url": path_of(s)}
        for s in _followed(subscriber.subscriptions.order_by("created_at", "pk"))
    ]
    context = {"rows": rows, "frequencies": Frequency.choices, "done": MANAGE_NOTICES.get(request.GET.get("done"))}
    return render(request, "alerts/manage.html", context)


def _change(request, subscriber: Subscriber):
    action = request.POST.get("action")
    chosen_id = request.POST.get("subscription", "")
    # Only a whole number an id column can hold names a subscription; anything else names none.
    chosen = subscriber.subscriptions.filter(pk=int(chosen_id) if re.fullmatch(r"[0-9]{1,18}", chosen_id) else 0)
    if action in ("remove", "remove_all"):
        following.unsubscribe(subscriber.subscriptions.all() if action == "remove_all" else chosen)
        subscriber = Subscriber.objects.filter(pk=subscriber.pk).first()
        if subscriber is None:
            return _message(request, "Your alerts are stopped", "Every alert is stopped and your address is deleted.")
        return HttpResponseRedirect(links.manage_path(subscriber) + "?done=removed")  # a new secret, a new link
    form = FrequencyForm(request.POST)
    if action == "frequency" and form.is_valid():
        chosen.update(frequency=form.cleaned_data["frequency"])
        return HttpResponseRedirect(request.path + "?done=saved")
    return _message(request, "Nothing was changed", "The form was not complete. Go back and try again.", status=400)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber_id, secret, ids = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return _bad_link(request)
    # Gone (or never this subscriber's): stopped already. Still there under another secret: an older link.
    subscriptions = list(_followed(Subscription.objects.filter(pk__in=ids, subscriber=subscriber_id)).order_by("pk"))
    if subscriptions and not tokens.holds(subscriptions[0].subscriber, secret):
        return _bad_link(request)
    if request.method == "POST":
        following.unsubscribe(Subscription.objects.filter(pk__in=[s.pk for s in subscriptions]))
        return _message(request, "Alerts stopped", "You will get no more emails about what that email was about.")
    return render(request, "alerts/unsubscribe.html", {"names": [describe(s) for s in subscriptions]})
