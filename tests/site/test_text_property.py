"""Property: any string, through any write path (a service, the intake's save, a model form as the admin's), is
either refused with a message or reads back safe on the pages, the feeds and the export: no server error, the
feeds well-formed XML, the export valid JSON, and none of the characters the rules refuse anywhere."""

import copy
import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import transaction
from django.forms import modelform_factory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.common import DocumentError
from intake.pipeline import make_draft
from intake.save import SaveOptions, save
from recommendations.models import Commitment, Status
from recommendations.services.history import ChangeRefused
from recommendations.services.status import record_status
from recommendations.validators import UNSAFE
from tests.builders import add_commitment, build_report
from tests.site.test_text_rules import SMALL_RESPONSE

ANY_TEXT = st.lists(
    st.one_of(
        st.characters(codec=None, categories=None),  # any code point, surrogates included
        st.sampled_from(["\x00", "\x1b", "\x0b", "\x85", "\u202e", "\u2066", "\ue000", "\U0010fffd", "<", "&", "]]>"]),
        st.just("word "),
    ),
    max_size=40,
).map("".join)

PAGES = ["/recommendations/", "/feeds/", "/commitments/", "/commitments/feed/", "/recommendations/export.json"]
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class Rollback(Exception):
    pass


def reads_back_safe(client, *more: str) -> None:
    for url in [*PAGES, *more]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert not UNSAFE.search(body), url
        if "feed" in url:
            ET.fromstring(body)
        if url.endswith(".json"):
            json.loads(body)


def in_a_rollback(write, check) -> None:
    """Write, then check the pages, inside a transaction that is undone (each example starts from the same data)."""
    try:
        with transaction.atomic():
            refused = write()
            if refused is None:
                check()
            else:
                assert str(refused).strip()  # refused, with a message
            raise Rollback
    except Rollback:
        pass


@pytest.fixture
def report(db):
    report = build_report(2)
    add_commitment(report.replies.first())
    return report


@PROPERTY
@given(text=ANY_TEXT)
def test_any_status_note_is_refused_or_safe(client, report, text):
    recommendation = report.recommendations.first()

    def write():
        try:
            record_status(recommendation=recommendation, status=Status.ACCEPTED, effective_on=datetime.date.today(),
                          note=text, evidence=text)  # fmt: skip
        except ChangeRefused as refusal:
            return refusal
        return None

    in_a_rollback(write, lambda: reads_back_safe(client, f"/reports/{report.slug}/{recommendation.number}/"))


@PROPERTY
@given(text=ANY_TEXT)
def test_any_commitment_text_through_the_admin_form_is_refused_or_safe(client, report, text):
    commitment = Commitment.objects.get()
    form_class = modelform_factory(Commitment, fields=["text", "period", "note"])

    def write():
        form = form_class({"text": text or "x", "period": text, "note": text}, instance=commitment)
        if not form.is_valid():
            return form.errors.as_text()
        form.save()
        return None

    in_a_rollback(write, lambda: reads_back_safe(client))


@pytest.fixture(scope="module")
def small_draft():
    return make_draft("response.txt", SMALL_RESPONSE)


@PROPERTY
@given(text=ANY_TEXT, where=st.sampled_from(["text", "heading", "responder"]))
def test_any_reply_through_the_intake_save_is_refused_or_safe(client, db, small_draft, text, where):
    draft = copy.deepcopy(small_draft)
    setattr(draft.replies[0], where, text if where != "text" else f"The Government agrees. {text}")
    target = SaveOptions(slug="plans", title="Plans", committee="Education Committee",
                    effective_on=datetime.date(2020, 7, 20), source_url="", source_document="response.txt",
                    choices={})  # fmt: skip

    def write():
        try:
            save(draft, target)
        except DocumentError as refusal:
            return refusal
        return None

    in_a_rollback(write, lambda: reads_back_safe(client, "/reports/plans/", "/reports/plans/1/"))
