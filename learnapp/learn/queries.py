"""Reads for My learning, the module page and the lesson page: a fixed number of statements each.

Every function loads whole sets with one statement per table (never one per module or lesson), and the progress
arithmetic happens in `learnapp.learn.progress` on plain values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from learnapp.domain.content import Sensitivity
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    Attendance,
    Certificate,
    Cohort,
    CohortModule,
    CohortSession,
    Completion,
    Enrolment,
    Lesson,
    LessonRead,
    LessonText,
    Module,
    ModuleVersion,
    Reflection,
)


def assigned_to_learner(learner_id: int) -> sa.ColumnElement[bool]:
    """True for a module assigned to a cohort `learner_id` is enrolled in (correlated to `Module`)."""
    return (
        sa.select(CohortModule.id)
        .join(Enrolment, Enrolment.cohort_id == CohortModule.cohort_id)
        .where(CohortModule.module_id == Module.id, Enrolment.user_id == learner_id)
        .exists()
    )


def visible_to(learner_id: int | None) -> sa.ColumnElement[bool]:
    """Which current versions a learner may open: a restricted module only through a cohort it is assigned to.

    `None` stands for staff (trainers, coordinators, administrators), who see every module.
    """
    if learner_id is None:
        return sa.true()
    return sa.or_(ModuleVersion.sensitivity != Sensitivity.RESTRICTED.value, assigned_to_learner(learner_id))


def published_modules(learner_id: int | None = None) -> list[tuple[Module, ModuleVersion]]:
    """Every module that is not archived and the learner may see, with its current version, in catalogue order."""
    rows = db.session.execute(
        sa.select(Module, ModuleVersion)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False), visible_to(learner_id))
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [(module, version) for module, version in rows]


@dataclass(frozen=True)
class LearnerCohort:
    """A cohort the learner is in, with the in-person sessions they attended."""

    cohort: Cohort
    sessions_attended: int


@dataclass(frozen=True)
class Assignment:
    """A module assigned to one of the learner's cohorts."""

    cohort_id: int
    module_id: int
    is_required: bool
    due_on: date | None


def learner_cohorts(user_id: int) -> list[LearnerCohort]:
    """The learner's cohorts, newest first, each with the sessions they attended, in one statement."""
    attended = (
        sa.select(sa.func.count(Attendance.id))
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == Cohort.id, Attendance.user_id == user_id, Attendance.is_present.is_(True))
        .correlate(Cohort)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Cohort, attended)
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Enrolment.user_id == user_id)
        .order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc())
    )
    return [LearnerCohort(cohort, count) for cohort, count in rows]


def assignments(cohort_ids: list[int]) -> list[Assignment]:
    """The modules assigned to these cohorts, in assignment order."""
    rows = db.session.execute(
        sa.select(CohortModule.cohort_id, CohortModule.module_id, CohortModule.is_required, CohortModule.due_on)
        .where(CohortModule.cohort_id.in_(cohort_ids))
        .order_by(CohortModule.id)
    )
    return [Assignment(*row) for row in rows]


def lesson_slugs_by_version(version_ids: list[int]) -> dict[int, list[str]]:
    """Lesson ids of each version, in order."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(
        sa.select(Lesson.version_id, Lesson.slug).where(Lesson.version_id.in_(version_ids)).order_by(Lesson.position)
    )
    for version_id, slug in rows:
        found[version_id].append(slug)
    return found


def reads_by_module(user_id: int, module_ids: list[int] | None = None) -> dict[int, dict[str, datetime]]:
    """When the user read each lesson, by module and lesson id."""
    query = sa.select(LessonRead.module_id, LessonRead.lesson_slug, LessonRead.read_at).where(
        LessonRead.user_id == user_id
    )
    if module_ids is not None:
        query = query.where(LessonRead.module_id.in_(module_ids))
    found: dict[int, dict[str, datetime]] = defaultdict(dict)
    for module_id, slug, read_at in db.session.execute(query):
        found[module_id][slug] = read_at
    return found


def quizzes_by_version(version_ids: list[int]) -> dict[int, Assessment]:
    """The quiz of each version that has one."""
    rows = db.session.scalars(
        sa.select(Assessment).where(Assessment.version_id.in_(version_ids), Assessment.kind == "quiz")
    )
    return {assessment.version_id: assessment for assessment in rows}


def quiz_attempts_by_module(user_id: int, module_ids: list[int]) -> dict[int, list[Attempt]]:
    """The user's quiz attempts per module (all versions), oldest first; open attempts included."""
    rows = db.session.scalars(
        sa.select(Attempt)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(Attempt.user_id == user_id, Attempt.module_id.in_(module_ids), Assessment.kind == "quiz")
        .order_by(Attempt.started_at, Attempt.id)
    )
    found: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in rows:
        found[attempt.module_id].append(attempt)
    return found


def completions_by_module(user_id: int) -> dict[int, tuple[Completion, str | None]]:
    """The user's completions by module, each with its certificate code."""
    rows = db.session.execute(
        sa.select(Completion, Certificate.code)
        .outerjoin(Certificate, Certificate.completion_id == Completion.id)
        .where(Completion.user_id == user_id)
    )
    return {completion.module_id: (completion, code) for completion, code in rows}


def lessons_with_texts(version_id: int, languages: tuple[str, ...]) -> list[tuple[Lesson, list[LessonText]]]:
    """The version's lessons in order, each with its texts in `languages` (reader's and fallback)."""
    rows = db.session.execute(
        sa.select(Lesson, LessonText)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(Lesson.version_id == version_id, LessonText.language.in_(languages))
        .order_by(Lesson.position)
    )
    grouped: dict[int, tuple[Lesson, list[LessonText]]] = {}
    for lesson, text in rows:
        grouped.setdefault(lesson.id, (lesson, []))[1].append(text)
    return list(grouped.values())


@dataclass(frozen=True)
class LessonTitle:
    """A lesson's title and reading time in one language, without its body."""

    language: str
    title: str
    minutes: int


def lesson_titles(version_id: int, languages: tuple[str, ...]) -> list[tuple[Lesson, list[LessonTitle]]]:
    """Like `lessons_with_texts` but without the bodies: for lists and previous/next links."""
    rows = db.session.execute(
        sa.select(Lesson, LessonText.language, LessonText.title, LessonText.minutes)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(Lesson.version_id == version_id, LessonText.language.in_(languages))
        .order_by(Lesson.position)
    )
    titles: dict[int, tuple[Lesson, list[LessonTitle]]] = {}
    for lesson, language, title, minutes in rows:
        titles.setdefault(lesson.id, (lesson, []))[1].append(LessonTitle(language, title, minutes))
    return list(titles.values())


def reflections_for_lesson(user_id: int, module_id: int, lesson_slug: str) -> dict[str, str]:
    """The user's own private answers in one lesson, by block id."""
    rows = db.session.execute(
        sa.select(Reflection.block_slug, Reflection.text).filter_by(
            user_id=user_id, module_id=module_id, lesson_slug=lesson_slug
        )
    )
    return {block_slug: text for block_slug, text in rows}


def prerequisite_status(user_id: int, slugs: list[str]) -> dict[str, tuple[dict[str, str], bool]]:
    """For each prerequisite module id: its titles and whether the user has completed it."""
    if not slugs:
        return {}
    rows = db.session.execute(
        sa.select(Module.slug, ModuleVersion.title, Completion.id)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .outerjoin(Completion, sa.and_(Completion.module_id == Module.id, Completion.user_id == user_id))
        .where(Module.slug.in_(slugs))
    )
    return {slug: (title, completion_id is not None) for slug, title, completion_id in rows}
