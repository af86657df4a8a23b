"""Feedback that cites a lesson or module: found in English and Russian, linked on the review, unknown ones left."""

from __future__ import annotations

from learnapp.domain.citations import citations, link_citations

OUTLINE = {1: ["intro", "terms", "push-factors"], 2: ["law", "practice", "cases", "rights"]}


def address(module_order: int, lesson: int | None) -> str | None:
    """The test curriculum: module 1 has three lessons, module 2 four; other numbers point nowhere."""
    lessons = OUTLINE.get(module_order)
    if lessons is None:
        return None
    if lesson is None:
        return f"/modules/m{module_order}"
    return f"/modules/m{module_order}/lessons/{lessons[lesson - 1]}" if 1 <= lesson <= len(lessons) else None


def cited(text: str, own_order: int = 1) -> list[tuple[str, int, int | None]]:
    return [(text[c.start : c.end], c.module_order, c.lesson) for c in citations(text, own_order)]


def test_a_lesson_of_the_own_module_and_a_lesson_of_another_module_are_found_with_their_words():
    assert cited("See lesson 2, 'Push factors'.") == [("lesson 2", 1, 2)]
    assert cited("Read Module 2, lesson 4 again.") == [("Module 2, lesson 4", 2, 4)]
    assert cited("Module 2 covers it.") == [("Module 2", 2, None)]
    assert cited("lessons 1 and 3") == [("lessons 1", 1, 1), ("3", 1, 3)]


def test_russian_citations_are_found_in_every_case_form():
    assert cited("См. урок 3.") == [("урок 3", 1, 3)]
    assert cited("Вернитесь к модулю 2, урок 1.") == [("модулю 2, урок 1", 2, 1)]
    assert cited("уроки 1 и 2", own_order=2) == [("уроки 1", 2, 1), ("2", 2, 2)]


def test_each_citation_becomes_a_link_to_its_lesson():
    html = "<p>See lesson 2, <em>Push factors</em>, and Module 2, lesson 4.</p>"

    assert link_citations(html, 1, address) == (
        '<p>See <a href="/modules/m1/lessons/terms">lesson 2</a>, <em>Push factors</em>, and '
        '<a href="/modules/m2/lessons/rights">Module 2, lesson 4</a>.</p>'
    )


def test_a_citation_that_points_nowhere_stays_text():
    html = "<p>See lesson 9 and Module 7, lesson 1.</p>"

    assert link_citations(html, 1, address) == html


def test_attributes_and_existing_links_are_never_touched():
    html = '<p><a href="https://example.org/lesson 2" title="lesson 2">lesson 2</a> <img alt="lesson 1" src="x"></p>'

    assert link_citations(html, 1, address) == html
