"""One set of text rules (recommendations.validators): what is already stored cannot take a feed down, and no
write path stores a character the pages, feeds and mail cannot hold."""

import copy
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from intake.common import DocumentError
from intake.draft import from_json, to_json
from intake.models import Draft
from intake.pipeline import make_draft
from intake.save import SaveOptions, save
from recommendations.models import (
    Basis,
    Body,
    Commitment,
    CommitmentEvent,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    Report,
    ReviewDocument,
    Status,
)
from recommendations.services.commitments import record_commitment_state
from recommendations.services.history import ChangeRefused
from recommendations.services.implementation import record_implementation
from recommendations.services.status import record_status
from recommendations.validators import field_problem
from tests.builders import add_commitment, build_report

UNSAFE_SAMPLES = "\x00\x1b\x7f\x85\u202e\u2066\ue000\U000f0000"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feeds/", "/commitments/feed/"])
def test_feeds_leave_out_stored_control_characters(client, url):
    report = build_report(3)
    add_commitment(report.replies.first())
    # PostgreSQL cannot store NUL at all; every other character is stored as it came.
    stored = UNSAFE_SAMPLES.replace("\x00", "") if connection.vendor == "postgresql" else UNSAFE_SAMPLES
    Report.objects.filter(pk=report.pk).update(title=f"Report {stored} title")
    Commitment.objects.update(text=f"We will {stored} act in Autumn 2020.", period="in\x1b Autumn 2020")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    ET.fromstring(body)  # well-formed XML
    assert not any(char in body for char in UNSAFE_SAMPLES)
    assert "Report  title" in body or "We will  act in Autumn 2020." in body


# --- One set of rules on every write path ---------------------------------------------------------------------

SMALL_RESPONSE = b"""Government Response to the Committee's report

Conclusions and recommendations

1. The Department should publish its plan for special schools by the end of the year. (Paragraph 17)

The Government agrees. We will publish the plan in Autumn 2020.

2. The Department should review funding. (Paragraph 18)

The Government notes this recommendation.
"""


@pytest.fixture(scope="module")
def small_draft():
    return make_draft("response.txt", SMALL_RESPONSE)


def target(**fields) -> SaveOptions:
    values = {"slug": "plans", "title": "Plans", "committee": "Education Committee",
              "effective_on": datetime.date(2020, 7, 20), "source_url": "", "source_document": "response.txt",
              "choices": {}}  # fmt: skip
    return SaveOptions(**{**values, **fields})


def edited(draft, where: str, **fields):
    draft = copy.deepcopy(draft)
    kind, index = where.split(":")
    item = getattr(draft, kind)[int(index)]
    for name, value in fields.items():
        setattr(item, name, value)
    return draft


REFUSED_DRAFTS = {
    "a direction control typed in the review": (
        ("recommendations:0", {"text": "The Department should \u202epublish."}),
        "invisible direction control",
    ),
    "a reply of 3 million characters": (("replies:0", {"text": "word " * 600_000}), "at most 50,000 characters"),
    "a recommendation of 60,027 characters": (("recommendations:1", {"text": "x" * 60_027}), "at most 50,000"),
    "a number too long to store": (("recommendations:0", {"number": "1.1.1.1.1.1.1.1.1.1.1.1"}), "at most 20"),
    "a responder with no letters": (("replies:1", {"responder": "!!!"}), "no letters or digits"),
    "an escape in a heading": (("replies:0", {"heading": "Paragraph 1\x1b[2J"}), "control character (U+001B)"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED_DRAFTS)
def test_the_intake_save_refuses_what_the_models_refuse_and_saves_nothing(small_draft, case):
    (where, fields), message = REFUSED_DRAFTS[case]
    with pytest.raises(DocumentError, match=re.escape(message)):
        save(edited(small_draft, where, **fields), target())
    assert not Report.objects.exists() and not Body.objects.filter(slug="").exists()


@pytest.mark.django_db
def test_the_intake_refuses_a_committee_with_no_letters_and_an_ftp_link(small_draft):
    with pytest.raises(DocumentError, match="no letters or digits"):
        save(small_draft, target(committee="@@@"))
    with pytest.raises(DocumentError, match="starting http:// or https://"):
        save(small_draft, target(source_url="ftp://example.org/response.pdf"))


@pytest.mark.django_db
def test_publishing_a_draft_with_a_bad_number_gives_a_message(editor_client):
    upload = SimpleUploadedFile("response.txt", SMALL_RESPONSE, content_type="text/plain")
    editor_client.post(reverse("admin:intake_draft_upload"), {"document": upload})
    row = Draft.objects.get()
    row.content = to_json(edited(from_json(row.content), "recommendations:0", number="1.1.1.1.1.1.1.1.1.1.1.1"))
    row.title, row.report_slug, row.committee = "Plans", "plans", "Education Committee"
    row.response_date = datetime.date(2020, 7, 20)
    row.save()
    review = reverse("admin:intake_draft_review", args=[row.pk])
    response = editor_client.post(review, {"version": row.version, "action": "publish"}, follow=True)
    assert response.status_code == 200
    assert "at most 20 characters" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_services_refuse_control_characters_and_ftp_links():
    report = build_report(1)
    recommendation = report.recommendations.get()
    commitment = add_commitment(report.replies.first())
    today = datetime.date.today()
    with pytest.raises(ChangeRefused, match="control character"):
        record_status(recommendation=recommendation, status=Status.ACCEPTED, effective_on=today, note="ok\x1b")
    with pytest.raises(ChangeRefused, match="direction control"):
        record_implementation(recommendation=recommendation, implementation=Implementation.IN_PROGRESS,
                              basis=Basis.GOVERNMENT_SAYS, effective_on=today, note="\u202edone")  # fmt: skip
    with pytest.raises(ChangeRefused, match="at most 50,000"):
        record_commitment_state(commitment=commitment, state=CommitmentState.MET, effective_on=today, note="x" * 50_001)
    with pytest.raises(ChangeRefused, match="http:// or https://"):
        record_commitment_state(commitment=commitment, state=CommitmentState.MET, effective_on=today, note="Met.",
                                source_url="ftp://example.org/")  # fmt: skip


NEW_FIELDS = [
    (Commitment, "text", "We will \u202eact."),
    (Commitment, "period", "in\x00 Autumn"),
    (Commitment, "note", "\ue000"),
    (ReviewDocument, "title", "Review\x1b"),
    (ReviewDocument, "url", "ftp://example.org/review.pdf"),
    (ImplementationEntry, "note", "x" * 50_001),
    (CommitmentEvent, "note", "\x85"),
    (Draft, "source_url", "ftp://example.org/response.pdf"),
]


@pytest.mark.parametrize(("model", "name", "value"), NEW_FIELDS)
def test_the_new_models_fields_have_the_rules(model, name, value):
    assert field_problem(model, name, value)
