"""Public pages served fresh and cheap: the data version, conditional GET and the page cache.

The data version is a token, new at every change of public data: `data_changed()`, called by
`changes.announce` inside the writer's transaction, sets a new one when the transaction commits. It is kept in
the cache named "freshness" (settings.CACHES), which every worker must share: a directory of files by default
(one machine, no server to run), a database table or Redis where several machines serve the site. A fresh
token, unlike a counter, cannot be lost when two workers change it at once.

`PublicPageMiddleware`, for a GET or HEAD of a public page (not the admin, not the static files):
- answers 304 Not Modified when the client's copy (If-None-Match, or If-Modified-Since) is of the current
  version;
- else serves the page from the page cache (settings.PUBLIC_PAGE_CACHE; each worker's own memory by
  default), keyed on the version, the day, the path and the query, or renders and stores it;
- gives each page an ETag and a Last-Modified of its version and a Cache-Control a proxy can use
  (public, max-age=settings.PUBLIC_PAGE_MAX_AGE); editors, who carry a session cookie, get "private, no-cache"
  so that their browser asks again after each of their edits.
The day is part of the version because some pages count days ("response overdue").
A page that varies by visitor (it sets a cookie, or renders a CSRF token and so says Vary: Cookie) is never
stored and gets no ETag: public forms that must be cached should not need a CSRF token.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "data-version"


def data_changed() -> None:
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    caches["freshness"].set(VERSION_KEY, _new_version(), timeout=None)


def _new_version() -> tuple[str, float]:
    return uuid.uuid4().hex, timezone.now().timestamp()


def current_version() -> tuple[str, datetime.datetime]:
    """(token, when the data last changed). A version lost with its cache is replaced by a new one."""
    store = caches["freshness"]
    version = store.get(VERSION_KEY)
    if version is None:
        store.add(VERSION_KEY, _new_version(), timeout=None)
        version = store.get(VERSION_KEY) or _new_version()
    token, changed_at = version
    return token, datetime.datetime.fromtimestamp(changed_at, tz=datetime.UTC)


def page_version(request) -> tuple[str, datetime.datetime]:
    """The ETag and Last-Modified of every public page now: the data version and today's date."""
    token, changed_at = current_version()
    today = timezone.localdate()
    midnight = datetime.datetime.combine(today, datetime.time(), tzinfo=timezone.get_current_timezone())
    return f'"{token}-{today:%Y%m%d}"', max(changed_at, midnight)


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not is_public(request.path):
            return self.get_response(request)
        etag, last_modified = page_version(request)
        not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified.timestamp()))
        if not_modified is not None:
            return self.with_validators(request, not_modified, etag, last_modified)
        key = "page:" + hashlib.sha256(f"{etag} {request.get_full_path()}".encode()).hexdigest()
        cached = caches["default"].get(key) if settings.PUBLIC_PAGE_CACHE else None
        if cached is not None:
            content, headers = cached
            return self.with_validators(request, HttpResponse(content, headers=headers), etag, last_modified)
        response = self.get_response(request)
        if response.status_code != 200 or response.cookies or has_vary_header(response, "Cookie"):
            return response
        if settings.PUBLIC_PAGE_CACHE and request.method == "GET" and not response.streaming:
            caches["default"].set(key, (response.content, dict(response.headers)), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return self.with_validators(request, response, etag, last_modified)

    @staticmethod
    def with_validators(request, response, etag: str, last_modified: datetime.datetime):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response


def is_public(path: str) -> bool:
    return not path.startswith(("/" + settings.ADMIN_URL, settings.STATIC_URL))
