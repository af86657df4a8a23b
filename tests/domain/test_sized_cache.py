"""The per-process cache bounded by memory (learnapp/domain/sized_cache.py): what it keeps and what it lets go."""

from __future__ import annotations

import pytest

from learnapp.domain.sized_cache import SizedCache


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


def test_rendered_markdown_is_kept_within_its_budget_oldest_first():
    from learnapp.domain import markdown_render

    texts = [f"Paragraph {number}: " + "word " * 2000 for number in range(3)]
    budget = markdown_render._rendered.max_bytes
    try:
        markdown_render._rendered.max_bytes = 50_000  # about two of these results
        markdown_render._rendered.clear()
        for text in texts:
            markdown_render.render_markdown(text)
        assert markdown_render._rendered.size <= 50_000 and len(markdown_render._rendered) == 2
        made = []

        def render_again():
            made.append(texts[0])
            return markdown_render._render(texts[0], "")

        markdown_render._rendered.get_or_make((texts[2], ""), render_again)
        assert made == []  # the newest is kept
        markdown_render._rendered.get_or_make((texts[0], ""), render_again)
        assert made == [texts[0]]  # the oldest went first
    finally:
        markdown_render._rendered.max_bytes = budget
        markdown_render._rendered.clear()
