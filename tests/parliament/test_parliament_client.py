"""The HTTP client against the fake server: Retry-After in seconds or as a date, no retry on a 404, size limits."""

import email.utils
import time

import pytest
import requests

from parliament.client import ApiError, Client, retry_after
from tests.parliament.fake_api import Fault


def answer(headers: dict) -> requests.Response:
    response = requests.Response()
    response.headers.update(headers)
    return response


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after(answer({"Retry-After": "7"})) == 7
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_after(answer({"Retry-After": later})) <= 30
    assert retry_after(answer({"Retry-After": "soon"})) is None and retry_after(answer({})) is None


def test_a_429_is_waited_out_and_a_404_is_not_retried(fake_parliament, settings):
    fake_parliament.faults.append(Fault("/api/PublicationType", status=429, retry_after="1", times=2))
    client = Client(settings.PARLIAMENT_COMMITTEES_API_URL)
    started = time.monotonic()
    assert client.get_json("PublicationType")[0]["name"] == "Report"
    assert time.monotonic() - started >= 2 and client.tally.retries == 2
    with pytest.raises(ApiError, match="404"):
        client.get_json("NoSuchList")
    assert client.tally.retries == 2


def test_a_500_that_persists_gives_up_with_a_message(fake_parliament, settings):
    settings.PARLIAMENT_RETRIES = 2
    fake_parliament.faults.append(Fault("/api/PublicationType", status=500, times=5))
    with pytest.raises(ApiError, match="500 .*after 3 attempts"):
        Client(settings.PARLIAMENT_COMMITTEES_API_URL).get_json("PublicationType")


def test_a_download_over_the_limit_is_refused(fake_parliament, settings):
    client = Client(settings.PARLIAMENT_COMMITTEES_API_URL)
    url = f"{fake_parliament.url}/files/tidal-response.pdf"
    assert client.get_bytes(url, 10_000_000).startswith(b"%PDF-")
    with pytest.raises(ApiError, match="larger than 1,000 bytes"):
        client.get_bytes(url, 1_000)


def test_the_polite_pace_spaces_requests(fake_parliament, settings):
    settings.PARLIAMENT_REQUESTS_PER_SECOND = 5
    client = Client(settings.PARLIAMENT_COMMITTEES_API_URL)
    started = time.monotonic()
    for _ in range(4):
        client.get_json("PublicationType")
    assert time.monotonic() - started >= 0.6
