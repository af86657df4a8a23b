"""A per-module summary for ``flask modules check``: lessons and questions per language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from learnapp.domain.content import Module, QuizText, SurveyText


@dataclass(frozen=True)
class ModuleSummary:
    """How much content a module has in each language."""

    id: str
    folder: str
    languages: tuple[str, ...]
    lessons: Mapping[str, int]
    quiz_questions: Mapping[str, int]
    survey_questions: Mapping[str, int]

    def __str__(self) -> str:
        """One line, like ``scope (modules/01-scope): lessons en 2, ru 1; quiz en 5, ru 5; survey none``."""
        counts = "; ".join(
            f"{label} {_counts(values)}"
            for label, values in (
                ("lessons", self.lessons),
                ("quiz", self.quiz_questions),
                ("survey", self.survey_questions),
            )
        )
        return f"{self.id} ({self.folder}): {counts}"


def _counts(values: Mapping[str, int]) -> str:
    return ", ".join(f"{code} {count}" for code, count in sorted(values.items())) or "none"


def _question_counts(texts: Mapping[str, QuizText | SurveyText]) -> dict[str, int]:
    return {code: len(text.questions) for code, text in texts.items()}


def summarize(module: Module) -> ModuleSummary:
    """Count lessons and quiz and survey questions per language."""
    lessons: dict[str, int] = {}
    for lesson in module.lessons:
        for code in lesson.texts:
            lessons[code] = lessons.get(code, 0) + 1
    quiz = _question_counts(module.quiz.texts if module.quiz else {})
    survey = _question_counts(module.survey.texts if module.survey else {})
    languages = tuple(sorted({*lessons, *quiz, *survey}))
    return ModuleSummary(module.id, module.folder, languages, lessons, quiz, survey)
