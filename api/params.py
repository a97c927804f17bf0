"""The query parameters every list of the API shares: paging by cursor, `updated_since`, `include`; and the rule
that a parameter the operation does not know is refused (a typo must not silently widen a result)."""

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# The largest id a database can hold: a bigger one in a path is a 400, never an overflow.
MAX_ID = 2**63 - 1


class BadParameters(Exception):
    """Parameters the API cannot use. The args are the messages, each naming its parameter."""


def check_known(query: QueryDict, known: set[str]) -> None:
    unknown = sorted(set(query) - known)
    if unknown:
        raise BadParameters(
            *(f"{name}: not a parameter of this list; use {', '.join(sorted(known))}." for name in unknown)
        )


def includes(value: str | None, allowed: tuple[str, ...]) -> set[str]:
    """The names in a comma-separated `include`, each one of `allowed`."""
    names = {name.strip() for name in (value or "").split(",") if name.strip()}
    unknown = sorted(names - set(allowed))
    if unknown:
        raise BadParameters(f"include: {', '.join(unknown)} cannot be included; choose from {', '.join(allowed)}.")
    return names


def changed_since(queryset: QuerySet, since: datetime.datetime | None, field: str = "updated_at") -> QuerySet:
    """Objects changed at or after `since` (a time without an offset is UTC)."""
    if since is None:
        return queryset
    if timezone.is_naive(since):
        since = since.replace(tzinfo=datetime.UTC)
    try:
        since = since.astimezone(datetime.UTC)
    except OverflowError:
        raise BadParameters("updated_since: out of range; give a time between the years 1 and 9999.") from None
    return queryset.filter(**{f"{field}__gte": since})


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after an id (the next page) or before one (the previous page)."""

    before: bool
    pk: int

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{'b' if self.before else 'a'}{self.pk}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        try:
            text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
            if text[:1] not in ("a", "b") or not text[1:].isdigit() or int(text[1:]) > MAX_ID:
                raise ValueError
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise BadParameters("cursor: not a cursor of this API; follow the next and previous links.") from None
        return cls(before=text[0] == "b", pk=int(text[1:]))


@dataclass
class Page:
    rows: list
    next: str | None
    previous: str | None


def page_of(queryset: QuerySet, query: QueryDict, path: str, *, cursor: str | None, page_size: int) -> Page:
    """One page of `queryset` in id order, with links to the pages either side (keyset paging: each page costs
    the same however deep, and a row added or deleted meanwhile never shifts the others)."""
    position = Cursor.decode(cursor) if cursor else None
    if position and position.before:
        rows = list(queryset.filter(pk__lt=position.pk).order_by("-pk")[: page_size + 1])
        more_before, rows = len(rows) > page_size, rows[:page_size][::-1]
        more_after = True
    else:
        if position:
            queryset = queryset.filter(pk__gt=position.pk)
        rows = list(queryset.order_by("pk")[: page_size + 1])
        more_after, rows = len(rows) > page_size, rows[:page_size]
        more_before = position is not None
    first, last = (_pk(rows[0]), _pk(rows[-1])) if rows else (None, None)
    if not rows and position:
        # An empty page (what was beyond the link was deleted): the way back includes where it started.
        if position.before:
            return Page([], _link(path, query, Cursor(before=False, pk=position.pk - 1)), None)
        return Page([], None, _link(path, query, Cursor(before=True, pk=position.pk + 1)))
    return Page(
        rows,
        _link(path, query, Cursor(before=False, pk=last)) if more_after and rows else None,
        _link(path, query, Cursor(before=True, pk=first)) if more_before and rows else None,
    )


def _pk(row) -> int:
    return row["id"] if isinstance(row, dict) else row.pk


def _link(path: str, query: QueryDict, cursor: Cursor) -> str:
    query = query.copy()
    query["cursor"] = cursor.encode()
    return f"{settings.SITE_URL}{path}?{query.urlencode()}"
