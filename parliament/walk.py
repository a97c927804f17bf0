"""Walking a list of the Committees API: Skip/Take up to totalResults, in windows of one type and a few dates.

A page shorter than Take before totalResults is reached means the walk failed part-way (the API does that): the
window is walked again, and if it is still short it is reported, never taken as the end.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from recommendations.timephrases import add_months

from .client import ApiError, Client

WALK_ATTEMPTS = 2


class ShortWalk(ApiError):
    """A window whose pages did not add up to its totalResults."""


@dataclass(frozen=True)
class Window:
    starts_on: datetime.date
    ends_on: datetime.date

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d}..{self.ends_on:%Y-%m-%d}"


def windows(since: datetime.date, until: datetime.date, months: int = 1) -> Iterator[Window]:
    """Spans of `months` calendar months from since's month on, cut to since..until."""
    start = since.replace(day=1)
    while start <= until:
        following = add_months(start, months)
        yield Window(max(start, since), min(following - datetime.timedelta(days=1), until))
        start = following


def walk(client: Client, path: str, params: dict, *, key: str = "Skip", take_key: str = "Take") -> list[dict]:
    """Every item of a list, checked against its totalResults; ShortWalk if the pages fall short twice."""
    for _ in range(WALK_ATTEMPTS):
        items, total = _pages(client, path, params, key, take_key)
        if len(items) >= total:
            return items
    raise ShortWalk(f"{path} {params}: {len(items)} items of the {total} announced, twice; window left for next run.")


def _pages(client: Client, path: str, params: dict, key: str, take_key: str) -> tuple[list[dict], int]:
    take = settings.PARLIAMENT_PAGE_SIZE
    items: list[dict] = []
    seen: set = set()
    while True:
        data = client.get_json(path, {**params, key: len(items), take_key: take})
        if not isinstance(data, dict) or not isinstance(data.get("totalResults"), int):
            raise ApiError(f"{path}: the answer has no totalResults.")
        page = data.get("items") or data.get("results") or []
        fresh = [item for item in page if _id(item) not in seen]
        seen.update(_id(item) for item in fresh)
        items += fresh
        total = data["totalResults"]
        if len(items) >= total or len(page) < take or not fresh:
            return items, total


def _id(item: dict):
    return item.get("id", item.get("value", {}).get("id") if isinstance(item.get("value"), dict) else None)
