"""The review page's one-click corrections: "Heading, not a recommendation" on each recommendation and "Number these in
reading order" for the draft. Small POST forms like the other corrections: the same permission, the same refusal of
a stale page."""

import re

import pytest
from django.contrib.auth.models import Permission

from intake.models import Draft
from tests.intake.test_intake_admin import TEXT, content, post, review_url, upload

pytestmark = pytest.mark.django_db

# A topic heading read as recommendation 2, and a number printed twice.
HEADED = """Special Educational Needs: Government Response

1. The Department should publish the data. (Paragraph 3)

We accept this recommendation.

2. Funding arrangements

The Government sets out its approach to funding below.

3. The Department should fund schools properly. (Paragraph 4)

4. The Department should review the formula. (Paragraph 5)

We accept these recommendations.

4. The Department should publish a plan. (Paragraph 6)

We do not accept this recommendation.
"""


@pytest.fixture
def headed(editor_client):
    upload(editor_client, HEADED.encode(), "headed.txt")
    return Draft.objects.get()


def page_of(client, row) -> str:
    return client.get(review_url(row)).content.decode()


def test_each_recommendation_has_a_heading_button_naming_it(headed, editor_client):
    page = page_of(editor_client, headed)
    for number in ("1", "2", "3", "4"):
        assert re.search(r"<button type=\"submit\">Heading, not a recommendation<span class=\"visually-hidden\"> "
                         rf"\(recommendation {number}\)</span></button>", page)  # fmt: skip
    assert "Number these in reading order" in page  # 4 appears twice


def test_heading_not_a_recommendation_then_numbers_in_reading_order(headed, editor_client):
    response = post(editor_client, headed, action="heading", index=1)
    assert response.status_code == 302
    draft = content(headed)
    assert [r.number for r in draft.recommendations] == ["1", "3", "4", "4"]
    assert [r.section for r in draft.recommendations] == ["", "Funding arrangements", "Funding arrangements",
                                                          "Funding arrangements"]  # fmt: skip
    assert draft.replies[1].numbers == [] and draft.replies[1].as_read == {"numbers": ["2"]}
    page = page_of(editor_client, headed)
    assert "Your correction was made" in page
    assert "Under “Funding arrangements”" in page
    assert "“Funding arrangements”, read as recommendation 2, is a heading" in page
    assert "answers no recommendation" in page

    post(editor_client, headed, action="reading_order")
    draft = content(headed)
    assert [r.number for r in draft.recommendations] == ["1", "2", "3", "4"]
    assert [r.numbers for r in draft.replies] == [["1"], [], ["2", "3"], ["4"]]
    assert [r.status for r in draft.recommendations] == ["accepted", "accepted", "accepted", "rejected"]
    page = page_of(editor_client, headed)
    assert "An editor numbered the recommendations 1 to 4 in reading order (as printed: 3 → 2, 4 → 3)." in page
    assert "Number these in reading order" not in page  # nothing about the numbers is in doubt any more
    headed.refresh_from_db()
    assert headed.version == 3


def test_numbering_an_already_numbered_draft_says_so_and_changes_nothing(editor_client):
    upload(editor_client, TEXT)
    row = Draft.objects.get()
    assert "Number these in reading order" not in page_of(editor_client, row)
    before = row.content
    response = post(editor_client, row, action="reading_order")
    assert (
        "already numbered 1 to 38 in reading order. Nothing was changed."
        in editor_client.get(response["Location"]).content.decode()
    )
    row.refresh_from_db()
    assert (row.content, row.version) == (before, 1)


@pytest.mark.parametrize("action", ["heading", "reading_order"])
def test_a_stale_one_click_correction_changes_nothing_and_says_so(headed, editor_client, action):
    seen = headed.version
    post(editor_client, headed, action="recommendation", index=0, number="1", paragraphs="3", text="Publish it.")
    headed.refresh_from_db()
    before = (headed.content, headed.version)
    response = editor_client.post(review_url(headed), {"version": seen, "action": action, "index": 1}, follow=True)
    assert "Someone changed this draft after you opened it, so your change was not made." in response.content.decode()
    headed.refresh_from_db()
    assert (headed.content, headed.version) == before


@pytest.mark.parametrize("action", ["heading", "reading_order"])
def test_an_editor_without_the_right_to_change_drafts_cannot(headed, client, django_user_model, action):
    reader = django_user_model.objects.create_user(username="reader", password="a-long-test-password", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_draft"))
    client.force_login(reader)
    page = client.get(review_url(headed)).content.decode()
    assert "Heading, not a recommendation" not in page and "Number these in reading order" not in page
    response = client.post(review_url(headed), {"version": headed.version, "action": action, "index": 1})
    assert response.status_code == 403
    before = headed.content
    headed.refresh_from_db()
    assert (headed.content, headed.version) == (before, 1)
