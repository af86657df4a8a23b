"""A per-process cache bounded by the memory its values take, not by their number.

Plain Python, so it lives in the domain, the lowest layer: the lesson page's cache (`learn.content`), the Markdown
renderer's and the YAML parser's (`markdown_render`, `yaml_source`) all use it.

`functools.lru_cache` bounds entries by count, which says little about memory when one lesson body is 2 KB and
another 30 KB; a web worker's budget is in megabytes (docs/deployment.md, "Memory"). This cache evicts the least
recently used entries once the sizes its `size_of` reports add up to more than `max_bytes`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedCache(Generic[K, V]):
    """Least recently used entries, up to `max_bytes` in all; safe to share between a worker's threads."""

    def __init__(self, max_bytes: int, size_of: Callable[[V], int]) -> None:
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value kept for `key`, else `make()`'s, kept for next time (an exception keeps nothing).

        `make` runs without the lock, so two threads asking for the same new key may both make it; the values are
        equal (the cache holds immutable content) and the first one stored is kept.
        """
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[0]
        value = make()
        size = self._size_of(value)
        if size <= self.max_bytes:
            self._store(key, value, size)
        return value

    def _store(self, key: K, value: V, size: int) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted

    @property
    def size(self) -> int:
        """The bytes its entries take, as `size_of` counts them."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
