"""A least-recently-used cache bounded by the size of what it holds, for pure functions of (possibly long) text.

`functools.lru_cache` bounds the number of entries only: with texts of up to 400 kB an author can save, a few
thousand entries could hold gigabytes. This one evicts the least recently used entries once the total size (as
the caller measures it, roughly in characters) passes its limit, and never keeps an entry larger than the limit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SizedCache(Generic[K, V]):
    """Thread-safe; ``size(key, value)`` says what an entry weighs, ``limit`` what all of them may weigh."""

    def __init__(self, limit: int, size: Callable[[K, V], int]) -> None:
        self.limit = limit
        self._size = size
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The value kept for ``key`` (now the most recently used), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key``, evicting the least recently used entries to stay within the limit."""
        weight = self._size(key, value)
        if weight > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._total -= old[1]
            self._entries[key] = (value, weight)
            self._total += weight
            while self._total > self.limit:
                _key, (_value, dropped) = self._entries.popitem(last=False)
                self._total -= dropped

    def cache_clear(self) -> None:
        """Forget everything (named as `functools.lru_cache` names it)."""
        with self._lock:
            self._entries.clear()
            self._total = 0

    @property
    def total(self) -> int:
        """What the entries weigh together."""
        return self._total

    def __len__(self) -> int:
        return len(self._entries)
