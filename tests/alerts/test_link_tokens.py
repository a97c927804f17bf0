"""Links in alert mail are bound to a random secret of their subscriber: a row id given to someone else (after a
restore) opens nothing, an unsubscribe makes the older links stop, confirmation links expire, and one-click
unsubscribe keeps working as long as mail is sent."""

import io
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from alerts.models import Subscriber, Subscription
from recommendations.models import Recommendation, Status
from recommendations.services.status import record_status
from tests.alerts.subscriptions import confirmed_subscription
from tests.builders import build_report
from tests.smtp import SITE_URL, text_of

LINK = re.compile(rf"{SITE_URL}(/alerts/(?:confirm|manage|unsubscribe)/\S+/)")


def follow_and_confirm(client, smtp, email_address, recommendation) -> None:
    data = {"email": email_address, "frequency": "immediate", "target": "recommendation", "object": recommendation.pk}
    assert client.post("/alerts/follow/", data).status_code == 200
    [confirm] = LINK.findall(text_of(smtp.messages[-1]))
    assert client.post(confirm).status_code == 200


def alert_about(smtp, number: str) -> dict[str, str]:
    """The manage and unsubscribe paths in the alert sent about recommendation `number`."""
    recommendation = Recommendation.objects.get(number=number)
    status = Status.REJECTED if recommendation.status == Status.ACCEPTED else Status.ACCEPTED
    record_status(recommendation=recommendation, status=status, effective_on=timezone.localdate(), note="Test.")
    sent = len(smtp.messages)
    call_command("send_alerts", stdout=io.StringIO())
    [alert] = smtp.messages[sent:]
    links = LINK.findall(text_of(alert))
    unsubscribe = re.fullmatch(rf"<{SITE_URL}(/alerts/unsubscribe/\S+/)>", alert["List-Unsubscribe"].strip())[1]
    return {"manage": next(link for link in links if "/manage/" in link), "unsubscribe": unsubscribe}


def one_click(path: str):
    """The RFC 8058 POST a mail client makes: no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})


@pytest.mark.django_db
def test_an_old_link_opens_nothing_once_its_row_ids_belong_to_someone_else(client, smtp):
    report = build_report(2)
    first = report.recommendations.get(number="1")
    follow_and_confirm(client, smtp, "alice@example.org", first)
    alice = Subscriber.objects.get()
    old = alert_about(smtp, "1")
    alice_id, alice_subscription = alice.pk, alice.subscriptions.get().pk

    # A restored database hands the same ids to someone else.
    Subscriber.objects.all().delete()
    bob = Subscriber.objects.create(pk=alice_id, email="bob@example.org")
    confirmed_subscription(bob, first, pk=alice_subscription)
    page = client.get(old["manage"])
    assert page.status_code == 404 and b"bob@example.org" not in page.content
    assert client.post(old["manage"], {"action": "remove_all"}).status_code == 404
    assert one_click(old["unsubscribe"]).status_code == 404
    assert Subscription.objects.filter(subscriber=bob).count() == 1, "Bob's alert is untouched"


@pytest.mark.django_db
def test_an_unsubscribe_stops_the_older_links_and_the_newest_mail_still_works(client, smtp):
    report = build_report(2)
    follow_and_confirm(client, smtp, "alice@example.org", report.recommendations.get(number="1"))
    follow_and_confirm(client, smtp, "alice@example.org", report.recommendations.get(number="2"))
    about_first, about_second = alert_about(smtp, "1"), alert_about(smtp, "2")

    assert one_click(about_first["unsubscribe"]).status_code == 200
    assert Subscription.objects.get().recommendation.number == "2"
    assert client.get(about_second["manage"]).status_code == 404, "a link sent before the unsubscribe"
    assert one_click(about_second["unsubscribe"]).status_code == 404
    assert Subscription.objects.count() == 1

    newest = alert_about(smtp, "2")
    assert client.get(newest["manage"]).status_code == 200
    assert one_click(newest["unsubscribe"]).status_code == 200
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_confirmation_links_expire_and_one_click_unsubscribe_does_not(client, smtp, monkeypatch):
    report = build_report(2)
    follow_and_confirm(client, smtp, "alice@example.org", report.recommendations.get(number="1"))
    data = {"email": "alice@example.org", "frequency": "daily", "target": "report", "object": report.pk}
    client.post("/alerts/follow/", data)
    [late_confirm] = LINK.findall(text_of(smtp.messages[-1]))
    alert = alert_about(smtp, "1")

    year_later = timezone.now().timestamp() + 400 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: year_later)
    assert client.post(late_confirm).status_code == 404
    assert client.get(alert["manage"]).status_code == 200
    assert one_click(alert["unsubscribe"]).status_code == 200
    assert list(Subscription.objects.values_list("target", "confirmed_at")) == [("report", None)]


@pytest.mark.django_db(transaction=True)
def test_existing_subscribers_are_each_given_a_secret_and_lose_the_searched_words():
    executor = MigrationExecutor(connection)
    executor.migrate([("alerts", "0001_initial")])
    old = executor.loader.project_state([("alerts", "0001_initial")]).apps
    OldSubscriber, OldSubscription = old.get_model("alerts", "Subscriber"), old.get_model("alerts", "Subscription")
    for n in range(3):
        OldSubscriber.objects.create(email=f"p{n}@example.org")
    OldSubscription.objects.create(
        subscriber=OldSubscriber.objects.first(),
        target="search",
        query="q=Visit+evil.example&status=accepted",
        label="Recommendations with words “Visit evil.example”; status Accepted",
        key="search:1",
        frequency="daily",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    secrets = list(Subscriber.objects.values_list("secret", flat=True))
    assert len(secrets) == len(set(secrets)) == 3 and all(len(secret) >= 32 for secret in secrets)
    assert Subscription.objects.get().label == "Recommendations with the words you searched for; status Accepted"
