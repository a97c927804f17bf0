"""Public pages served fresh and cheap: data versions, conditional GET and the page cache.

Pages opt in with `@public_page(...)`, naming the query parameters they read; every other view (the admin, the
alerts' token pages, the follow form's answers) is neither cached nor given validators.

Data versions are tokens, each new at every change of the public data it covers, kept in the cache named
"freshness" (settings.CACHES), which every worker must share: files by default (one machine, no server to run),
Redis where several machines serve the site. A fresh token, unlike a counter, cannot be lost when two workers
change it at once. `data_changed(change)`, called by `changes.announce` inside the writer's transaction, sets new
ones when the transaction commits:
- "lists", read by every page that is not a report's: the lists, counts, themes, feeds, exports and sitemaps;
- "report:<slug>", read by a report's page and its recommendations' pages;
- "site", read by every page: an edit that is not of recommendations (a theme renamed, an import, a restore)
  may show anywhere.
A change of some recommendations (status, progress, a commitment, a reply) sets "lists" and their reports' own
tokens, so the cached pages of every other report stay.

`PublicPageMiddleware`, for a GET or HEAD of a public page:
- redirects a query with parameters the page does not read to the same query without them, so that junk
  neither fills the cache nor shows in links;
- answers 304 Not Modified when the client's copy is of the current versions (If-None-Match; If-Modified-Since
  alone only for a copy we dated, see `with_validators`);
- else serves the page from the page cache (CACHES["default"], bounded in bytes), keyed on the versions, the
  day, the scheme, the host, the path and the query, or renders and stores it (a streamed export too, when it
  is no bigger than PUBLIC_PAGE_CACHE_MAX_BYTES);
- gives each page an ETag and a Cache-Control a proxy can use (public, max-age=settings.PUBLIC_PAGE_MAX_AGE);
  editors, who carry a session cookie, get "private, no-cache" so that their browser asks again after each of
  their edits. X-Page-Cache says "hit" or "miss" (the load test counts them).
The day is part of every version because some pages count days ("response overdue").
A page that varies by visitor (it sets a cookie, or renders a CSRF token and so says Vary: Cookie) is never
stored and gets no ETag: public forms that must be cached should not need a CSRF token.
"""

import datetime
import hashlib
import itertools
import math
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from django.utils.http import http_date

from .models import Report

SITE, LISTS = "site", "lists"
# Changes of some recommendations: they touch their reports' pages and the lists, nothing else.
SCOPED_KINDS = {"status", "implementation", "commitment", "reply", "new_recommendation", "question_linked"}
# A change of recommendations in more reports than this sets the site's token rather than one per report.
MAX_REPORTS_PER_CHANGE = 50


@dataclass(frozen=True)
class PublicPage:
    params: frozenset[str] | None
    per_report: bool


def public_page(*, params=(), per_report: bool = False):
    """Opt a view in to validators, 304s and the page cache. `params`: the query parameters it reads (others are
    dropped by a redirect), or None for a view that refuses unknown ones itself; `per_report`: the page shows one
    report (its URL's `slug`) and nothing of others."""

    def mark(view):
        view.public_page = PublicPage(None if params is None else frozenset(params), per_report)
        return view

    return mark


_public_prefixes: dict[str, PublicPage] = {}


def public_prefix(prefix: str) -> None:
    """Opt in every page under `prefix` (e.g. an API whose views are not ours to mark), its views checking their
    own query parameters. Call from an AppConfig.ready()."""
    _public_prefixes[prefix] = PublicPage(None, per_report=False)


# The versions


def data_changed(change) -> None:
    # The reports are looked up once the write has committed: no query is added to the writer's transaction.
    transaction.on_commit(lambda: _renew(_tokens_changed_by(change)))


def _tokens_changed_by(change) -> list[str]:
    try:
        return _tokens_of_reports(change)
    except DatabaseError:
        return [SITE]  # rather every page rebuilt than one served stale


def _tokens_of_reports(change) -> list[str]:
    if change.kind not in SCOPED_KINDS or not (change.recommendation_ids or change.report_id):
        return [SITE]
    reports = Report.objects.filter(pk=change.report_id) | Report.objects.filter(
        recommendations__pk__in=change.recommendation_ids
    )
    slugs = set(reports.values_list("slug", flat=True).distinct()[: MAX_REPORTS_PER_CHANGE + 1])
    if not slugs or len(slugs) > MAX_REPORTS_PER_CHANGE:
        return [SITE]
    return [LISTS, *(report_token(slug) for slug in slugs)]


def report_token(slug: str) -> str:
    return "report:" + hashlib.sha256(slug.encode()).hexdigest()[:32]


