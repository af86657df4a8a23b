"""Lessons and modules that a quiz's feedback cites: "see lesson 3", "Module 2, lesson 4", "урок 3", "модуле 2, урок 4".

Module N is the module whose ``order`` is N; a bare "lesson N" is the Nth lesson of the quiz's own module. The same
patterns serve the quiz quality check, which warns about a citation that points nowhere (`references`), and the
review page, which links each citation to its lesson or module (`link_citations`); a citation that points nowhere
stays plain text there.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_LIST = r"(\d+(?:\s*(?:,\s*(?:and\s+|и\s+)?|\s+and\s+|\s+и\s+)\d+)*)"
_LESSON_WORD = r"(?:lessons?|урок(?:а|е|и|у|ам|ах|ов|ом)?)"
_MODULE_REF = re.compile(
    rf"\b(?:modules?|модул(?:ь|я|е|ю|ем|и))\s+(\d+)(?:\s*[,(]\s*(?:and\s+|и\s+)?{_LESSON_WORD}\s+{_LIST})?",
    re.IGNORECASE,
)
_LESSON_REF = re.compile(rf"\b{_LESSON_WORD}\s+{_LIST}", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_TAG = re.compile(r"(<[^>]*>)")
_LINK_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """The span of `text[start:end]` that cites lesson `lesson` (None: the module itself) of module `module_order`."""

    start: int
    end: int
    module_order: int
    lesson: int | None


def citations(text: str, own_order: int) -> list[Citation]:
    """Every citation in `text`, in order, without overlaps.

    "Module 2, lesson 4" is one citation of lesson 4 of module 2; "Module 2" alone cites the module. In a list
    ("lessons 1 and 3") the first citation covers the words up to its number and each later one its number only.
    """
    found: list[Citation] = []
    taken: list[range] = []
    for match in _MODULE_REF.finditer(text):
        taken.append(range(*match.span()))
        module_order = int(match.group(1))
        lessons = list(_NUMBER.finditer(match.group(2) or ""))
        if not lessons:
            found.append(Citation(match.start(), match.end(), module_order, None))
        offset = match.start(2) if match.group(2) else 0
        for index, number in enumerate(lessons):
            start = match.start() if index == 0 else offset + number.start()
            found.append(Citation(start, offset + number.end(), module_order, int(number.group())))
    for match in _LESSON_REF.finditer(text):
        if any(match.start() in span for span in taken):
            continue
        for index, number in enumerate(_NUMBER.finditer(match.group(1))):
            start = match.start() if index == 0 else match.start(1) + number.start()
            found.append(Citation(start, match.start(1) + number.end(), own_order, int(number.group())))
    return sorted(found, key=lambda citation: citation.start)


def references(line: str, own_order: int) -> Iterator[tuple[int, int | None]]:
    """(module order, lesson number or None) for each module and lesson a line names.

    A module named with lessons comes once with None (the module must exist), then once per lesson.
    """
    taken: list[range] = []
    for match in _MODULE_REF.finditer(line):
        taken.append(range(*match.span()))
        module_order = int(match.group(1))
        yield module_order, None
        for lesson in _NUMBER.findall(match.group(2) or ""):
            yield module_order, int(lesson)
    for match in _LESSON_REF.finditer(line):
        if not any(match.start() in span for span in taken):
            for lesson in _NUMBER.findall(match.group(1)):
                yield own_order, int(lesson)


def link_citations(html: str, own_order: int, address: Callable[[int, int | None], str | None]) -> str:
    """Sanitised `html` with each citation in its text made a link to `address(module order, lesson)`.

    Only text between tags is read, never an attribute, and text already inside a link is left alone. A citation
    whose address is None (no such module or lesson, or one the reader may not open) stays as it was.
    """
    parts = _TAG.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            depth += 1 if _LINK_OPEN.match(part) else -1 if _LINK_CLOSE.match(part) else 0
        elif depth <= 0 and part:
            parts[index] = _linked_text(part, own_order, address)
    return "".join(parts)


def _linked_text(text: str, own_order: int, address: Callable[[int, int | None], str | None]) -> str:
    pieces, last = [], 0
    for citation in citations(text, own_order):
        url = address(citation.module_order, citation.lesson)
        if url is None:
            continue
        cited = text[citation.start : citation.end]
        pieces += [text[last : citation.start], f'<a href="{html_text.escape(url)}">{cited}</a>']
        last = citation.end
    return "".join(pieces) + text[last:]
