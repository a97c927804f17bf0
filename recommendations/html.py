"""The one HTML cleaner: what HTML from a source (a written answer) may keep, applied on import and again at
display."""

import nh3

TABLE_TAGS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"} | TABLE_TAGS


ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """Keep paragraphs, lists, emphasis, links and tables; drop everything else, scripts with their content."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
    ).strip()
