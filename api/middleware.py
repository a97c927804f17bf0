"""Around every request under /api/v1/: CORS for GET from any origin, the API key, and the rate limit.

It sits before the page cache (freshness.PublicPageMiddleware), so that an answer from that cache, or a 304, is
counted like any other. A key that is not valid is a 401, never a silent fall back to the anonymous limit.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from tracker.middleware import client_ip

from . import throttle
from .models import ApiKey, digest

API_PREFIX = "/api/v1/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, X-API-Key, If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


class BadKey(Exception):
    pass


def presented_key(request) -> str | None:
    """The key sent as `Authorization: Bearer KEY` or `X-API-Key: KEY`, if any."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise BadKey("Send an API key as “Authorization: Bearer KEY” or “X-API-Key: KEY”.")
        return key.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


def client_of(request) -> tuple[str, int]:
    """(who is counted, their limit). Raises BadKey for a key that is unknown or revoked."""
    key = presented_key(request)
    if key is None:
        return f"address:{client_ip(request)}", settings.API_ANONYMOUS_RATE_LIMIT
    found = ApiKey.objects.filter(hashed=digest(key), active=True).values_list("pk", "rate_limit").first()
    if found is None:
        raise BadKey("This API key is not valid: it is unknown or was revoked.")
    pk, limit = found
    return f"key:{pk}", limit or settings.API_KEY_RATE_LIMIT


def error(status: int, detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail, "errors": []}, status=status)
    response["Cache-Control"] = "no-store"
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.answer(request)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    def answer(self, request):
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers=PREFLIGHT_HEADERS)
        if "\x00" in request.path:
            return error(400, "The address contains a NUL character.")
        try:
            client, limit = client_of(request)
        except BadKey as refusal:
            return error(401, str(refusal))
        verdict = throttle.hit(client, limit)
        if not verdict.allowed:
            response = error(429, f"Too many requests: {limit} are allowed per {settings.API_RATE_WINDOW} seconds.")
            response["Retry-After"] = str(verdict.retry_after)
        else:
            head = request.method == "HEAD"
            if head:
                request.method = "GET"  # answered as a GET (and cached as one), sent without its body
            response = self.get_response(request)
            if head:
                response.content = b""
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(verdict.remaining)
        return response
