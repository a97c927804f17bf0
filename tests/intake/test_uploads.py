"""Uploads: the same file again leads to its draft instead of a second copy, and each editor has a limit on the
drafts waiting for review. A refusal says why and keeps nothing."""

import hashlib

import pytest
from django.test import Client

from intake import uploads
from intake.models import Draft
from intake.pipeline import make_draft
from intake.uploads import UploadRefused, keep_upload
from tests.intake.test_intake_admin import TEXT, review_url, upload

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def not_read(monkeypatch):
    """Make reading a document fail the test: a refused or repeated upload must not be read at all."""

    def fail(*args, **kwargs):
        raise AssertionError("the document was read")

    monkeypatch.setattr(uploads, "make_draft", fail)


def waiting(user, count: int) -> None:
    for number in range(count):
        Draft.objects.create(file_name=f"waiting-{number}.txt", original=b"x", sha256=f"{number:064d}",
                             format="text", content={}, uploaded_by=user)  # fmt: skip


def test_the_same_file_again_leads_to_its_draft(editor_client, second_editor, monkeypatch):
    first = upload(editor_client, TEXT, "send-response.txt")
    row = Draft.objects.get()
    not_read(monkeypatch)
    again = upload(editor_client, TEXT, "another-name.txt")
    assert again.status_code == 302 and again["Location"] == review_url(row)
    shown = messages_of(editor_client.get(again["Location"]))
    assert any("This file was uploaded before, as send-response.txt" in m and "Nothing new was saved" in m
               for m in shown)  # fmt: skip
    other = Client()
    other.force_login(second_editor)
    assert upload(other, TEXT)["Location"] == review_url(row)
    assert Draft.objects.count() == 1 and first["Location"] == review_url(row)


def test_a_published_draft_is_pointed_to_and_a_discarded_one_does_not_block(editor_client):
    upload(editor_client, TEXT)
    row = Draft.objects.get()
    Draft.objects.filter(pk=row.pk).update(state=Draft.State.PUBLISHED)
    assert upload(editor_client, TEXT)["Location"] == review_url(row)
    Draft.objects.filter(pk=row.pk).update(state=Draft.State.DISCARDED)
    response = upload(editor_client, TEXT)
    new = Draft.objects.exclude(pk=row.pk).get()
    assert response["Location"] == review_url(new) and new.sha256 == row.sha256
    assert any("The same file was uploaded before" in m for m in messages_of(editor_client.get(response["Location"])))


def test_an_editor_at_the_limit_of_waiting_drafts_is_refused_and_nothing_changes(
    editor_client, editor, second_editor, settings, monkeypatch
):
    settings.INTAKE_MAX_WAITING_DRAFTS = 3
    waiting(editor, 3)
    Draft.objects.filter(file_name="waiting-0.txt").update(state=Draft.State.PUBLISHED)
    Draft.objects.create(file_name="published.txt", original=b"x", sha256="p" * 64, format="text", content={},
                         uploaded_by=editor, state=Draft.State.PUBLISHED)  # fmt: skip
    assert upload(editor_client, TEXT).status_code == 302  # two waiting: a third may come
    before = list(Draft.objects.values_list("pk", "state", "version"))
    not_read(monkeypatch)
    refused = upload(editor_client, TEXT + b"\n")
    assert refused.status_code == 200
    assert "You have 3 drafts waiting for review, and the limit is 3." in refused.content.decode()
    assert "Nothing was saved." in refused.content.decode()
    assert list(Draft.objects.values_list("pk", "state", "version")) == before


def test_the_limit_is_per_editor(client, editor, second_editor, settings):
    settings.INTAKE_MAX_WAITING_DRAFTS = 1
    waiting(editor, 1)
    client.force_login(second_editor)
    response = upload(client, TEXT)
    assert response.status_code == 302 and Draft.objects.filter(uploaded_by=second_editor).count() == 1


def test_the_checks_are_made_again_when_the_draft_is_kept(editor, settings):
    """What another upload did while this one was being read: the same file kept, or the limit reached."""
    draft = make_draft("send-response.txt", TEXT)
    earlier = Draft.objects.create(file_name="earlier.txt", original=TEXT, sha256=hashlib.sha256(TEXT).hexdigest(),
                                   format="text", content={}, uploaded_by=editor)  # fmt: skip
    assert keep_upload("send-response.txt", TEXT, draft, user=editor) == (earlier, False)
    settings.INTAKE_MAX_WAITING_DRAFTS = 1
    with pytest.raises(UploadRefused, match="the limit is 1"):
        keep_upload("send-response.txt", TEXT + b"\n", draft, user=editor)
    assert Draft.objects.count() == 1
