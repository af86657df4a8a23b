"""What My learning and the module page show, built from query results and the domain's progress rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import url_for

from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.grading import attempts_grade
from learnapp.domain.progress import Progress, Status, missing_prerequisites, module_progress
from learnapp.learn import queries
from learnapp.learn.lookup import pick_value
from learnapp.models import Assessment, Attempt, Module, ModuleVersion


@dataclass(frozen=True)
class ModuleCard:
    """One module as the trainee sees it in My learning."""

    slug: str
    title: str
    summary: str
    minutes: int
    progress: Progress
    url: str
    next_url: str
    is_locked: bool
    missing: tuple[str, ...]
    score: float | None
    completed_at: datetime | None
    certificate_code: str | None
    last_activity_at: datetime | None


def quiz_record_of(quiz: Assessment | None, attempts: list[Attempt]) -> QuizRecord | None:
    """The domain's view of the submitted attempts at a quiz."""
    if quiz is None:
        return None
    percents = tuple(attempt.score or 0.0 for attempt in attempts if attempt.submitted_at is not None)
    return QuizRecord(Purpose(quiz.purpose), quiz.pass_mark, GradingMethod(quiz.grading), percents)


def my_learning(user_id: int, language: str) -> list[ModuleCard]:
    """Every published module with the user's progress: seven statements whatever the number of modules."""
    pairs = queries.published_modules()
    version_ids = [version.id for _, version in pairs]
    module_ids = [module.id for module, _ in pairs]
    lessons = queries.lesson_slugs_by_version(version_ids)
    reads = queries.reads_by_module(user_id)
    quizzes = queries.quizzes_by_version(version_ids)
    attempts = queries.quiz_attempts_by_module(user_id, module_ids)
    completions = queries.completions_by_module(user_id)
    completed_slugs = {module.slug for module, _ in pairs if module.id in completions}
    context = _Context(language, lessons, reads, quizzes, attempts, completions, completed_slugs)
    return [_card(module, version, context) for module, version in pairs]


@dataclass(frozen=True)
class _Context:
    language: str
    lessons: dict[int, list[str]]
    reads: dict[int, dict[str, datetime]]
    quizzes: dict[int, Assessment]
    attempts: dict[int, list[Attempt]]
    completions: dict[int, tuple[object, str | None]]
    completed_slugs: set[str]


def _card(module: Module, version: ModuleVersion, context: _Context) -> ModuleCard:
    quiz = context.quizzes.get(version.id)
    attempts = context.attempts.get(module.id, [])
    record = quiz_record_of(quiz, attempts)
    completion, code = context.completions.get(module.id, (None, None))
    reads = context.reads.get(module.id, {})
    lesson_ids = context.lessons.get(version.id, [])
    progress = module_progress(CompletionRule(version.completion), lesson_ids, reads, record, completion is not None)
    missing = missing_prerequisites(version.prerequisites, context.completed_slugs)
    activity = [*reads.values(), *(attempt.started_at for attempt in attempts)]
    return ModuleCard(
        slug=module.slug,
        title=pick_value(version.title, context.language, version.default_language),
        summary=pick_value(version.summary, context.language, version.default_language),
        minutes=version.estimated_minutes,
        progress=progress,
        url=url_for("learn.show_module", slug=module.slug),
        next_url=_next_url(module.slug, progress),
        is_locked=bool(missing) and completion is None,
        missing=missing,
        score=getattr(completion, "score", None) if completion else _grade(record),
        completed_at=getattr(completion, "completed_at", None),
        certificate_code=code,
        last_activity_at=max(activity) if activity else None,
    )


def _grade(record: QuizRecord | None) -> float | None:
    return attempts_grade(record.attempt_percents, record.grading) if record else None


def _next_url(slug: str, progress: Progress) -> str:
    if progress.next_lesson is not None:
        return url_for("learn.show_lesson", slug=slug, lesson_slug=progress.next_lesson)
    return url_for("learn.show_module", slug=slug, _anchor="quiz")


def continue_card(cards: list[ModuleCard]) -> ModuleCard | None:
    """The unfinished module the trainee touched last: where "continue where you left off" leads."""
    active = [card for card in cards if card.last_activity_at and card.progress.status is not Status.COMPLETED]
    return max(active, key=lambda card: card.last_activity_at or datetime.min) if active else None
