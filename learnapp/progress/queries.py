"""Reads of a learner's progress: cohorts, assignments, lesson reads, quiz attempts, completions.

Every function loads whole sets with one statement per table (never one per module or lesson), so My learning and
the module page run a fixed number of statements; the arithmetic happens in `learnapp.domain.progress`.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import GradingMethod, Purpose
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
    LessonRead,
    ModuleVersion,
)


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


@dataclass(frozen=True)
class AttemptRecord:
    """The columns of a quiz attempt that My learning reads."""

    module_id: int
    started_at: datetime
    submitted_at: datetime | None
    score: float | None


def quiz_attempts_by_module(user_id: int, module_ids: list[int]) -> dict[int, list[AttemptRecord]]:
    """The user's quiz attempts per module (all versions), oldest first; open attempts included."""
    found: dict[int, list[AttemptRecord]] = defaultdict(list)
    for row in db.session.execute(_quiz_attempts_query(), {"user": user_id, "modules": module_ids}):
        found[row.module_id].append(AttemptRecord(*row))
    return found


@functools.cache
def _quiz_attempts_query() -> sa.Select[int, datetime, datetime | None, float | None]:
    """Only the columns the cards use, not whole attempts; built once (building cost more than running it)."""
    return (
        sa.select(Attempt.module_id, Attempt.started_at, Attempt.submitted_at, Attempt.score)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(
            Attempt.user_id == sa.bindparam("user", type_=sa.Integer),
            Attempt.module_id.in_(sa.bindparam("modules", expanding=True)),
            Assessment.kind == "quiz",
        )
        .order_by(Attempt.started_at, Attempt.id)
    )


@dataclass(frozen=True)
class CompletionRecord:
    """The columns of a completion that My learning reads."""

    completed_at: datetime
    score: float | None


def completions_by_module(user_id: int) -> dict[int, tuple[CompletionRecord, str | None]]:
    """The user's completions by module, each with its certificate code."""
    rows = db.session.execute(_completions_query(), {"user": user_id})
    return {module_id: (CompletionRecord(completed_at, score), code) for module_id, completed_at, score, code in rows}


@functools.cache
def _completions_query() -> sa.Select[int, datetime, float | None, str | None]:
    return (
        sa.select(Completion.module_id, Completion.completed_at, Completion.score, Certificate.code)
        .outerjoin(Certificate, Certificate.completion_id == Completion.id)
        .where(Completion.user_id == sa.bindparam("user", type_=sa.Integer))
    )


def quiz_record(user_id: int, module_id: int, quiz: Assessment | None) -> QuizRecord | None:
    """The trainee's submitted attempts at the module's quiz (across versions), oldest first."""
    if quiz is None:
        return None
    scores = db.session.scalars(
        sa.select(Attempt.score)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(
            Attempt.user_id == user_id,
            Attempt.module_id == module_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    return _record(quiz, tuple(score or 0.0 for score in scores))


def _record(quiz: Assessment, percents: tuple[float, ...]) -> QuizRecord:
    return QuizRecord(Purpose(quiz.purpose), quiz.pass_mark, GradingMethod(quiz.grading), percents)


def version_quiz(version: ModuleVersion) -> Assessment | None:
    """The version's quiz, if it has one."""
    return db.session.scalar(
        sa.select(Assessment).where(Assessment.version_id == version.id, Assessment.kind == "quiz")
    )
