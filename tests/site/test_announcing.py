"""Every write of public data announces it (recommendations.changes.announce), so that no public page is served
stale: every admin of public data announces, once per save, and each way of writing refreshes the pages."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from intake.management.commands.load_send_data import RESPONSE
from recommendations import changes
from recommendations.admin.announcing import AnnouncingAdmin
from recommendations.management.commands.generate_demo_data import generate
from recommendations.models import (
    Basis,
    Commitment,
    Department,
    Implementation,
    Review,
    Theme,
    Verdict,
)
from recommendations.services.implementation import record_implementation
from tests.builders import COMMITMENT_TEXT, add_commitment, build_report
from tests.recommendations.test_admin_progress import commitment_form, progress

# Admins of what the public never sees: accounts, sign-in records, drafts before they are published, the
# alerts' subscribers and their mail, the Parliament sync's bookkeeping and proposals, API keys.
NOT_PUBLIC = {
    "auth.User",
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "intake.Draft",
    "alerts.Subscriber",
    "alerts.Subscription",
    "alerts.Event",
    "alerts.Delivery",
    "parliament.SyncWindow",
    "parliament.Publication",
    "parliament.QuestionProposal",
    "api.ApiKey",
}
SLUG = "special-educational-needs-and-disabilities"


def test_every_admin_of_public_data_announces():
    registered = {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}
    assert NOT_PUBLIC <= set(registered), "an exempt admin is no longer registered: drop it from NOT_PUBLIC"
    silent = {label for label, model_admin in registered.items() if not isinstance(model_admin, AnnouncingAdmin)}
    assert silent == NOT_PUBLIC, "an admin of public data must derive from AnnouncingAdmin"


@pytest.fixture
def announced(monkeypatch):
    heard = []
    monkeypatch.setattr(changes, "_listeners", [*changes._listeners, heard.append])
    return heard


def review_form(review):
    return {
        "name": review.name,
        "slug": review.slug,
        "description": review.description,
        "announced": "October 2019",
        **{f"documents-{name}": value for name, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]},
    }


def commitment_admin_save(report):
    commitment = add_commitment(report.replies.get(position=1))
    return reverse("admin:recommendations_commitment_change", args=[commitment.pk]), commitment_form(commitment)


def reply_admin_save(report):
    reply = report.replies.get(position=2)
    data = {
        "report": report.pk,
        "position": 2,
        "responder": reply.responder_id,
        "heading": "",
        "text": reply.text + " We will keep this under review.",
        "recommendations": [
            *reply.recommendations.values_list("pk", flat=True),
            report.recommendations.get(number="3").pk,
        ],
    }
    return reverse("admin:recommendations_reply_change", args=[reply.pk]), data


SAVES = {
    "reply": reply_admin_save,
    "review": lambda report: (
        reverse("admin:recommendations_review_change", args=[Review.objects.get().pk]),
        review_form(Review.objects.get()),
    ),
    "commitment": commitment_admin_save,
    "theme": lambda report: (
        reverse("admin:recommendations_theme_change", args=[Theme.objects.get(slug="funding").pk]),
        {"name": "Money", "slug": "funding", "description": ""},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("saved", SAVES)
def test_an_admin_save_announces_once(editor_client, announced, saved):
    url, data = SAVES[saved](build_report(3))
    announced.clear()
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(announced) == 1, announced


# Each way of writing public data, and the page that must show it at once.


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True
    caches["default"].clear()


@pytest.fixture
def refreshed(client, page_cache, django_capture_on_commit_callbacks):
    """refreshed(path, write): the page, cached before the write, rendered afresh after it; its text."""

    def check(path, write) -> str:
        before = client.get(path)
        assert before.status_code == 200
        assert client.get(path)["X-Page-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            write()
        after = client.get(path)
        assert after["X-Page-Cache"] == "miss" and after["ETag"] != before["ETag"]
        return after.content.decode()

    return check


@pytest.mark.django_db
def test_a_service_refreshes_the_pages(refreshed):
    recommendation = build_report(3).recommendations.get(number="2")

    def write():
        record_implementation(
            recommendation=recommendation,
            implementation=Implementation.IN_PROGRESS,
            basis=Basis.GOVERNMENT_SAYS,
            effective_on=datetime.date(2023, 3, 29),
            note="The Government says a steering group will be established this year.",
        )

    assert "In progress" in refreshed(recommendation.get_absolute_url(), write)


@pytest.mark.django_db
def test_a_bulk_action_refreshes_the_pages(refreshed, editor_client):
    report = build_report(3)
    data = {"action": "record_progress", "index": "0", "select_across": "1", "apply": "1", **progress()}
    data["_selected_action"] = [report.recommendations.first().pk]
    url = reverse("admin:recommendations_recommendation_changelist")
    recommendation = report.recommendations.get(number="2")
    assert "In progress" in refreshed(recommendation.get_absolute_url(), lambda: editor_client.post(url, data))


@pytest.mark.django_db
def test_an_admin_save_refreshes_the_pages(refreshed, editor_client):
    report = build_report(3)
    proposal = add_commitment(report.replies.get(position=1), verdict=Verdict.PROPOSED)
    url = reverse("admin:recommendations_commitment_change", args=[proposal.pk])
    confirmed = commitment_form(proposal, verdict=Verdict.CONFIRMED)
    assert COMMITMENT_TEXT in refreshed("/commitments/", lambda: editor_client.post(url, confirmed))
    assert Commitment.objects.public().get() == proposal


@pytest.mark.django_db
def test_a_department_saved_in_the_admin_refreshes_the_pages(refreshed, editor_client):
    department = Department.objects.create(name="Department for Education", slug="department-for-education")
    url = reverse("admin:recommendations_department_change", args=[department.pk])
    data = {"name": "Department for Education and Skills", "slug": department.slug, "parliament_id": ""}
    assert "Department for Education and Skills" in refreshed("/departments/", lambda: editor_client.post(url, data))


@pytest.mark.django_db
def test_an_import_refreshes_the_pages(refreshed):
    build_report(3, slug="another-report")
    page = refreshed("/", lambda: call_command("import_response", str(RESPONSE), stdout=io.StringIO()))
    assert f"/reports/{SLUG}/" in page


@pytest.mark.django_db
def test_a_restore_refreshes_the_pages(refreshed, tmp_path):
    build_report(3)
    Theme.objects.filter(slug="funding").update(name="Named in the backup")
    call_command("backup_data", format="json", output_dir=str(tmp_path), stdout=io.StringIO())
    [backup] = tmp_path.glob("tracker-*.json")
    Theme.objects.filter(slug="funding").update(name="Funding")
    # The test's own transaction has deferred foreign-key checks pending, which PostgreSQL's TRUNCATE refuses.
    connection.check_constraints()
    restore = lambda: call_command("restore_data", str(backup), interactive=False, stdout=io.StringIO())  # noqa: E731
    assert "Named in the backup" in refreshed("/themes/", restore)


@pytest.mark.django_db
def test_demo_data_refreshes_the_pages(refreshed):
    build_report(3)
    assert "demo-" in refreshed("/", lambda: generate(20, seed=1))
