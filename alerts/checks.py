from django.conf import settings
from django.core.checks import Warning, register


@register("alerts", deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links in alert mail are built on DJANGO_SITE_URL: in production it must be the site's https address."""
    if not settings.SITE_URL.startswith("https://") or settings.SITE_URL_IS_DEFAULT:
        return [
            Warning(
                "DJANGO_SITE_URL is not set to the site's https address: links in alert emails would be wrong.",
                hint="Set DJANGO_SITE_URL, e.g. https://tracker.example.org",
                id="alerts.W001",
            )
        ]
    return []
