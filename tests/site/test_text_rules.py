"""One set of text rules (recommendations.validators): what is already stored cannot take a feed down, and no
write path stores a character the pages, feeds and mail cannot hold."""

import xml.etree.ElementTree as ET

import pytest

from recommendations.models import Commitment, Report
from tests.builders import add_commitment, build_report

UNSAFE_SAMPLES = "\x00\x1b\x7f\x85\u202e\u2066\ue000\U000f0000"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feeds/", "/commitments/feed/"])
def test_feeds_leave_out_stored_control_characters(client, url):
    report = build_report(3)
    add_commitment(report.replies.first())
    Report.objects.filter(pk=report.pk).update(title=f"Report {UNSAFE_SAMPLES} title")
    Commitment.objects.update(text=f"We will {UNSAFE_SAMPLES} act in Autumn 2020.", period="in\x1b Autumn 2020")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    ET.fromstring(body)  # well-formed XML
    assert not any(char in body for char in UNSAFE_SAMPLES)
    assert "Report  title" in body or "We will  act in Autumn 2020." in body
