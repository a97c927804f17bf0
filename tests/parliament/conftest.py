import pytest

from tests.parliament.fake_api import FakeParliament
from tests.send_documents import LAYOUTS, send_html, send_pdf

_documents = {}


def response_documents() -> dict:
    """The SEND response's own text as the HTML and PDF files of a made-up publication (built once)."""
    if not _documents:
        _documents["/files/tidal-response.html"] = (send_html().encode(), "text/html")
        _documents["/files/tidal-response.pdf"] = (send_pdf(next(iter(LAYOUTS.values()))), "application/pdf")
    return _documents


@pytest.fixture
def fake_parliament(settings):
    with FakeParliament() as fake:
        fake.files.update(response_documents())
        settings.PARLIAMENT_COMMITTEES_API_URL = f"{fake.url}/api"
        settings.PARLIAMENT_QUESTIONS_API_URL = f"{fake.url}/api"
        settings.PARLIAMENT_REQUESTS_PER_SECOND = 0
        settings.PARLIAMENT_RETRY_BACKOFF = 0.01
        settings.PARLIAMENT_SYNC_SINCE = "2019-11-01"
        yield fake
