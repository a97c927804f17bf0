"""The response deadline: Parliament's, else two months after publication; the database reads it as the model."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Committee, Report
from recommendations.timephrases import add_months

pytestmark = pytest.mark.django_db

DAY = datetime.date


def make_report(slug, **fields):
    committee, _ = Committee.objects.get_or_create(name="Deadline Committee", slug="deadline-committee")
    return Report.objects.create(committee=committee, title=slug, slug=slug, **fields)


@pytest.mark.parametrize(
    "published", [DAY(2019, 12, 31), DAY(2020, 12, 31), DAY(2019, 8, 31), DAY(2020, 1, 15), DAY(2019, 10, 23)]
)
def test_database_deadline_is_the_models(published):
    report = make_report("r", published_on=published)
    annotated = Report.objects.with_due_on().get(pk=report.pk)
    assert annotated.due_on == add_months(published, 2) == report.response_due_on


def test_parliaments_deadline_wins_over_two_months():
    report = make_report("r", published_on=DAY(2019, 10, 23), response_deadline=DAY(2020, 3, 1))
    assert report.response_due_on == DAY(2020, 3, 1)
    assert Report.objects.with_due_on().get(pk=report.pk).due_on == DAY(2020, 3, 1)


def test_overdue_follows_the_deadline():
    today = timezone.localdate()
    late = make_report("late", published_on=today - datetime.timedelta(days=100))
    extended = make_report(
        "extended", published_on=today - datetime.timedelta(days=100), response_deadline=today + datetime.timedelta(1)
    )
    excepted = make_report("excepted", published_on=today - datetime.timedelta(days=100), response_excepted=True)
    answered = make_report("answered", published_on=today - datetime.timedelta(days=100), response_received_on=today)
    assert late.response_overdue and late.days_overdue > 30
    assert not extended.response_overdue and not excepted.response_overdue and not answered.response_overdue
    assert list(Report.objects.overdue().values_list("slug", flat=True)) == ["late"]
    assert set(Report.objects.awaiting_response().values_list("slug", flat=True)) == {"late", "extended"}
