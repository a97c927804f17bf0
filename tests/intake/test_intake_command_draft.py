"""`import_response --draft FILE` keeps a draft for the admin's review, doubts and all, and prints its address;
without it the command stays strict."""

import io

import pytest
from django.core.management import CommandError, call_command

from intake.models import Draft
from recommendations.models import Recommendation
from tests.intake.test_intake_admin import review_url, upload

# One recommendation whose reply disagrees with itself: a check the command alone refuses.
DOUBTFUL = (
    "Special Educational Needs: Government Response\n\n"
    "1. The Department should publish the data. (Paragraph 3)\n\n"
    "Accepted. We reject this recommendation.\n"
)


@pytest.mark.django_db
def test_draft_keeps_the_document_for_review_and_prints_its_address(tmp_path, settings):
    settings.SITE_URL = "https://tracker.example.org"
    path = tmp_path / "response.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    with pytest.raises(CommandError, match="sentences disagree"):
        call_command("import_response", str(path), stdout=io.StringIO())
    assert not Draft.objects.exists()

    out = io.StringIO()
    call_command("import_response", str(path), "--draft", "--title", "Data", stdout=out)
    row = Draft.objects.get()
    assert (row.file_name, row.state, row.title, row.report_slug) == ("response.txt", "waiting", "Data", "data")
    assert f"https://tracker.example.org/admin/intake/draft/{row.pk}/review/" in out.getvalue()
    assert "1 recommendations, 1 replies; 1 doubts (1 to settle)" in out.getvalue()
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_the_same_file_again_gives_the_draft_already_kept_and_keeps_nothing_new(tmp_path, editor_client, settings):
    """The admin's upload and the command share one rule: one draft per identical file, waiting or published."""
    settings.SITE_URL = "https://tracker.example.org"
    path = tmp_path / "response.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    call_command("import_response", str(path), "--draft", "--title", "Data", stdout=io.StringIO())
    row = Draft.objects.get()
    out = io.StringIO()
    call_command("import_response", str(path), "--draft", "--title", "Data", stdout=out)
    assert Draft.objects.count() == 1
    assert "the same file was taken in before, as response.txt" in out.getvalue()
    assert "nothing new was kept" in out.getvalue()
    assert out.getvalue().strip().endswith(f"https://tracker.example.org/admin/intake/draft/{row.pk}/review/")
    # An editor's upload of the same bytes is taken to the same draft, and so is the command after a publish.
    response = upload(editor_client, DOUBTFUL.encode(), "again.txt")
    assert response["Location"] == review_url(row) and Draft.objects.count() == 1
    Draft.objects.filter(pk=row.pk).update(state=Draft.State.PUBLISHED)
    out = io.StringIO()
    call_command("import_response", str(path), "--draft", stdout=out)
    assert "its draft is published; nothing new was kept" in out.getvalue() and Draft.objects.count() == 1


@pytest.mark.django_db
def test_the_waiting_draft_limit_is_an_editors_not_the_commands(tmp_path, settings, editor):
    settings.INTAKE_MAX_WAITING_DRAFTS = 1
    for uploader in (None, editor):
        Draft.objects.create(file_name="waiting.txt", original=b"x", sha256=f"{uploader is None:064d}", format="text",
                             content={}, uploaded_by=uploader)  # fmt: skip
    path = tmp_path / "response.txt"
    path.write_text(DOUBTFUL, encoding="utf-8")
    call_command("import_response", str(path), "--draft", "--title", "Data", stdout=io.StringIO())
    assert Draft.objects.filter(uploaded_by=None, state=Draft.State.WAITING).count() == 2
