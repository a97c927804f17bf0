"""The URL converter of slugs and numbers as stored (recommendations/urls.py, and the sitemaps' addresses)."""

from urllib.parse import unquote


class StoredValueConverter:
    """A slug or number as stored, whatever it is: new values are validated (models.validate_number, slugs), but
    a value stored before, or by hand, must still give a working link rather than a NoReverseMatch on every page
    that lists it. "/" and "%" are escaped, so "1/2" is one path segment; any other value is as the slug and str
    converters would give it."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return unquote(value)

    def to_url(self, value) -> str:
        return str(value).replace("%", "%25").replace("/", "%2F")
