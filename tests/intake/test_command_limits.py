"""`import_response` reads no more than an upload may be, and control characters a PDF's font maps to (NUL, a
right-to-left override) never reach the database: the command imports the words without them, the admin's
review and publish answer without an error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from intake.models import Draft
from recommendations.models import Recommendation, Reply
from tests.intake.raw_pdf import response_with_controls


def test_the_command_refuses_an_endless_file_naming_the_limit(settings):
    settings.INTAKE_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(
        CommandError, match=r"/dev/zero: the file is over the size limit of 1 MB\. Nothing was imported"
    ):
        call_command("import_response", "/dev/zero")


@pytest.mark.django_db
def test_controls_from_a_pdf_font_are_left_out_of_the_import(tmp_path):
    path = tmp_path / "response.pdf"
    path.write_bytes(response_with_controls())
    call_command("import_response", str(path), "--title", "Plans", "--response-date", "2020-07-20")
    texts = [*Recommendation.objects.values_list("text", flat=True), *Reply.objects.values_list("text", flat=True)]
    assert "The Department should publish its plan by the end of the year." in texts
    assert "The Government agrees. We will publish the plan in Autumn 2020." in texts
    assert not any("\x00" in text or "\u202e" in text for text in texts)


@pytest.mark.django_db
def test_controls_from_a_pdf_font_give_no_error_in_the_admin(editor_client):
    upload = SimpleUploadedFile("response.pdf", response_with_controls(), content_type="application/pdf")
    response = editor_client.post(reverse("admin:intake_draft_upload"), {"document": upload}, follow=True)
    assert response.status_code == 200
    row = Draft.objects.get()
    review = reverse("admin:intake_draft_review", args=[row.pk])
    editor_client.post(review, {"version": row.version, "action": "report", "title": "Plans", "committee": "",
                                "report_slug": "plans", "response_date": "2020-07-20", "source_url": ""})  # fmt: skip
    row.refresh_from_db()
    response = editor_client.post(review, {"version": row.version, "action": "publish"}, follow=True)
    assert response.status_code == 200
    assert Recommendation.objects.filter(text__startswith="The Department should publish its plan by").exists()
