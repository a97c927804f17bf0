"""The drafts list loads neither the original files nor the drafts' content (megabytes each)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import Draft


@pytest.mark.django_db
def test_the_drafts_list_loads_no_file_and_no_content(editor_client, editor):
    for number in range(3):
        Draft.objects.create(file_name=f"response-{number}.pdf", original=b"%PDF-" + b"x" * 1_000_000,
                             sha256=f"{number:064d}", format="pdf", content={"big": "y" * 1_000_000},
                             uploaded_by=editor)  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(reverse("admin:intake_draft_changelist"))
    assert response.status_code == 200
    assert "response-2.pdf" in response.content.decode()
    listed = [query["sql"] for query in queries.captured_queries if 'FROM "intake_draft"' in query["sql"]]
    assert listed and not any('"intake_draft"."original"' in sql or '"intake_draft"."content"' in sql for sql in listed)
