"""Re-importing a response keeps editors' corrections: the document only overwrites what the
editor did not change; where both changed the same item, the editor's value stays until an editor chooses."""

import io

import pytest
from django.core.management import call_command

from intake.pipeline import make_draft, target_for
from intake.save import DOCUMENT, EDITOR, conflicts, save
from recommendations.models import Recommendation, Reply
from tests.send_documents import SEED

TEXT = SEED.read_text(encoding="utf-8")
TYPO = "no later than three months after"


def run(path) -> str:
    out = io.StringIO()
    call_command("import_response", str(path), stdout=out)
    return out.getvalue()


def correct(number: str, old: str, new: str) -> Recommendation:
    """An editor's correction in the admin: the text changes, nothing else."""
    rec = Recommendation.objects.get(number=number)
    rec.text = rec.text.replace(old, new)
    rec.save()
    return rec


@pytest.fixture
def imported(db):
    run(SEED)


@pytest.mark.django_db
def test_reimporting_the_same_document_keeps_an_editors_correction(imported):
    rec = correct("12", TYPO, "no later than three months after publication,")
    output = run(SEED)
    assert "Nothing changed." in output
    assert Recommendation.objects.get(pk=rec.pk).text == rec.text


@pytest.mark.django_db
def test_a_document_change_elsewhere_still_updates(imported, tmp_path):
    correct("12", TYPO, "no later than 3 months after")
    changed = tmp_path / "changed.txt"
    changed.write_text(TEXT.replace("set local authorities up to fail", "set local authorities up to fail badly"))
    output = run(changed)
    assert "recommendations: created 0, updated 1, unchanged 37" in output
    assert "up to fail badly" in Recommendation.objects.get(number="3").text
    assert "no later than 3 months after" in Recommendation.objects.get(number="12").text


@pytest.mark.django_db
def test_where_both_changed_the_editor_is_kept_and_told_and_the_review_offers_both(imported, tmp_path):
    correct("12", TYPO, "no later than 3 months after")
    changed = tmp_path / "changed.txt"
    changed.write_text(TEXT.replace(TYPO, "no later than four months after"))
    output = run(changed)
    assert "Kept the editor's correction of recommendation 12, text" in output
    assert "no later than 3 months after" in Recommendation.objects.get(number="12").text

    draft = make_draft(changed, changed.read_bytes())
    target = target_for(draft)
    [conflict] = conflicts(draft, target.slug)
    assert conflict.key == "recommendation:12:text"
    assert "3 months" in conflict.editor_value and "four months" in conflict.document_value

    target.choices = {conflict.key: EDITOR}
    save(draft, target)
    assert "3 months" in Recommendation.objects.get(number="12").text
    assert conflicts(draft, target.slug) == []  # chosen once, not asked again for the same document

    newer = make_draft(changed, changed.read_bytes().replace(b"four months", b"five months"))
    target.choices = {conflict.key: DOCUMENT}
    save(newer, target)
    assert "no later than five months after" in Recommendation.objects.get(number="12").text


@pytest.mark.django_db
def test_an_editors_correction_of_a_reply_survives(imported):
    reply = Reply.objects.get(position=2)
    reply.text = reply.text.replace("We do not accept", "We do not accept at all")
    reply.save()
    assert "Nothing changed." in run(SEED)
    assert Reply.objects.get(pk=reply.pk).text.startswith("We do not accept at all")
