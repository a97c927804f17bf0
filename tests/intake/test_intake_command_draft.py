"""`import_response --draft FILE` keeps a draft for the admin's review, doubts and all, and prints its address;
without it the command stays strict."""

import io

import pytest
from django.core.management import CommandError, call_command

from intake.models import Draft
from recommendations.models import Recommendation

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
