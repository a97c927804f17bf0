"""Hardening that sits around every request: the Content-Security-Policy header, a quick 503 page
when the database cannot be reached, a 400 for addresses with NUL in them, and the client address used by
sign-in throttling."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# SQLSTATE classes of a database that went away: connection exception, insufficient resources, operator
# intervention (shut down, restarting). Any other error with a SQLSTATE (a deadlock, a value too long) is a
# fault of the request, not an outage: it is the 500 page, not the 503 one.
LOST_DATABASE_CLASSES = ("08", "53", "57")


def is_database_lost(exception) -> bool:
    """Whether the error says the database cannot be reached (the 503 page), rather than refused a statement.

    An error without a SQLSTATE was raised by the driver itself (no connection, a broken socket) or by SQLite.
    """
    if not isinstance(exception, DATABASE_ERRORS):
        return False
    sqlstate = getattr(exception.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate[:2] in LOST_DATABASE_CLASSES


class ContentSecurityPolicyMiddleware:
    """Send settings.CSP_POLICY, or settings.CSP_ADMIN_POLICY under the admin URL, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            in_admin = request.path.startswith("/" + settings.ADMIN_URL)
            response["Content-Security-Policy"] = settings.CSP_ADMIN_POLICY if in_admin else settings.CSP_POLICY
        return response


class RejectNulInPathMiddleware:
    """No page has a NUL character in its address, and PostgreSQL refuses NUL in a query: answer 400 at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseBadRequest("The address contains a NUL character.", content_type="text/plain")
        return self.get_response(request)


def database_unavailable(request, exception) -> HttpResponse:
    """The 503 page: no stack trace, no query (the template reads no context)."""
    first_line = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
    logger.warning("Database unavailable for %s: %s", request.path, first_line)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database connection error raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_lost(exception):
            return database_unavailable(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the error was the database going away outside a view, else the 500 page."""
    exception = sys.exc_info()[1]
    if is_database_lost(exception):
        return database_unavailable(request, exception)
    return defaults.server_error(request, template_name)


def client_ip(request) -> str:
    """The address sign-in failures are counted against.

    Behind our reverse proxy (DJANGO_BEHIND_PROXY) every request comes from the proxy, which appends the
    address it saw to X-Forwarded-For: take that last entry, the only one a client cannot forge.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
