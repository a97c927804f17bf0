"""The human page of the API at /api/: examples, limits, and the reference drawn by Swagger UI from the site's own
static files."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .params import MAX_PAGE_SIZE

# The page runs the vendored Swagger UI: scripts from the site only; it draws SVG icons as data: images.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@require_safe
def index(request):
    context = {
        "openapi_url": reverse("api:openapi-json"),
        "site_url": settings.SITE_URL,
        "max_page_size": MAX_PAGE_SIZE,
        "anonymous_limit": settings.API_ANONYMOUS_RATE_LIMIT,
        "key_limit": settings.API_KEY_RATE_LIMIT,
        "window": settings.API_RATE_WINDOW,
    }
    response = render(request, "api/index.html", context)
    response["Content-Security-Policy"] = DOCS_POLICY
    return response
