"""What My learning and the module page show, built from query results and the domain's progress rules."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import request, url_for

from learnapp.catalogue import CurrentVersion, learner_scope, pick_value, published_versions
from learnapp.domain.cohort_outcome import CohortStanding, cohort_standing, is_overdue
from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.grading import attempts_grade
from learnapp.domain.progress import Progress, Status, missing_prerequisites, module_progress
from learnapp.extensions import db
from learnapp.models import Assessment, Cohort, Lesson, ModuleVersion, User
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
    """Every module the learner may see with their progress: six statements whatever the number of modules.

    The modules' content comes from a per-process cache (`card_contents`); two more statements load what it lacks.
    """
    user_id = user.id
    versions = published_versions(learner_scope(user))
    contents = card_contents(versions, language, request.script_root)
    module_ids = [version.module_id for version in versions]
    reads = queries.reads_by_module(user_id)
    attempts = queries.quiz_attempts_by_module(user_id, module_ids)
    completions = queries.completions_by_module(user_id)
    completed_slugs = {version.slug for version in versions if version.module_id in completions}
    titles = {version.slug: content.title for version, content in zip(versions, contents, strict=True)}
    context = _Context(reads, attempts, completions, completed_slugs, titles)
    return [_card(version, content, context) for version, content in zip(versions, contents, strict=True)]


@dataclass(frozen=True)
class QuizRules:
    """What a module version's quiz rules say about a trainee's record: the same for everyone."""

    purpose: Purpose
    pass_mark: float
    grading: GradingMethod


@dataclass(frozen=True)
class CardContent:
    """What a module's card shows of its current version in one language: the same for every reader."""

    title: str
    summary: str
    minutes: int
    completion: CompletionRule
    prerequisites: tuple[str, ...]
    lesson_slugs: tuple[str, ...]
    quiz: QuizRules | None
    url: str


# Cards kept per worker process (every module of a large curriculum in two languages); emptied when full.
CACHED_CARDS = 1024
_card_cache: dict[tuple[CurrentVersion, str, str], CardContent] = {}


def card_contents(versions: list[CurrentVersion], language: str, script_root: str) -> list[CardContent]:
    """Each version's card content in `language`, from the cache or loaded for the versions it lacks.

    A synced version never changes and the key holds its id and content hash, so nothing needs invalidating: a new
    version is a new key. Nothing personal is kept.
    """
    found = {version: _card_cache.get((version, language, script_root)) for version in versions}
    missing = [version for version, content in found.items() if content is None]
    if missing:
        if len(_card_cache) + len(missing) > CACHED_CARDS:
            _card_cache.clear()
        for version, content in _load_card_contents(missing, language).items():
            _card_cache[(version, language, script_root)] = found[version] = content
    return [card for version in versions if (card := found[version]) is not None]


def forget_card_contents() -> None:
    """Empty the cache (tests start each from an empty one, since their rolled-back data reuses ids)."""
    _card_cache.clear()


def _load_card_contents(versions: list[CurrentVersion], language: str) -> dict[CurrentVersion, CardContent]:
    """Two statements: the versions with their lessons, and their quizzes."""
    by_id = {version.version_id: version for version in versions}
    rows = db.session.execute(
        sa.select(
            ModuleVersion.id,
            ModuleVersion.title,
            ModuleVersion.summary,
            ModuleVersion.estimated_minutes,
            ModuleVersion.completion,
            ModuleVersion.prerequisites,
            Lesson.slug,
        )
        .outerjoin(Lesson, Lesson.version_id == ModuleVersion.id)
        .where(ModuleVersion.id.in_(by_id))
        .order_by(ModuleVersion.id, Lesson.position)
    ).all()
    quizzes = {
        version_id: QuizRules(Purpose(purpose), pass_mark, GradingMethod(grading))
        for version_id, purpose, pass_mark, grading in db.session.execute(
            sa.select(Assessment.version_id, Assessment.purpose, Assessment.pass_mark, Assessment.grading).where(
                Assessment.version_id.in_(by_id), Assessment.kind == "quiz"
            )
        )
    }
    lessons: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row.slug is not None:
            lessons[row.id].append(row.slug)
    contents = {}
    for row in rows:
        version = by_id[row.id]
        if version in contents:
            continue
        default = version.default_language
        contents[version] = CardContent(
            title=pick_value(row.title, language, default),
            summary=pick_value(row.summary, language, default),
            minutes=row.estimated_minutes,
            completion=CompletionRule(row.completion),
            prerequisites=tuple(row.prerequisites),
            lesson_slugs=tuple(lessons[row.id]),
            quiz=quizzes.get(row.id),
            url=url_for("learn.show_module", slug=version.slug),
        )
    return contents


