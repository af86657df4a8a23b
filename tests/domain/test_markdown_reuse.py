"""The renderer reuses one Markdown converter per thread and keeps recent results: no text leaks into the next."""

from __future__ import annotations

import threading

import markdown

from learnapp.domain.markdown_render import _EXTENSION_CONFIGS, _EXTENSIONS, render_markdown, sanitise_html


def fresh(text: str) -> str:
    """What a new converter, made for this text alone, gives (the renderer's output before reuse)."""
    return sanitise_html(markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS).convert(text))


def test_footnotes_abbreviations_and_heading_ids_of_one_text_do_not_reach_the_next() -> None:
    first = "## Sources\n\nThe UN[^1] and the OSCE.\n\n[^1]: United Nations.\n\n*[OSCE]: Organization for Security\n"
    second = "## Sources\n\nThe OSCE, again[^2].\n\n[^2]: Another note.\n"
    assert render_markdown(first).html == fresh(first)
    html = render_markdown(second).html
    assert html == fresh(second)
    assert 'id="sources"' in html and "sources_1" not in html  # heading ids start afresh
    assert "United Nations" not in html and "<abbr" not in html  # no footnote or abbreviation carried over


def test_the_same_text_gives_the_same_result_each_time_and_media_bases_are_kept_apart() -> None:
    text = "![A map](media/map.png)\n"
    assert render_markdown(text, media_base="/media/a/") == render_markdown(text, media_base="/media/a/")
    assert 'src="/media/a/media/map.png"' in render_markdown(text, media_base="/media/a/").html
    assert 'src="/studio/a/media/media/map.png"' in render_markdown(text, media_base="/studio/a/media/").html


def test_threads_render_with_their_own_converter() -> None:
    texts = [f"## Part {number}\n\nText {number}[^n].\n\n[^n]: Note {number}.\n" for number in range(40)]
    results: dict[int, str] = {}

    def render(number: int) -> None:
        results[number] = render_markdown(texts[number] + "\n" * (number % 3 + 5)).html

    threads = [threading.Thread(target=render, args=(number,)) for number in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[number] == fresh(texts[number]) for number in range(40))


def test_a_lesson_with_blocks_renders_the_same_twice_and_a_written_placeholder_stays_text(tmp_path) -> None:
    from tests.domain.module_tree import load

    body = (
        "Before zz0123456789abcdefblock0zz.\n\n::: scenario step-1\nWhat now?\n--- commentary\nStay.\n:::\n\nAfter.\n"
    )
    lesson = f"---\ntitle: Intro\n---\n\n{body}"
    first = load(tmp_path / "a", {"01-alpha/lessons/01-intro.en.md": lesson})
    second = load(tmp_path / "b", {"01-alpha/lessons/01-intro.en.md": lesson})
    assert first.is_ok, [str(problem) for problem in first.problems]
    parts = first.modules[0].lessons[0].texts["en"].parts
    assert parts == second.modules[0].lessons[0].texts["en"].parts
    assert [type(part).__name__ for part in parts] == ["str", "Block", "str"]
    assert "zz0123456789abcdefblock0zz" in parts[0] and "After." in parts[2]
