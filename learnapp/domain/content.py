"""The loaded content: modules, lessons, quizzes and surveys as frozen plain values.

Texts that exist per language are mappings from ISO 639-1 codes; a missing translation falls back to the
module's ``default_language`` (see ``localised``), and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from learnapp.domain.questions import Question

T = TypeVar("T")


class Sensitivity(StrEnum):
    """Who may see a module."""

    PUBLIC = "public"
    PROGRAMME = "programme"
    RESTRICTED = "restricted"


class CompletionRule(StrEnum):
    """What completes a module."""

    LESSONS = "lessons"
    QUIZ = "quiz"
    LESSONS_AND_QUIZ = "lessons_and_quiz"


class Purpose(StrEnum):
    """What a quiz is for; a pre-test counts once submitted, the others once passed."""

    KNOWLEDGE_CHECK = "knowledge_check"
    PRE_TEST = "pre_test"
    POST_TEST = "post_test"


class GradingMethod(StrEnum):
    """How attempts combine into the quiz grade."""

    HIGHEST = "highest"
    LAST = "last"
    FIRST = "first"
    AVERAGE = "average"


class ReviewPolicy(StrEnum):
    """What a trainee sees after submitting; each level adds to the one before.

    ``after_last_attempt`` is ``full`` held back to ``correctness`` while the trainee could still use the right
    answers in a later attempt (attempts left, or one in progress, and not passed), as Moodle's usual setting does.
    """

    NONE = "none"
    SCORE = "score"
    CORRECTNESS = "correctness"
    AFTER_LAST_ATTEMPT = "after_last_attempt"
    FULL = "full"


def localised(texts: Mapping[str, T], language: str, default_language: str) -> tuple[T, bool]:
    """Pick the text for a language, falling back to the default; the bool says whether it fell back.

    Raises KeyError when neither exists, which the loader rules out for every module it returns.
    """
    if language in texts:
        return texts[language], False
    return texts[default_language], True


@dataclass(frozen=True)
class Block:
    """A reflection prompt (never graded, private) or a scenario step (commentary shown after answering)."""

    kind: str
    id: str
    line: int
    prompt_html: str
    commentary_html: str = ""


@dataclass(frozen=True)
class LessonText:
    """A lesson in one language; ``parts`` is the body in order: HTML between blocks, and the blocks."""

    language: str
    title: str
    summary: str
    minutes: int
    parts: tuple[str | Block, ...]
    path: str

    @property
    def html(self) -> str:
        """The lesson's prose without its blocks."""
        return "".join(part for part in self.parts if isinstance(part, str))

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The reflection and scenario blocks, in order."""
        return tuple(part for part in self.parts if isinstance(part, Block))


@dataclass(frozen=True)
class Lesson:
    """A lesson; ``position`` (from 1) follows the order of the file names."""

    id: str
    position: int
    texts: Mapping[str, LessonText]


@dataclass(frozen=True)
class Band:
    """Feedback for scores at or above ``min`` (up to the next band)."""

    min: float
    text: str


@dataclass(frozen=True)
class QuizSettings:
    """Settings, written once in the default-language quiz file."""

    purpose: Purpose = Purpose.KNOWLEDGE_CHECK
    pass_mark: float = 0.0
    attempts: int = 0
    grading: GradingMethod = GradingMethod.HIGHEST
    time_limit_minutes: int = 0
    shuffle: bool = False
    pool: int = 0
    review: ReviewPolicy = ReviewPolicy.AFTER_LAST_ATTEMPT


@dataclass(frozen=True)
class QuizText:
    """A quiz in one language: title, questions and band texts."""

    language: str
    title: str
    questions: tuple[Question, ...]
    bands: tuple[Band, ...]
    path: str


@dataclass(frozen=True)
class Quiz:
    """A module's quiz: settings and per-language texts (same question ids in every language)."""

    settings: QuizSettings
    texts: Mapping[str, QuizText]
    default_language: str

    @property
    def question_ids(self) -> tuple[str, ...]:
        """Question ids in the default language's order: the ids answers and statistics use."""
        return tuple(question.id for question in self.texts[self.default_language].questions)


@dataclass(frozen=True)
class SurveyText:
    """A survey in one language."""

    language: str
    title: str
    questions: tuple[Question, ...]
    path: str


@dataclass(frozen=True)
class Survey:
    """An ungraded questionnaire; anonymous surveys are kept out of every per-person report."""

    is_anonymous: bool
    texts: Mapping[str, SurveyText]


@dataclass(frozen=True)
class Module:
    """A training module as loaded from its folder."""

    id: str
    order: int
    default_language: str
    estimated_minutes: int
    sensitivity: Sensitivity
    prerequisites: tuple[str, ...]
    tags: tuple[str, ...]
    completion: CompletionRule
    title: Mapping[str, str]
    summary: Mapping[str, str]
    objectives: Mapping[str, tuple[str, ...]]
    lessons: tuple[Lesson, ...]
    quiz: Quiz | None
    survey: Survey | None
    content_hash: str
    folder: str
