"""Rate limits of the read API: a count per client and fixed window, kept in the cache named by
settings.API_RATE_CACHE, which every worker shares (files on one machine by default, Redis across machines), so
that a limit holds whichever worker answers. Anonymous clients are counted by address, key holders by key."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def hit(client: str, limit: int) -> Verdict:
    """Count one request of `client` against `limit` requests per settings.API_RATE_WINDOW seconds."""
    window = settings.API_RATE_WINDOW
    now = time.time()
    slot = int(now // window)
    key = f"api-rate:{client}:{slot}"
    store = caches[settings.API_RATE_CACHE]
    store.add(key, 0, timeout=window * 2)
    try:
        count = store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, timeout=window * 2)
        count = 1
    retry_after = max(1, math.ceil((slot + 1) * window - now))
    return Verdict(count <= limit, limit, max(0, limit - count), retry_after)
