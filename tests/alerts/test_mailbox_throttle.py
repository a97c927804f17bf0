"""Mail-bombing: the confirmation limit counts mailboxes, however their address is spelt, and both throttles hold
under parallel posts (PostgreSQL, real threads, the real SMTP server)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from alerts import addresses, following
from alerts.models import Subscriber, Subscription
from tests.builders import build_report

VICTIM = "victim@bücher.example"
# Spellings a mail system delivers to the same mailbox as VICTIM.
SPELLINGS = [
    "victim@bücher.example",
    "Victim@bücher.example",
    "VICTIM@BÜCHER.EXAMPLE",
    "victim@xn--bcher-kva.example",
    "victim+alerts@bücher.example",
    "Victim+1@XN--BCHER-KVA.EXAMPLE",
]
# Spellings nobody types: quoted, invisible, full-width, control characters.
UNTYPED = [
    '"victim"@bücher.example',
    "vic\u200btim@bücher.example",
    "ｖｉｃｔｉｍ@bücher.example",
    "victim@bücher.example\u200d",
    '"a\x0bb"@example.com',
    "vic\x0btim@example.com",
    "victim\u202e@example.com",
]


def follow(client, email, report, ip):
    data = {"email": email, "frequency": "daily", "target": "report", "object": report.pk}
    return client.post("/alerts/follow/", data, REMOTE_ADDR=ip)


def mails_to_victim(smtp) -> int:
    return sum(1 for message in smtp.messages if addresses.mailbox(message["To"]) == addresses.mailbox(VICTIM))


def test_every_spelling_of_an_address_reaches_one_mailbox():
    assert {addresses.mailbox(spelling) for spelling in SPELLINGS + UNTYPED[:4]} == {"victim@xn--bcher-kva.example"}
    assert addresses.mailbox("J.Smith+x@GoogleMail.com") == addresses.mailbox("jsmith@gmail.com")
    assert addresses.mailbox("victim@example.org") != addresses.mailbox("victim@example.com")


@pytest.mark.django_db
def test_three_confirmations_a_day_per_mailbox_however_the_address_is_spelt(client, smtp):
    report = build_report(2)
    answers = [follow(client, email, report, f"192.0.2.{n}") for n, email in enumerate(SPELLINGS + UNTYPED)]
    assert mails_to_victim(smtp) == 3
    assert {answer.status_code for answer in answers[: len(SPELLINGS)]} == {200}
    for email, answer in zip(UNTYPED, answers[len(SPELLINGS) :], strict=True):
        assert answer.status_code == 400, repr(email)
        assert b'class="error-summary"' in answer.content
    assert not Subscriber.objects.filter(email__contains='"').exists()
    assert set(Subscriber.objects.values_list("email", flat=True)) <= {
        "victim@xn--bcher-kva.example",
        "Victim@xn--bcher-kva.example",
        "VICTIM@xn--bcher-kva.example",
        "victim+alerts@xn--bcher-kva.example",
        "Victim+1@xn--bcher-kva.example",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("email", UNTYPED)
def test_an_address_nobody_types_is_refused_with_a_message_and_changes_nothing(client, smtp, email):
    report = build_report(1)
    response = follow(client, email, report, "192.0.2.1")
    assert response.status_code == 400
    assert "email address" in response.content.decode()
    assert smtp.messages == [] and not Subscription.objects.exists()


def at_once(calls):
    """Run the calls in threads (each with its own database connection), released together; their results."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


PARALLEL = 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_posts_from_one_client_pass_the_hourly_limit_exactly_ten_times(smtp):
    report = build_report(1)
    answers = at_once(
        [lambda n=n: follow(Client(), f"p{n}@example.org", report, "198.51.100.7") for n in range(PARALLEL)]
    )
    codes = [getattr(answer, "status_code", answer) for answer in answers]
    assert sorted(codes) == [200] * following.FOLLOWS_PER_CLIENT_PER_HOUR + [429] * (
        PARALLEL - following.FOLLOWS_PER_CLIENT_PER_HOUR
    ), codes
    assert len(smtp.messages) == following.FOLLOWS_PER_CLIENT_PER_HOUR


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel requests need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_posts_for_one_mailbox_send_it_three_confirmations(smtp):
    report = build_report(1)
    calls = [
        lambda n=n: follow(Client(), SPELLINGS[n % len(SPELLINGS)], report, f"203.0.113.{n}") for n in range(PARALLEL)
    ]
    answers = at_once(calls)
    assert {getattr(answer, "status_code", answer) for answer in answers} == {200}
    assert mails_to_victim(smtp) == 3
