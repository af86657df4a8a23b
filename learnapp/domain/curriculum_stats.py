"""How much content each module has per language: lessons, words, questions; for trainers and the content tests."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.content import Module

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class LanguageStats:
    """One module in one language."""

    module_id: str
    language: str
    lessons: int
    words: int
    questions: int
    lesson_words: tuple[tuple[str, int], ...]


def words_in(markdown: str) -> int:
    """Words of a lesson body, front matter left out; markup characters are not words."""
    return len(_WORD.findall(_FRONT_MATTER.sub("", markdown)))


def module_stats(module: Module, languages: Sequence[str]) -> list[LanguageStats]:
    """Per language: lessons written, their words, and quiz questions (0 where a translation is missing)."""
    found = []
    for language in languages:
        texts = [(lesson.id, lesson.texts[language]) for lesson in module.lessons if language in lesson.texts]
        lesson_words = tuple(
            (lesson_id, words_in(Path(text.path).read_text(encoding="utf-8"))) for lesson_id, text in texts
        )
        quiz = module.quiz.texts.get(language) if module.quiz else None
        found.append(
            LanguageStats(
                module.id,
                language,
                len(texts),
                sum(count for _, count in lesson_words),
                len(quiz.questions) if quiz else 0,
                lesson_words,
            )
        )
    return found


def stats_table(rows: Iterable[LanguageStats]) -> str:
    """A plain-text table: module, language, lessons, words, questions."""
    lines = [f"{'module':<34} {'lang':<4} {'lessons':>7} {'words':>7} {'questions':>9}"]
    lines += [f"{r.module_id:<34} {r.language:<4} {r.lessons:>7} {r.words:>7} {r.questions:>9}" for r in rows]
    return "\n".join(lines)
