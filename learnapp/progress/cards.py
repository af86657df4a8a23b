"""What My learning and the module page show, built from query results and the domain's progress rules."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for

from learnapp.catalogue import learner_scope, pick_value, published_modules
from learnapp.domain.cohort_outcome import CohortStanding, cohort_standing, is_overdue
from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import CompletionRule, Purpose
from learnapp.domain.grading import attempts_grade
from learnapp.domain.progress import Progress, Status, missing_prerequisites, module_progress
from learnapp.models import Assessment, Attempt, Cohort, Completion, Module, ModuleVersion, User
from learnapp.progress import queries
from learnapp.progress.standings import held_certificates


@dataclass(frozen=True)
class ModuleCard:
    """One module as the trainee sees it in My learning."""

    module_id: int
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
    missing_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class AssignedCard:
    """A module as one of the learner's cohorts assigns it: required or optional, when it is due, if overdue."""

    card: ModuleCard
    is_required: bool
    due_on: date | None
    is_overdue: bool
    shown_under: str | None = None


@dataclass(frozen=True)
class CohortPanel:
    """One of the learner's cohorts in My learning: its modules, where they stand, their cohort certificates."""

    cohort: Cohort
    standing: CohortStanding
    modules: list[AssignedCard]
    certificate_codes: dict[str, str]


@dataclass(frozen=True)
class MyLearning:
    """My learning: the learner's cohorts first, then the other modules they may take; and where to continue."""

    cohorts: list[CohortPanel]
    other_modules: list[ModuleCard]
    resume: ModuleCard | None


def my_learning(user: User, language: str, today: date) -> MyLearning:
    """The learner's cohorts and modules with their progress, in a fixed number of statements.

    Seven statements for the modules (the user, then one per table), three more when the learner is in a cohort
    (their cohorts with attendance, the assignments, their cohort certificates), whatever the number of each.
    """
    cards = module_cards(user, language)
    enrolled = queries.learner_cohorts(user.id)
    cohort_ids = [entry.cohort.id for entry in enrolled]
    assigned = queries.assignments(cohort_ids) if enrolled else []
    by_cohort: dict[int, list[queries.Assignment]] = defaultdict(list)
    for assignment in assigned:
        by_cohort[assignment.cohort_id].append(assignment)
    held = held_certificates(cohort_ids, [user.id]) if enrolled else {}
    by_module = {card.module_id: card for card in cards}
    completed = [card.module_id for card in cards if card.progress.status is Status.COMPLETED]
    panels = _once_each(
        [
            CohortPanel(
                cohort=entry.cohort,
                standing=_standing(entry, by_cohort[entry.cohort.id], completed),
                modules=_assigned_cards(by_cohort[entry.cohort.id], by_module, today),
                certificate_codes=held.get((entry.cohort.id, user.id), {}),
            )
            for entry in enrolled
        ]
    )
    assigned_ids = {assignment.module_id for assignment in assigned}
    others = [card for card in cards if card.module_id not in assigned_ids]
    return MyLearning(panels, others, continue_card(cards))


def _once_each(panels: list[CohortPanel]) -> list[CohortPanel]:
    """A module assigned by several cohorts is shown in full under the first; later ones name it in a short line.

    Its progress is the same in every cohort, so a second full card only doubles the page (walkthrough D-28).
    """
    first_shown: dict[int, str] = {}
    result = []
    for panel in panels:
        modules = []
        for assigned in panel.modules:
            module_id = assigned.card.module_id
            modules.append(dataclasses.replace(assigned, shown_under=first_shown.get(module_id)))
            first_shown.setdefault(module_id, panel.cohort.name)
        result.append(dataclasses.replace(panel, modules=modules))
    return result


def _standing(entry: queries.LearnerCohort, assigned: list[queries.Assignment], completed: list[int]) -> CohortStanding:
    return cohort_standing(
        [a.module_id for a in assigned if a.is_required],
        [a.module_id for a in assigned],
        completed,
        entry.cohort.required_sessions,
        entry.sessions_attended,
    )


def _assigned_cards(
    assigned: list[queries.Assignment], cards: dict[int, ModuleCard], today: date
) -> list[AssignedCard]:
    """The cohort's modules the learner may see, with how they are assigned and whether they are overdue."""
    return [
        AssignedCard(
            card=cards[a.module_id],
            is_required=a.is_required,
            due_on=a.due_on,
            is_overdue=is_overdue(a.due_on, today, cards[a.module_id].progress.status is Status.COMPLETED),
        )
        for a in assigned
        if a.module_id in cards
    ]


def module_cards(user: User, language: str) -> list[ModuleCard]:
    """Every module the learner may see with their progress: seven statements whatever the number of modules."""
    user_id = user.id
    pairs = published_modules(learner_scope(user))
    version_ids = [version.id for _, version in pairs]
    module_ids = [module.id for module, _ in pairs]
    lessons = queries.lesson_slugs_by_version(version_ids)
    reads = queries.reads_by_module(user_id)
    quizzes = queries.quizzes_by_version(version_ids)
    attempts = queries.quiz_attempts_by_module(user_id, module_ids)
    completions = queries.completions_by_module(user_id)
    completed_slugs = {module.slug for module, _ in pairs if module.id in completions}
    titles = {module.slug: pick_value(version.title, language, version.default_language) for module, version in pairs}
    context = _Context(language, lessons, reads, quizzes, attempts, completions, completed_slugs, titles)
    return [_card(module, version, context) for module, version in pairs]


@dataclass(frozen=True)
class _Context:
    language: str
    lessons: dict[int, list[str]]
    reads: dict[int, dict[str, datetime]]
    quizzes: dict[int, Assessment]
    attempts: dict[int, list[Attempt]]
    completions: dict[int, tuple[Completion, str | None]]
    completed_slugs: set[str]
    titles: dict[str, str]


def _card(module: Module, version: ModuleVersion, context: _Context) -> ModuleCard:
    quiz = context.quizzes.get(version.id)
    attempts = context.attempts.get(module.id, [])
    record = queries.quiz_record_of(quiz, attempts)
    completion, code = context.completions.get(module.id, (None, None))
    reads = context.reads.get(module.id, {})
    lesson_ids = context.lessons.get(version.id, [])
    progress = module_progress(CompletionRule(version.completion), lesson_ids, reads, record, completion is not None)
    missing = missing_prerequisites(version.prerequisites, context.completed_slugs)
    activity = [*reads.values(), *(attempt.started_at for attempt in attempts)]
    return ModuleCard(
        module_id=module.id,
        slug=module.slug,
        title=pick_value(version.title, context.language, version.default_language),
        summary=pick_value(version.summary, context.language, version.default_language),
        minutes=version.estimated_minutes,
        progress=progress,
        url=url_for("learn.show_module", slug=module.slug),
        next_url=_next_url(module.slug, progress),
        is_locked=bool(missing) and completion is None,
        missing=missing,
        score=_shown_score(quiz, completion, record),
        completed_at=getattr(completion, "completed_at", None),
        certificate_code=code,
        last_activity_at=max(activity) if activity else None,
        missing_titles=tuple(context.titles.get(slug, slug) for slug in missing),
    )


def _shown_score(quiz: Assessment | None, completion: Completion | None, record: QuizRecord | None) -> float | None:
    """The score on the card: none for a pre-test, which is not marked (walkthrough D-19)."""
    if quiz is not None and quiz.purpose == Purpose.PRE_TEST:
        return None
    return getattr(completion, "score", None) if completion else _grade(record)


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
