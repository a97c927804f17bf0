from django import template
from django.utils.safestring import mark_safe

from recommendations.html import sanitise_html

register = template.Library()


@register.filter
def sanitised_html(value: str) -> str:
    """HTML from a source, cleaned again at display: what is stored may have been edited since import."""
    return mark_safe(sanitise_html(value))  # noqa: S308 - nh3 has just removed everything unsafe
