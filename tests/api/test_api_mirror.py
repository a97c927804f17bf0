"""A mirror kept by `updated_since` (and the deletions list) equals the bulk export after a series of edits made
through the real writers: the status services, the progress services, and the editors' admin."""

import datetime
import gzip
import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import timezone

from api import export
from api.views import RESOURCES
from recommendations.models import Commitment, CommitmentState, Department, Recommendation, Status, Theme
from recommendations.services.commitments import record_commitment_state
from recommendations.services.implementation import record_implementation
from recommendations.services.status import record_status, record_statuses
from tests.api.api_world import build_world

pytestmark = pytest.mark.django_db
INCLUDE = "replies,history,commitments,questions"
SITE = "http://127.0.0.1:8000"


def fetch_all(client, url: str) -> list[dict]:
    results = []
    while url:
        body = client.get(url.removeprefix(SITE)).json()
        results += body["results"]
        url = body["next"]
    return results


def sync(client, mirror: dict, since: str | None) -> None:
    """Bring `mirror` ({(resource, id): object}) up to date: everything changed since `since`, then deletions.
    A list without `updated_since` (departments) is read whole."""
    for resource in RESOURCES:
        query = f"?page_size=2&include={INCLUDE}" if resource.includes else "?page_size=2"
        if since and "updated_since" in resource.params.model_fields:
            query += f"&updated_since={since}"
        for item in fetch_all(client, f"/api/v1/{resource.name}/{query}"):
            mirror[resource.name, item["id"]] = item
    if since:
        for deletion in fetch_all(client, f"/api/v1/deletions/?updated_since={since}"):
            mirror.pop((deletion["resource"], deletion["object_id"]), None)


def exported() -> dict:
    lines = [json.loads(line) for line in export.lines()]
    return {(line.pop("type"), line["id"]): line for line in lines}


def edit_everything(admin_client) -> None:
    today = timezone.localdate()
    first, second, third = Recommendation.objects.order_by("pk")[:3]
    record_status(recommendation=first, status=Status.ACCEPTED, effective_on=today, note="Accepted later.")
    record_statuses(
        recommendations=Recommendation.objects.filter(pk__in=[second.pk, third.pk]),
        status=Status.ACCEPTED_IN_PRINCIPLE,
        effective_on=today,
        note="Both accepted in principle.",
    )
    record_implementation(
        recommendation=third,
        implementation="implemented",
        basis="verified",
        effective_on=today,
        note="Done, says the Department's annual report.",
    )
    record_commitment_state(
        commitment=Commitment.objects.order_by("pk").last(),
        state=CommitmentState.MET,
        effective_on=today,
        note="The schools were announced.",
    )
    funding = Theme.objects.get(slug="funding")
    renamed = {"name": "Funding and finance", "slug": "funding", "description": "Money for SEND."}
    assert admin_client.post(f"/admin/recommendations/theme/{funding.pk}/change/", renamed).status_code == 302
    department = Department.objects.get()
    renamed = {"name": "Department for Education (England)", "slug": department.slug, "parliament_id": "60"}
    assert admin_client.post(f"/admin/recommendations/department/{department.pk}/change/", renamed).status_code == 302
    workforce = Theme.objects.get(slug="send-workforce")
    deleted = admin_client.post(f"/admin/recommendations/theme/{workforce.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not Theme.objects.filter(pk=workforce.pk).exists()


def backdate_everything() -> None:
    """The world was built an hour ago: only what the edits touch has changed since."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    for resource in RESOURCES:
        if "updated_since" in resource.params.model_fields:
            resource.queryset().model.objects.update(updated_at=an_hour_ago)


def test_a_mirror_kept_by_updated_since_equals_the_export(client, admin_client):
    build_world(6)
    backdate_everything()
    mirror: dict = {}
    sync(client, mirror, since=None)
    assert mirror == exported()
    # A mirror asks again from a little before it last asked (see the README).
    since = quote((timezone.now() - datetime.timedelta(seconds=1)).isoformat())
    before = dict(mirror)
    edit_everything(admin_client)
    sync(client, mirror, since=since)
    now = exported()
    assert mirror == now
    assert mirror != before  # the edits did reach the mirror
    assert ("themes", Theme.objects.get(slug="funding").pk) in mirror
    assert not any(key[0] == "themes" and item["slug"] == "send-workforce" for key, item in mirror.items())


def test_the_bulk_export_command_writes_gzip_json_lines(tmp_path):
    build_world(2)
    target = tmp_path / "bulk" / "tracker.jsonl.gz"
    out = io.StringIO()
    call_command("bulk_export", output=target, stdout=out)
    with gzip.open(target, "rt", encoding="utf-8") as lines:
        objects = [json.loads(line) for line in lines]
    kinds = {item["type"] for item in objects}
    assert kinds == {
        "recommendations",
        "reports",
        "committees",
        "departments",
        "commitments",
        "reviews",
        "themes",
        "questions",
    }
    first = next(item for item in objects if item["type"] == "recommendations")
    assert first["replies"] and first["history"] and first["commitments"] and first["questions"]
    assert out.getvalue() == f"Wrote {len(objects)} objects to {target}.\n"
