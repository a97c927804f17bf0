"""The editors' intake in the admin: upload → draft → review and correct → publish, once."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.draft import from_json
from intake.models import Draft
from recommendations.models import Recommendation, Report, Status, StatusEntry
from recommendations.services.status import record_status
from tests.recommendations.test_admin import form_data
from tests.send_documents import SEED, send_html

UPLOAD = reverse("admin:intake_draft_upload")
TEXT = SEED.read_bytes()


def review_url(row) -> str:
    return reverse("admin:intake_draft_review", args=[row.pk])


def upload(client, data: bytes, name="response.txt"):
    return client.post(UPLOAD, {"document": SimpleUploadedFile(name, data)})


def post(client, row, **data):
    row.refresh_from_db()
    return client.post(review_url(row), {"version": row.version, **data})


def content(row):
    row.refresh_from_db()
    return from_json(row.content)


@pytest.fixture
def uploaded(editor_client):
    response = upload(editor_client, TEXT, "send-response.txt")
    row = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(row)
    return row


@pytest.mark.django_db
def test_editors_may_upload_review_and_publish_but_not_delete():
    codenames = set(Group.objects.get(name="Editors").permissions.filter(content_type__app_label="intake")
                    .values_list("codename", flat=True))  # fmt: skip
    assert codenames == {"view_draft", "add_draft", "change_draft", "publish_draft"}


@pytest.mark.django_db
def test_an_upload_keeps_the_file_and_its_digest_and_saves_nothing_public(uploaded, editor_client):
    assert bytes(uploaded.original) == TEXT
    assert uploaded.sha256 == hashlib.sha256(TEXT).hexdigest()
    assert (uploaded.format, uploaded.state, uploaded.title) == (
        "text",
        Draft.State.WAITING,
        "Special educational needs and disabilities",
    )
    assert not Recommendation.objects.exists()
    page = editor_client.get(review_url(uploaded)).content.decode()
    assert "38 recommendations and 35 replies" in page
    assert "<caption>" in page and 'scope="row"' in page
    assert page.index("What needs your eye") < page.index("Recommendations beside their replies")


@pytest.mark.django_db
def test_the_type_comes_from_the_content(editor_client):
    upload(editor_client, send_html().encode(), "response.txt")
    assert Draft.objects.get().format == "html"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (b"x" * (30 * 1024 * 1024), "The file is 30.0 MB; the limit is 20 MB."),
        (b"%PDF-1.7\n%%EOF", "the file cannot be read as a PDF"),
        (b"<html><body><p>Thank you for your letter.</p></body></html>", "no numbered recommendations found"),
        (b"\x00\x01", "the file is binary"),
    ],
    ids=["30-MB", "broken-pdf", "no-recommendations", "binary"],
)
def test_a_bad_upload_gets_a_message_and_keeps_nothing(editor_client, data, message):
    response = upload(editor_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_the_editor_corrects_a_number_and_paragraphs(uploaded, editor_client):
    post(
        editor_client, uploaded, action="recommendation", index=0, number="1", paragraphs="17, 18", text="We are sure."
    )
    first = content(uploaded).recommendations[0]
    assert (first.number, first.paragraphs, first.text) == ("1", ["17", "18"], "We are sure.")
    response = post(editor_client, uploaded, action="recommendation", index=0, number="1", paragraphs="seventeen",
                    text="x")  # fmt: skip
    assert "is not a list of paragraphs" in editor_client.get(response["Location"]).content.decode()
    assert content(uploaded).recommendations[0].paragraphs == ["17", "18"]


@pytest.mark.django_db
def test_a_stale_edit_is_refused(uploaded, editor_client):
    seen = uploaded.version
    post(editor_client, uploaded, action="merge", index=0)
    response = editor_client.post(review_url(uploaded), {"version": seen, "action": "merge", "index": 0}, follow=True)
    assert "Someone changed this draft after you opened it" in response.content.decode()
    assert len(content(uploaded).recommendations) == 37


@pytest.mark.django_db
def test_boundary_split_merge_and_reassign(uploaded, editor_client):
    draft = content(uploaded)
    second = draft.recommendations[1]
    post(editor_client, uploaded, action="boundary", index=0, sentence=1)
    draft = content(uploaded)
    assert draft.recommendations[0].text == "We are confident that the 2014 reforms were the right ones."
    assert draft.replies[0].text.startswith("We believe that if the challenges within the system")
    post(editor_client, uploaded, action="merge", index=0)
    draft = content(uploaded)
    assert len(draft.recommendations) == 37 and draft.recommendations[0].text.endswith(second.text)
    assert draft.recommendations[1].number == "3"
    post(editor_client, uploaded, action="split", index=0, sentence=1, new_number="2")
    draft = content(uploaded)
    assert [r.number for r in draft.recommendations[:3]] == ["1", "2", "3"]
    assert draft.recommendations[1].text == second.text
    post(editor_client, uploaded, action="reply", index=0, numbers="1", responder="government", heading="",
         text=draft.replies[0].text)  # fmt: skip
    assert content(uploaded).replies[0].numbers == ["1"]
    response = post(editor_client, uploaded, action="reply", index=0, numbers="99", responder="government",
                    heading="", text="x")  # fmt: skip
    assert "Give the numbers of the recommendations" in editor_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_publish_saves_once_and_a_corrected_version_keeps_editors_statuses(uploaded, editor_client, editor):
    response = post(editor_client, uploaded, action="publish")
    report = Report.objects.get()
    assert response["Location"] == review_url(uploaded)
    assert report.get_absolute_url() in editor_client.get(response["Location"]).content.decode()
    assert Recommendation.objects.filter(report=report).count() == 38
    uploaded.refresh_from_db()
    assert (uploaded.state, uploaded.report, uploaded.published_by) == (Draft.State.PUBLISHED, report, editor)
    again = post(editor_client, uploaded, action="publish")
    assert "can no longer be changed" in editor_client.get(again["Location"]).content.decode()
    assert StatusEntry.objects.count() == 38

    rec = Recommendation.objects.get(number="36")
    record_status(recommendation=rec, status=Status.REJECTED, effective_on=datetime.date(2020, 8, 1),
                  recorded_by=editor)  # fmt: skip
    corrected = TEXT.replace(b"The Department should map provision", b"The Department should map all provision")
    upload(editor_client, corrected, "send-response-corrected.txt")
    second = Draft.objects.filter(state=Draft.State.WAITING).get()
    post(editor_client, second, action="publish")
    rec.refresh_from_db()
    assert rec.text.startswith("The Department should map all provision")
    assert rec.status == Status.REJECTED
    assert list(rec.status_entries.values_list("recorded_by", flat=True)) == [None, editor.pk]


@pytest.mark.django_db
def test_a_staff_member_outside_the_editors_cannot_review(client, django_user_model, uploaded):
    outsider = django_user_model.objects.create_user(username="staff", password="a-long-test-password", is_staff=True)
    client.force_login(outsider)
    assert client.get(review_url(uploaded)).status_code == 403
    assert client.post(review_url(uploaded), {"action": "publish", "version": 1}).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_recommendations_page_shows_its_replies_and_takes_paragraphs_as_typed(uploaded, editor_client):
    post(editor_client, uploaded, action="publish")
    rec = Recommendation.objects.get(number="22")
    url = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    page = editor_client.get(url).content.decode()
    assert "We therefore do not consider it necessary to create an additional neutral role" in page
    assert 'value="52"' in page
    form = form_data(rec, paragraphs="52, 53")
    response = editor_client.post(url, form)
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.paragraphs == ["52", "53"]
    form.update(seen_version=rec.version, paragraphs="fifty-two")
    assert "Type the paragraphs as printed" in editor_client.post(url, form).content.decode()
