"""The size-bounded cache: the least recently used entries go first, and what it holds stays within its limit."""

from __future__ import annotations

from learnapp.domain.memo import SizedCache


def cache(limit: int) -> SizedCache[str, str]:
    return SizedCache(limit, lambda key, value: len(value))


def test_the_least_recently_used_entries_are_evicted_to_stay_within_the_limit() -> None:
    kept = cache(10)
    kept.put("a", "xxxx")
    kept.put("b", "xxxx")
    assert kept.get("a") == "xxxx"  # now more recent than b
    kept.put("c", "xxxx")
    assert kept.get("b") is None and kept.get("a") == "xxxx" and kept.get("c") == "xxxx"
    assert kept.total == 8 and len(kept) == 2


def test_an_entry_larger_than_the_limit_is_not_kept_and_a_replaced_one_is_counted_once() -> None:
    kept = cache(10)
    kept.put("big", "x" * 11)
    assert kept.get("big") is None and kept.total == 0
    kept.put("a", "xxx")
    kept.put("a", "xxxxx")
    assert kept.get("a") == "xxxxx" and kept.total == 5
    kept.cache_clear()
    assert kept.get("a") is None and kept.total == 0 and len(kept) == 0


def test_rendered_markdown_is_kept_within_its_character_limit() -> None:
    from learnapp.domain import markdown_render

    texts = [f"Paragraph {number}: " + "word " * 2000 for number in range(3)]
    limit = markdown_render._rendered.limit
    try:
        markdown_render._rendered.limit = 25_000  # about two of these texts with their HTML
        for text in texts:
            markdown_render.render_markdown(text)
        assert markdown_render._rendered.total <= 25_000
        assert markdown_render._rendered.get((texts[0], "")) is None  # the oldest went first
        assert markdown_render._rendered.get((texts[2], "")) is not None
    finally:
        markdown_render._rendered.limit = limit
