"""Hostile documents are read within limits: a PDF that decompresses to gigabytes, forms nested deep, a line of
100,000 characters, too many pages, a reading that needs too much memory or time. Each gets a message naming the
limit (from the command and from the admin's upload, which answers in seconds) and nothing is saved."""

import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.common import DocumentError
from intake.models import Draft
from intake.pipeline import make_draft
from tests.intake.raw_pdf import FONT, pdf, stream, text


def double_compressed(size: int) -> bytes:
    """A content stream of `size` spaces, compressed twice (a few KB)."""
    once, chunk = zlib.compressobj(9), b" " * (1024 * 1024)
    inner = b"".join(once.compress(chunk) for _ in range(size // len(chunk))) + once.flush()
    return stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]")


def nested_forms(depth: int, calls: int, words: bytes = b"deepest") -> bytes:
    """A page drawing form 1 `calls` times, which draws form 2 `calls` times, ... down to `depth`."""
    first_form = 6  # after the catalogue, the page tree, the font, the page and its content
    forms = []
    for level in range(depth):
        number = first_form + level
        if level + 1 < depth:
            body = b" ".join([b"/X Do"] * calls)
            resources = b"<< /XObject << /X %d 0 R >> /Font << /F1 3 0 R >> >>" % (number + 1)
        else:
            body, resources = (text(words) if words else b"0 0 m 1 1 l S"), FONT
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources))
    page = b"<< /XObject << /X %d 0 R >> /Font << /F1 3 0 R >> >>" % first_form
    return pdf([stream(b" ".join([b"/X Do"] * calls))], [page], forms)


def many_pages(count: int) -> bytes:
    return pdf([stream(text(b"A page of print.")) for _ in range(count)])


def message(data: bytes) -> str:
    with pytest.raises(DocumentError) as refused:
        make_draft("hostile.pdf", data)
    return str(refused.value)


def test_a_pdf_expanding_past_the_cap_is_refused_naming_it(settings):
    settings.INTAKE_READ_DECOMPRESSED_MB = 10
    data = pdf([double_compressed(30 * 1024 * 1024)])
    assert len(data) < 10_000
    assert "expands to more than the limit of 10 MB" in message(data)


def test_forms_nested_past_the_cap_are_refused_naming_it():
    data = nested_forms(depth=9, calls=10)  # without the limit, this never ends
    assert "nests forms (XObjects) deeper than the limit of 4" in message(data)


def test_forms_nested_within_the_cap_are_read():
    data = nested_forms(depth=3, calls=2)
    assert "no numbered recommendations" in message(data)  # read to the end: text, but nothing to publish


def test_a_line_of_100000_characters_is_refused_naming_the_cap():
    assert "page 1 has more than the limit of 20,000 characters on a page" in message(
        pdf([stream(text(b"x" * 100_000))])
    )


def test_too_many_characters_in_all_are_refused(settings):
    settings.INTAKE_READ_CHARACTERS = 1000
    assert "more than the limit of 1,000 characters" in message(many_pages(100))


def test_too_many_pages_are_refused_naming_the_cap(settings):
    settings.INTAKE_READ_PAGES = 50
    assert "more than the limit of 50 pages" in message(many_pages(51))
    assert "no numbered recommendations" in message(many_pages(50))


def test_a_reading_over_the_memory_limit_is_refused_naming_it(settings):
    settings.INTAKE_READ_MEMORY_MB = 300
    settings.INTAKE_READ_DECOMPRESSED_MB = 10_000
    assert "needed more than the limit of 300 MB of memory" in message(pdf([double_compressed(400 * 1024 * 1024)]))


def test_a_reading_over_the_time_limit_is_stopped_naming_it(settings):
    settings.INTAKE_READ_SECONDS = 2
    settings.INTAKE_READ_FORM_DEPTH = 10
    started = time.monotonic()
    assert "took longer than the limit of 2 seconds" in message(nested_forms(depth=7, calls=10, words=b""))
    assert time.monotonic() - started < 10


@pytest.mark.django_db
def test_the_upload_answers_in_seconds_with_the_limit_and_keeps_nothing(editor_client, settings):
    settings.INTAKE_READ_SECONDS = 2
    settings.INTAKE_READ_FORM_DEPTH = 10
    started = time.monotonic()
    upload = SimpleUploadedFile("forms.pdf", nested_forms(depth=7, calls=10, words=b""), content_type="application/pdf")
    response = editor_client.post(reverse("admin:intake_draft_upload"), {"document": upload})
    assert time.monotonic() - started < 15  # two seconds of reading, on a loaded machine
    assert response.status_code == 200
    assert "took longer than the limit of 2 seconds" in response.content.decode()
    assert not Draft.objects.exists()
