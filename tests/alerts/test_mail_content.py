"""What a stranger can put into our mail: no words of theirs in a confirmation (only the tracker's own names of
what is followed), and no header of theirs (every message the real SMTP server received is parsed)."""

import email
import email.policy
import email.utils
import re

import pytest

from alerts.models import Subscription
from tests.builders import build_report
from tests.smtp import SITE_URL, html_of, text_of

pytestmark = pytest.mark.django_db

PHISHING = "URGENT: your account will be suspended. Visit https://evil.example/login"


def follow(client, email_address, target, ip="192.0.2.1", **fields):
    data = {"email": email_address, "frequency": "daily", "target": target, **fields}
    return client.post("/alerts/follow/", data, REMOTE_ADDR=ip)


def test_a_confirmation_names_a_search_only_in_the_trackers_own_words(client, smtp):
    build_report(2)
    query = "q=" + PHISHING.replace(" ", "+") + "&status=accepted&theme=funding"
    assert follow(client, "victim@example.org", "search", query=query).status_code == 200
    [confirmation] = smtp.messages
    text, html = text_of(confirmation), html_of(confirmation)
    print("\n--- the confirmation as sent ---\n" + text)
    for part in (text, html):
        assert "URGENT" not in part and "evil.example" not in part and "suspended" not in part
        assert "Recommendations with the words you searched for; status Accepted; theme Funding" in part
    assert {link.split("/")[2] for link in re.findall(r"https?://[^\s\"'<>]+", text + html)} == {"tracker.example.org"}

    subscription = Subscription.objects.get()
    assert "URGENT" not in subscription.label
    confirm_path = re.search(rf"{SITE_URL}(/alerts/confirm/\S+/)", text)[1]
    page = re.sub(r'href="[^"]*"', "", client.get(confirm_path).content.decode())  # its link is to our list
    assert "Recommendations with the words you searched for" in page and "evil.example" not in page


# Characters Python's mail writer takes for line breaks, inside the quotes Django's address check lets through.
BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
HOSTILE = [f'"a{char}b"@example.com' for char in BREAKS] + [
    f'"a{char}Bcc:other@example.com"@example.com' for char in BREAKS
]
HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "Auto-Submitted",
}


def test_addresses_with_control_characters_are_refused_and_every_sent_header_is_whole(client, smtp):
    report = build_report(1)
    for n, address in enumerate(HOSTILE):
        response = follow(client, address, "report", ip=f"192.0.2.{n}", object=report.pk)
        assert response.status_code == 400, repr(address)
        assert "control characters" in response.content.decode()
    accepted = ["plain@example.org", "o'brien+alerts@example.org", "someone@bücher.example"]
    for n, address in enumerate(accepted):
        assert follow(client, address, "report", ip=f"198.51.100.{n}", object=report.pk).status_code == 200

    assert len(smtp.raw) == len(accepted)
    recipients = set()
    for raw in smtp.raw:
        message = email.message_from_bytes(raw, policy=email.policy.strict)
        assert not message.defects
        assert set(message.keys()) == HEADERS, message.keys()
        for name, value in message.items():
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", str(value)), (name, value)
            assert not value.defects, (name, value.defects)
        [(_, recipient)] = email.utils.getaddresses([message["To"]])
        recipients.add(recipient)
    assert recipients == {"plain@example.org", "o'brien+alerts@example.org", "someone@xn--bcher-kva.example"}