def _renew(tokens: list[str]) -> None:
    version = (uuid.uuid4().hex, time.time())
    caches["freshness"].set_many({f"version:{token}": version for token in tokens}, timeout=None)


def current_versions(tokens: list[str]) -> list[tuple[str, float]]:
    """(token, when its data last changed) of each; a version lost with its cache is replaced by a new one."""
    store = caches["freshness"]
    keys = [f"version:{token}" for token in tokens]
    found = store.get_many(keys)
    for key in keys:
        if key not in found:
            store.add(key, (uuid.uuid4().hex, time.time()), timeout=None)
            found[key] = store.get(key) or (uuid.uuid4().hex, time.time())
    return [found[key] for key in keys]


def page_version(page: PublicPage, kwargs: dict) -> tuple[str, float]:
    """The ETag of the page now (its versions and today's date) and when what it shows last changed."""
    tokens = [SITE, report_token(kwargs.get("slug", "")) if page.per_report else LISTS]
    versions = current_versions(tokens)
    today = timezone.localdate()
    midnight = datetime.datetime.combine(today, datetime.time(), tzinfo=timezone.get_current_timezone())
    digest = hashlib.sha256(" ".join(token for token, _ in versions).encode()).hexdigest()[:32]
    return f'"{digest}-{today:%Y%m%d}"', max(*(changed for _, changed in versions), midnight.timestamp())


# The middleware


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page, kwargs = _public_page_of(request)
        if page is None:
            return self.get_response(request)
        unknown = set(request.GET) - page.params if page.params is not None else set()
        if unknown:
            return _without_params(request, unknown)
        etag, changed_at = page_version(page, kwargs)
        not_modified = self.not_modified(request, etag, changed_at)
        if not_modified is not None:
            return with_validators(request, not_modified, etag, changed_at)
        key = _cache_key(request, etag)
        cached = caches["default"].get(key) if settings.PUBLIC_PAGE_CACHE else None
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return with_validators(request, response, etag, changed_at)
        response = self.get_response(request)
        if response.status_code != 200 or response.cookies or has_vary_header(response, "Cookie"):
            return response
        if settings.PUBLIC_PAGE_CACHE and request.method == "GET":
            response = _stored(key, response)
        response["X-Page-Cache"] = "miss"
        return with_validators(request, response, etag, changed_at)

    @staticmethod
    def not_modified(request, etag: str, changed_at: float):
        """The 304, if the client's copy is current. If-Modified-Since has whole seconds: within the second of the
        last change another change may still come, so it alone answers nothing then."""
        if "If-None-Match" not in request.headers and math.floor(time.time()) <= math.floor(changed_at):
            return None
        return get_conditional_response(request, etag=etag, last_modified=math.floor(changed_at))


def with_validators(request, response, etag: str, changed_at: float):
    response["ETag"] = etag
    # A copy dated within the second of the last change could miss a later change of that second: such a copy
    # is validated by its ETag only.
    if math.floor(time.time()) > math.floor(changed_at):
        response["Last-Modified"] = http_date(math.floor(changed_at))
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


def _public_page_of(request) -> tuple[PublicPage | None, dict]:
    if request.method not in ("GET", "HEAD"):
        return None, {}
    for prefix, page in _public_prefixes.items():
        if request.path_info.startswith(prefix):
            return page, {}
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None, {}
    return getattr(match.func, "public_page", None), match.kwargs


def _without_params(request, unknown: set[str]):
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name not in unknown:
            kept.setlist(name, values)
    query = kept.urlencode()
    return HttpResponsePermanentRedirect(request.path + (f"?{query}" if query else ""))


def _cache_key(request, etag: str) -> str:
    # The scheme and host are in the key: feeds, sitemaps and robots.txt build absolute links from them, and a
    # request naming another host must not plant its links in other visitors' pages.
    where = f"{etag} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(where.encode()).hexdigest()


def _stored(key: str, response):
    """Keep the page in the page cache; a streamed one too when it is small, as a plain response."""
    if response.streaming:
        content = _read_at_most(response, settings.PUBLIC_PAGE_CACHE_MAX_BYTES)
        if content is None:
            return response
        response = HttpResponse(content, headers=response.headers)
    if len(response.content) <= settings.PUBLIC_PAGE_CACHE_MAX_BYTES:
        headers = dict(response.headers)
        caches["default"].set(key, (response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def _read_at_most(response, limit: int) -> bytes | None:
    """The whole streamed body if it has at most `limit` bytes; else None, the response still streaming all of
    it (what was read, then the rest)."""
    chunks, size = [], 0
    stream = iter(response.streaming_content)
    for chunk in stream:
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            response.streaming_content = itertools.chain(chunks, stream)
            return None
    return b"".join(chunks)
