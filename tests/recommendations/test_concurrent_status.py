"""Finding 4: an editor saving a status change while another runs the bulk action over a range including it.

Both lock the recommendations' rows in id order before writing, and a transaction the database still rolls
back to break a deadlock is run again: neither editor sees an error page, and the data stays consistent.
"""

import functools
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation, Status
from recommendations.services import history
from recommendations.services.history import retry_on_deadlock
from tests.builders import build_report
from tracker.middleware import is_database_lost

# Statuses with no review; round r sets the bulk one and the single one so that each is a change.
STATUSES = [Status.ACCEPTED, Status.NOTED, Status.REJECTED, Status.PARTIALLY_ACCEPTED, Status.UNDER_CONSIDERATION]
ROUNDS = 6


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def single_change(client, recommendation, status):
    form = {
        "report": recommendation.report_id,
        "number": recommendation.number,
        "position": recommendation.position,
        "paragraphs": ", ".join(recommendation.paragraphs),
        "kind": recommendation.kind,
        "text": recommendation.text,
        "seen_version": recommendation.version,
        "new_status": status,
        "effective_on": timezone.localdate().isoformat(),
        "note": "Changed while a bulk change runs.",
        "status_entries-TOTAL_FORMS": "0",
        "status_entries-INITIAL_FORMS": "0",
        "implementation_entries-TOTAL_FORMS": "0",
        "implementation_entries-INITIAL_FORMS": "0",
    }
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    return client.post(url, form)


def bulk_change(client, ids, status):
    data = {
        "action": "change_status",
        "_selected_action": ids,
        "apply": "1",
        "status": status,
        "effective_on": timezone.localdate().isoformat(),
        "note": "Bulk change.",
    }
    return client.post(reverse("admin:recommendations_recommendation_changelist"), data)


def at_once(*calls):
    """Run the calls in threads (each with its own database connection), started together; their results."""
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
        thread.join(timeout=60)
    return results


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and deadlocks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_single_and_a_bulk_status_change_at_once_both_succeed(editor, second_editor):
    report = build_report(40)
    ids = list(report.recommendations.order_by("pk").values_list("pk", flat=True))
    first, second = signed_in(editor), signed_in(second_editor)
    for round_number in range(ROUNDS):
        bulk_status, single_status = STATUSES[(2 * round_number) % 5], STATUSES[(2 * round_number + 1) % 5]
        target = Recommendation.objects.get(pk=ids[25 + round_number])
        single, bulk = at_once(
            functools.partial(single_change, first, target, single_status),
            functools.partial(bulk_change, second, ids, bulk_status),
        )
        assert bulk.status_code == 302, (round_number, bulk.status_code)
        # The single change is saved, or refused as stale if the bulk change came first: never an error page.
        assert single.status_code in (200, 302), (round_number, single.status_code)
        if single.status_code == 200:
            assert "Someone else changed this recommendation" in single.content.decode()
        assert not Recommendation.objects.status_disagrees_with_history().exists()
    assert Recommendation.objects.filter(pk__in=ids).exclude(status__in=STATUSES[:5]).count() == 0


class FakeDeadlock(Exception):
    sqlstate = "40P01"


def deadlock() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = FakeDeadlock()
    return error


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_loses_a_deadlock_is_run_again(monkeypatch):
    monkeypatch.setattr(history.time, "sleep", lambda seconds: None)
    report = build_report(1)
    attempts = []

    @retry_on_deadlock
    def rename():
        attempts.append(1)
        report.recommendations.update(text="Changed once.")
        if len(attempts) < 3:
            raise deadlock()
        return "done"

    assert rename() == "done"
    assert len(attempts) == 3


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_lost_every_time_is_raised_and_changes_nothing(monkeypatch):
    monkeypatch.setattr(history.time, "sleep", lambda seconds: None)
    report = build_report(1)

    @retry_on_deadlock
    def rename():
        report.recommendations.update(text="Never kept.")
        raise deadlock()

    with pytest.raises(OperationalError):
        rename()
    assert report.recommendations.get().text != "Never kept."


def test_only_a_lost_database_shows_the_503_page():
    class Lost(Exception):
        sqlstate = "08006"

    lost = OperationalError("connection failure")
    lost.__cause__ = Lost()
    assert is_database_lost(lost)
    assert is_database_lost(OperationalError("no sqlstate: raised by the driver"))
    assert not is_database_lost(deadlock())
    too_long = OperationalError("string is too long for tsvector")
    too_long.__cause__ = type("TooLong", (Exception,), {"sqlstate": "54000"})()
    assert not is_database_lost(too_long)
