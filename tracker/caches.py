"""A worker's page cache in its own memory, bounded in bytes as well as in entries."""

import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

_sizes: dict[str, dict[str, int]] = {}
_totals: dict[str, list[int]] = {}
_setup = threading.Lock()


class BoundedMemoryCache(LocMemCache):
    """LocMemCache that also keeps the pickled values under OPTIONS["MAX_BYTES"] (64 MiB by default), dropping the
    least recently used first. A value bigger than the whole bound is not kept."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 2**20))
        with _setup:
            self._sizes = _sizes.setdefault(name, {})
            self._total = _totals.setdefault(name, [0])

    @property
    def bytes_used(self) -> int:
        return self._total[0]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        while self._cache and (len(self._cache) >= self._max_entries or self._total[0] + len(value) > self._max_bytes):
            self._delete(next(reversed(self._cache)))  # the least recently used
        super()._set(key, value, timeout)
        self._sizes[key] = len(value)
        self._total[0] += len(value)

    def _delete(self, key):
        self._total[0] -= self._sizes.pop(key, 0)
        return super()._delete(key)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes.clear()
            self._total[0] = 0