@dataclass(frozen=True)
class _Context:
    reads: dict[int, dict[str, datetime]]
    attempts: dict[int, list[queries.AttemptRecord]]
    completions: dict[int, tuple[queries.CompletionRecord, str | None]]
    completed_slugs: set[str]
    titles: dict[str, str]


def _card(version: CurrentVersion, content: CardContent, context: _Context) -> ModuleCard:
    attempts = context.attempts.get(version.module_id, [])
    record = _record(content.quiz, attempts)
    completion, code = context.completions.get(version.module_id, (None, None))
    reads = context.reads.get(version.module_id, {})
    progress = module_progress(content.completion, content.lesson_slugs, reads, record, completion is not None)
    missing = missing_prerequisites(content.prerequisites, context.completed_slugs)
    activity = [*reads.values(), *(attempt.started_at for attempt in attempts)]
    return ModuleCard(
        module_id=version.module_id,
        slug=version.slug,
        title=content.title,
        summary=content.summary,
        minutes=content.minutes,
        progress=progress,
        url=content.url,
        next_url=_next_url(version.slug, progress),
        is_locked=bool(missing) and completion is None,
        missing=missing,
        score=_shown_score(content.quiz, completion, record),
        completed_at=getattr(completion, "completed_at", None),
        certificate_code=code,
        last_activity_at=max(activity) if activity else None,
        missing_titles=tuple(context.titles.get(slug, slug) for slug in missing),
    )


def _record(quiz: QuizRules | None, attempts: list[queries.AttemptRecord]) -> QuizRecord | None:
    if quiz is None:
        return None
    percents = tuple(attempt.score or 0.0 for attempt in attempts if attempt.submitted_at is not None)
    return QuizRecord(quiz.purpose, quiz.pass_mark, quiz.grading, percents)


def _shown_score(
    quiz: QuizRules | None, completion: queries.CompletionRecord | None, record: QuizRecord | None
) -> float | None:
    """The score on the card: none for a pre-test, which is not marked (walkthrough D-19)."""
    if quiz is not None and quiz.purpose == Purpose.PRE_TEST:
        return None
    return getattr(completion, "score", None) if completion else _grade(record)


def _grade(record: QuizRecord | None) -> float | None:
    return attempts_grade(record.attempt_percents, record.grading) if record else None


def _next_url(slug: str, progress: Progress) -> str:
    return _continue_url(request.script_root, slug, progress.next_lesson)


@functools.lru_cache(maxsize=4096)
def _continue_url(script_root: str, slug: str, next_lesson: str | None) -> str:
    """Where a card's "continue" leads: the same for everyone, so built once per process (`script_root` keys it)."""
    if next_lesson is not None:
        return url_for("learn.show_lesson", slug=slug, lesson_slug=next_lesson)
    return url_for("learn.show_module", slug=slug, _anchor="quiz")


def continue_card(cards: list[ModuleCard]) -> ModuleCard | None:
    """The unfinished module the trainee touched last: where "continue where you left off" leads."""
    active = [card for card in cards if card.last_activity_at and card.progress.status is not Status.COMPLETED]
    return max(active, key=lambda card: card.last_activity_at or datetime.min) if active else None
