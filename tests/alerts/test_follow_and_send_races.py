"""The smaller holes: a saved search over the value limits, two overlapping `send_alerts` runs of different
frequencies, and a slow mail server behind the follow form."""

import asyncio
import io
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from alerts.models import Subscriber, Subscription
from recommendations.models import Recommendation, Status
from recommendations.services.status import record_status
from tests.alerts.subscriptions import confirmed_subscription
from tests.builders import build_report
from tests.smtp import SITE_URL, Inbox, free_port

PG_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel runs are PostgreSQL's")


def follow(client, email_address, target, **fields):
    data = {"email": email_address, "frequency": "immediate", "target": target, **fields}
    return client.post("/alerts/follow/", data)


@pytest.mark.django_db
def test_a_search_over_the_value_limits_is_refused_with_a_message(client, smtp):
    build_report(1)
    response = follow(client, "p@example.org", "search", query="&".join(["status=accepted"] * 30))
    assert response.status_code == 400
    assert "Too many values" in response.content.decode()
    assert smtp.messages == [] and not Subscription.objects.exists()


class HeldInbox(Inbox):
    """Holds the mail to `hold` until `release` is set (the session waits; other sessions go on)."""

    def __init__(self, hold: str):
        super().__init__()
        self.hold, self.arrived, self.release = hold, threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold in envelope.rcpt_tos:
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


def mail_server(settings, handler) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = SITE_URL
    return controller


def confirmed(email_address: str, recommendation: Recommendation) -> Subscription:
    return confirmed_subscription(Subscriber.objects.create(email=email_address), recommendation)


@PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_of_two_frequencies_never_send_one_change_twice(settings):
    inbox = HeldInbox(hold="first@example.org")
    controller = mail_server(settings, inbox)
    report = build_report(1)
    recommendation = report.recommendations.get()
    confirmed("first@example.org", recommendation)
    second = confirmed("second@example.org", recommendation)
    record_status(recommendation=recommendation, status=Status.NOTED, effective_on=timezone.localdate())

    def immediate_run():
        try:
            call_command("send_alerts", "--frequency", "immediate", stdout=io.StringIO())
        finally:
            connections.close_all()

    runner = threading.Thread(target=immediate_run)
    runner.start()
    try:
        assert inbox.arrived.wait(30), "the immediate run reached its first mail"
        # While it is held, the second address moves to daily and the daily run sends it its change.
        Subscription.objects.filter(pk=second.pk).update(frequency="daily")
        call_command("send_alerts", "--frequency", "daily", stdout=io.StringIO())
    finally:
        inbox.release.set()
        runner.join(60)
        controller.stop()
    assert sorted(message["To"] for message in inbox.messages) == ["first@example.org", "second@example.org"]


@PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_the_confirmation_is_sent_after_the_subscription_is_committed_and_unlocked(client, settings):
    seen = {}

    def look():
        try:
            seen["committed"] = Subscription.objects.filter(subscriber__email="p@example.org").exists()
            with transaction.atomic():
                Subscriber.objects.select_for_update(nowait=True).filter(email="p@example.org").exists()
            seen["unlocked"] = True
        except OperationalError:
            seen["unlocked"] = False
        finally:
            connection.close()

    class Looking(Inbox):
        async def handle_DATA(self, server, session, envelope):
            await asyncio.get_running_loop().run_in_executor(None, look)
            return await super().handle_DATA(server, session, envelope)

    inbox = Looking()
    controller = mail_server(settings, inbox)
    try:
        report = build_report(1)
        Subscriber.objects.create(email="p@example.org")  # an address already known
        assert follow(client, "p@example.org", "report", object=report.pk).status_code == 200
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert seen == {"committed": True, "unlocked": True}


@pytest.mark.django_db
def test_a_mail_server_that_does_not_answer_holds_the_request_a_few_seconds(client, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections complete, and nothing is ever said on them
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", silent.getsockname()[1], False
    settings.EMAIL_TIMEOUT = 30
    report = build_report(1)
    try:
        started = time.monotonic()
        response = follow(client, "p@example.org", "report", object=report.pk)
        waited = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 503
    assert b"The email could not be sent" in response.content
    assert waited < 15, f"the request waited {waited:.1f} s for the mail server"
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
