"""The per-process cache bounded by memory (learnapp/caching.py): what it keeps and what it lets go."""

from __future__ import annotations

import pytest

from learnapp.caching import SizedCache


def cache_of(max_bytes):
    return SizedCache(max_bytes, size_of=len)


def test_the_least_recently_used_entries_go_first_once_the_sizes_exceed_the_budget():
    cache = cache_of(10)
    cache.get_or_make("a", lambda: "aaaa")
    cache.get_or_make("b", lambda: "bbbb")
    assert cache.get_or_make("a", lambda: "new") == "aaaa"  # kept, and now the most recently used
    cache.get_or_make("c", lambda: "cccc")  # 12 bytes: "b" goes
    assert cache.get_or_make("b", lambda: "made again") == "made again"
    assert cache.size <= 10


def test_a_value_larger_than_the_whole_budget_is_returned_but_not_kept():
    cache = cache_of(10)
    cache.get_or_make("small", lambda: "ss")
    assert cache.get_or_make("big", lambda: "x" * 11) == "x" * 11
    assert len(cache) == 1 and cache.get_or_make("small", lambda: "other") == "ss"


def test_a_failure_to_make_the_value_keeps_nothing():
    cache = cache_of(10)
    with pytest.raises(LookupError):
        cache.get_or_make("a", lambda: (_ for _ in ()).throw(LookupError("no such lesson")))
    assert len(cache) == 0 and cache.get_or_make("a", lambda: "found") == "found"


def test_clearing_forgets_every_entry_and_its_size():
    cache = cache_of(10)
    cache.get_or_make("a", lambda: "aaaa")
    cache.clear()
    assert len(cache) == 0 and cache.size == 0
