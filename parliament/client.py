"""HTTP to Parliament's APIs: timeouts, a polite pace, retries with backoff on 429 and 5xx (honouring Retry-After),
a User-Agent naming the site, and downloads cut off at a size limit."""

import email.utils
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings

RETRIED_STATUSES = {429, 500, 502, 503, 504}


class ApiError(Exception):
    """A request that failed after its retries, or answered something that is not what the API promises."""


@dataclass
class Tally:
    requests: int = 0
    retries: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.requests / elapsed if elapsed > 0 else 0.0


def retry_after(response: requests.Response) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), if it gives one."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


class Client:
    def __init__(self, base_url: str, *, tally: Tally | None = None):
        self.base_url = base_url.rstrip("/")
        self.tally = tally or Tally()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.PARLIAMENT_USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self.interval = 1 / settings.PARLIAMENT_REQUESTS_PER_SECOND if settings.PARLIAMENT_REQUESTS_PER_SECOND else 0
        self.last_request = 0.0

    def get_json(self, path: str, params: dict | None = None):
        response = self._get(f"{self.base_url}/{path.lstrip('/')}", params=params)
        try:
            return response.json()
        except ValueError:
            raise ApiError(f"{response.url} answered something that is not JSON.") from None

    def get_bytes(self, url: str, max_bytes: int) -> bytes:
        """A file's bytes; ApiError if it is larger than max_bytes (read no further than that)."""
        response = self._get(url, stream=True)
        data = bytearray()
        for chunk in response.iter_content(64 * 1024):
            data += chunk
            if len(data) > max_bytes:
                response.close()
                raise ApiError(f"{url} is larger than {max_bytes:,} bytes; not fetched.")
        return bytes(data)

    def _get(self, url: str, params: dict | None = None, stream: bool = False) -> requests.Response:
        attempts = settings.PARLIAMENT_RETRIES + 1
        for attempt in range(attempts):
            self._pace()
            self.tally.requests += 1
            try:
                response = self.session.get(url, params=params, stream=stream, timeout=settings.PARLIAMENT_TIMEOUTS)
            except (requests.ConnectionError, requests.Timeout) as error:
                failure, wait = f"{url}: {error.__class__.__name__}", None
            else:
                if response.status_code < 400:
                    return response
                failure, wait = f"{response.url} answered {response.status_code}", retry_after(response)
                response.close()
                if response.status_code not in RETRIED_STATUSES:
                    raise ApiError(failure)
            if attempt + 1 < attempts:
                self.tally.retries += 1
                backoff = settings.PARLIAMENT_RETRY_BACKOFF * 2**attempt
                time.sleep(min(wait if wait is not None else backoff, settings.PARLIAMENT_MAX_WAIT))
        raise ApiError(f"{failure} (after {attempts} attempts).")

    def _pace(self) -> None:
        wait = self.last_request + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.last_request = time.monotonic()
