"""Model invariants, database constraints and the one function that changes a status."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations.models import Recommendation, Reply, Review, Status, StatusEntry, status_label
from recommendations.services.history import ChangeRefused
from recommendations.services.status import record_status
from tests.builders import RESPONSE_RECEIVED, build_report

pytestmark = pytest.mark.django_db

LATER = datetime.date(2021, 3, 1)


@pytest.fixture
def report():
    return build_report(5)


@pytest.fixture
def send_review():
    return Review.objects.get(slug="send-review")


def first(report):
    return report.recommendations.get(number="1")


def test_number_is_unique_within_a_report(report):
    existing = first(report)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(report=report, number="1", position=99, kind=existing.kind, text=existing.text)


def test_position_is_unique_within_a_report(report):
    existing = first(report)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(report=report, number="99", position=1, kind=existing.kind, text=existing.text)


def test_same_number_is_allowed_in_another_report(report):
    other = build_report(1, slug="another-report")
    assert other.recommendations.get().number == first(report).number


def test_database_refuses_a_status_outside_the_vocabulary(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=first(report).pk).update(status="approved")


def test_database_refuses_under_review_without_a_review(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=first(report).pk).update(status=Status.UNDER_REVIEW, review=None)


def test_database_refuses_a_review_with_another_status(report, send_review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=first(report).pk).update(status=Status.ACCEPTED, review=send_review)


def test_database_refuses_a_history_entry_breaking_the_review_rule(report, send_review):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEntry.objects.create(
            recommendation=first(report), status=Status.NOTED, review=send_review, effective_on=LATER
        )


def test_status_label_names_the_review():
    assert status_label(Status.UNDER_REVIEW, "SEND Review") == "Under SEND Review"
    assert status_label(Status.PARTIALLY_ACCEPTED, None) == "Partially accepted"


def test_record_status_appends_history_and_copies_current(report, editor):
    recommendation = first(report)
    before = recommendation.status_entries.count()
    old_version = recommendation.version
    entry = record_status(
        recommendation=recommendation,
        status=Status.ACCEPTED,
        effective_on=LATER,
        note="Guidance published.",
        source_url="https://www.gov.uk/",
        recorded_by=editor,
    )
    recommendation.refresh_from_db()
    assert recommendation.status_entries.count() == before + 1
    assert recommendation.status == Status.ACCEPTED
    assert recommendation.status_changed_on == LATER
    assert recommendation.version == old_version + 1
    assert entry.recorded_by == editor
    assert entry.recorded_at is not None
    assert list(recommendation.status_entries.order_by("effective_on", "id"))[-1] == entry
    assert not Recommendation.objects.status_disagrees_with_history().exists()


def test_record_status_under_review_keeps_the_review(report, send_review):
    recommendation = first(report)
    record_status(recommendation=recommendation, status=Status.UNDER_REVIEW, review=send_review, effective_on=LATER)
    recommendation.refresh_from_db()
    assert recommendation.review == send_review
    assert recommendation.status_label == "Under SEND Review"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "approved"}, "is not a status"),
        ({"status": Status.UNDER_REVIEW}, "Name the review"),
        ({"status": Status.ACCEPTED, "review": "send-review"}, "only be given"),
        ({"status": Status.ACCEPTED, "effective_on": "future"}, "cannot be in the future"),
        ({"status": Status.ACCEPTED, "effective_on": datetime.date(2020, 1, 1)}, "cannot be dated earlier"),
        ({"status": Status.REJECTED}, "already has the status"),
    ],
)
def test_refused_changes_give_a_clear_error_and_change_nothing(report, change, message):
    recommendation = first(report)  # rejected on 20 July 2020 by the builder
    arguments = {"effective_on": LATER, "review": None, **change}
    if arguments["review"]:
        arguments["review"] = Review.objects.get(slug=arguments["review"])
    if arguments["effective_on"] == "future":
        arguments["effective_on"] = timezone.localdate() + datetime.timedelta(days=1)
    entries_before = StatusEntry.objects.count()
    with pytest.raises(ChangeRefused, match=message):
        record_status(recommendation=recommendation, **arguments)
    recommendation.refresh_from_db()
    assert recommendation.status == Status.REJECTED
    assert StatusEntry.objects.count() == entries_before


def test_history_disagreement_is_found(report):
    recommendation = first(report)
    Recommendation.objects.filter(pk=recommendation.pk).update(status=Status.ACCEPTED)
    assert list(Recommendation.objects.status_disagrees_with_history()) == [recommendation]


def test_review_disagreement_is_found(report, send_review):
    under_review = report.recommendations.get(status=Status.UNDER_REVIEW)
    other = Review.objects.create(name="Children's social care review", slug="childrens-social-care-review")
    Recommendation.objects.filter(pk=under_review.pk).update(review=other)
    assert list(Recommendation.objects.status_disagrees_with_history()) == [under_review]


def test_recommendation_without_history_must_be_awaiting_response(report):
    recommendation = first(report)
    recommendation.status_entries.all().delete()
    assert list(Recommendation.objects.status_disagrees_with_history()) == [recommendation]
    Recommendation.objects.filter(pk=recommendation.pk).update(status=Status.AWAITING_RESPONSE)
    assert not Recommendation.objects.status_disagrees_with_history().exists()


def test_a_reply_can_cover_several_recommendations(report):
    reply = Reply.objects.get(report=report, position=1)
    second = report.recommendations.get(number="2")
    reply.recommendations.add(second)
    assert set(reply.recommendations.values_list("number", flat=True)) == {"1", "2"}
    assert second.replies.count() == 2


def test_builder_dates_come_from_the_response():
    report = build_report(1)
    assert first(report).status_entries.get().effective_on == RESPONSE_RECEIVED
