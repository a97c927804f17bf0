"""Big drafts: the drafts list loads neither the original files nor the drafts' content (megabytes each), and the
review shows a page of bounded size, with the same queries, whatever the draft's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.draft import CHECK, Doubt, DraftRecommendation, DraftReply, DraftResponse, FrontMatter, to_json
from intake.models import Draft
from intake.review_page import MAX_DOUBTS, PAGE_SIZE


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


def big_draft(size: int, editor) -> Draft:
    """A waiting draft of `size` recommendations, each answered by its own reply; every tenth with a check, and
    three replies that answer no recommendation."""
    recommendations = [
        DraftRecommendation(line=n, number=str(n), paragraphs=[str(n)], text=f"The Department should act {n}. Now.",
                            doubts=[Doubt(n, f"look at number {n}.", CHECK)] if n % 10 == 0 else [])
        for n in range(1, size + 1)
    ]  # fmt: skip
    replies = [DraftReply(line=n, responder="government", heading="", text=f"We agree {n}.", numbers=[str(n)])
               for n in range(1, size + 1)]  # fmt: skip
    replies += [DraftReply(line=0, responder="government", heading="", text=f"Lost {n}.", numbers=["x"])
                for n in range(3)]  # fmt: skip
    draft = DraftResponse(path="big.txt", format="text", front=FrontMatter(title="Big"),
                          recommendations=recommendations, replies=replies)  # fmt: skip
    return Draft.objects.create(file_name="big.txt", original=b"big", sha256=f"{size:064d}", format="text",
                                content=to_json(draft), uploaded_by=editor)  # fmt: skip


def review(client, row, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:intake_draft_review", args=[row.pk]), query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_the_review_of_a_big_draft_is_a_page_of_fixed_size_and_queries(editor_client, editor):
    small_html, small_queries = review(editor_client, big_draft(3, editor))
    big = big_draft(3000, editor)
    html, queries = review(editor_client, big)
    assert queries == small_queries
    assert html.count('<tr id="recommendation-') == PAGE_SIZE and html.count('<details id="reply-') == PAGE_SIZE + 3
    assert '<tr id="recommendation-0">' in html and f'<tr id="recommendation-{PAGE_SIZE}">' not in html
    assert "What needs your eye (300)" in html and html.count('class="doubt-check">Check</span>') == MAX_DOUBTS
    assert '<a href="?page=2#recommendation-50">Recommendation 51</a>' not in html  # 51 has no doubt
    assert '<a href="?page=2#recommendation-59">Recommendation 60</a>' in html
    assert f"Page 1 of {3000 // PAGE_SIZE}" in html and 'href="?page=2#items" rel="next"' in html
    assert len(html) < 3 * len(small_html) + 200_000
    last, _ = review(editor_client, big, page=3000 // PAGE_SIZE)
    assert '<tr id="recommendation-2999">' in last and "Merge recommendation 2999 with" in last
    assert "Merge recommendation 3000 with" not in last
    for bad in ("abc", "0", "-1", "99999999999999999999"):
        assert review(editor_client, big, page=bad)[1] == small_queries


@pytest.mark.django_db
def test_a_correction_on_a_later_page_comes_back_to_that_page(editor_client, editor):
    row = big_draft(120, editor)
    url = reverse("admin:intake_draft_review", args=[row.pk])
    correction = {"action": "recommendation", "index": 110, "number": "111", "paragraphs": "111", "text": "Corrected."}
    response = editor_client.post(f"{url}?page=3", {**correction, "version": row.version})
    assert response.status_code == 302 and response["Location"] == f"{url}?page=3"
    assert "Corrected." in editor_client.get(response["Location"]).content.decode()
    found = {"action": "reply", "index": 121, "numbers": "1", "responder": "government", "text": "Found."}
    reply = editor_client.post(f"{url}?page=x", {**found, "version": row.version + 1})
    assert reply["Location"] == url
    row.refresh_from_db()
    assert row.content["replies"][121]["numbers"] == ["1"] and row.version == 3


@pytest.mark.django_db
def test_choices_made_on_one_page_stay_when_made_on_another(editor_client, editor):
    row = big_draft(120, editor)
    url = reverse("admin:intake_draft_review", args=[row.pk])
    editor_client.post(f"{url}?page=1", {"action": "choices", "version": 1, "recommendation:3:text": "document"})
    editor_client.post(f"{url}?page=3", {"action": "choices", "version": 2, "recommendation:111:text": "document",
                                         "reply:1:text": "nonsense"})  # fmt: skip
    row.refresh_from_db()
    assert row.choices == {"recommendation:3:text": "document", "recommendation:111:text": "document"}
