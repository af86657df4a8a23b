"""Reads for the module page and the lesson page: a fixed number of statements each.

Every function loads whole sets with one statement per table (never one per module or lesson), and the progress
arithmetic happens in `learnapp.domain.progress` on plain values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from learnapp.domain.module_archive import MEDIA_FOLDER
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    Certificate,
    Completion,
    Lesson,
    LessonBlock,
    LessonRead,
    Module,
    ModuleFile,
    ModuleVersion,
    Reflection,
)


@dataclass(frozen=True)
class LessonTitle:
    """A lesson's title and reading time in one language, without its body."""

    language: str
    title: str
    minutes: int


def reader_state(user_id: int, module_id: int, lesson_slug: str) -> tuple[bool, dict[str, str]]:
    """Whether the user has read the lesson, and their own private answers in it by block id: one statement."""
    is_read, reflections = False, dict[str, str]()
    values = {"user": user_id, "module": module_id, "lesson": lesson_slug}
    for block_slug, text in db.session.execute(_reader_state_query(), values):
        if block_slug is None:
            is_read = True
        else:
            reflections[block_slug] = text or ""
    return is_read, reflections


@functools.cache
def _reader_state_query() -> sa.CompoundSelect[str | None, str | None]:
    """The reader's answers in a lesson, plus one row of NULLs if they have read it; built once."""
    user = sa.bindparam("user", type_=sa.Integer)
    module = sa.bindparam("module", type_=sa.Integer)
    lesson = sa.bindparam("lesson", type_=sa.String)
    answers = sa.select(Reflection.block_slug, Reflection.text).where(
        Reflection.user_id == user, Reflection.module_id == module, Reflection.lesson_slug == lesson
    )
    read = sa.select(LessonRead.id).where(
        LessonRead.user_id == user, LessonRead.module_id == module, LessonRead.lesson_slug == lesson
    )
    return sa.union_all(answers, sa.select(sa.null(), sa.null()).where(read.exists()))


@dataclass(frozen=True)
class ModuleStanding:
    """The lessons of a module a user has read (any version), and their completion and certificate, if any."""

    read_slugs: frozenset[str]
    is_completed: bool
    certificate_code: str | None


def module_standing(user_id: int, module_id: int) -> ModuleStanding:
    """The user's reads in the module and their completion with its certificate code: one statement."""
    reads: set[str] = set()
    is_completed, code = False, None
    for kind, value in db.session.execute(_module_standing_query(), {"user": user_id, "module": module_id}):
        if kind == "read" and value is not None:
            reads.add(value)
        else:
            is_completed, code = True, value
    return ModuleStanding(frozenset(reads), is_completed, code)


@functools.cache
def _module_standing_query() -> sa.CompoundSelect[str, str | None]:
    """Rows ('read', lesson id) for each read and ('done', certificate code or NULL) for a completion; built once."""
    user = sa.bindparam("user", type_=sa.Integer)
    module = sa.bindparam("module", type_=sa.Integer)
    reads = sa.select(sa.literal("read"), LessonRead.lesson_slug).where(
        LessonRead.user_id == user, LessonRead.module_id == module
    )
    completion = (
        sa.select(sa.literal("done"), Certificate.code)
        .select_from(Completion)
        .outerjoin(Certificate, Certificate.completion_id == Completion.id)
        .where(Completion.user_id == user, Completion.module_id == module)
    )
    return sa.union_all(reads, completion)


@dataclass(frozen=True)
class QuizAttempt:
    """One of the user's attempts at a module's quiz (any version), as the module page counts them."""

    id: int
    submitted_at: datetime | None
    score: float | None


def quiz_attempts(user_id: int, module_id: int) -> list[QuizAttempt]:
    """The user's attempts at the module's quiz across its versions, oldest first; an open attempt included."""
    rows = db.session.execute(_quiz_attempts_query(), {"user": user_id, "module": module_id})
    return [QuizAttempt(attempt_id, submitted_at, score) for attempt_id, submitted_at, score in rows]


@functools.cache
def _quiz_attempts_query() -> sa.Select[int, datetime | None, float | None]:
    return (
        sa.select(Attempt.id, Attempt.submitted_at, Attempt.score)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(
            Attempt.user_id == sa.bindparam("user", type_=sa.Integer),
            Attempt.module_id == sa.bindparam("module", type_=sa.Integer),
            Assessment.kind == "quiz",
        )
        .order_by(Attempt.started_at, Attempt.id)
    )


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


def lesson(version_id: int, slug: str) -> Lesson | None:
    """The version's lesson with this id."""
    return db.session.scalar(sa.select(Lesson).filter_by(version_id=version_id, slug=slug))


def next_lesson_slug(version_id: int, position: int) -> str | None:
    """The id of the lesson after the one at `position`, if there is one."""
    return db.session.scalar(sa.select(Lesson.slug).filter_by(version_id=version_id, position=position + 1))


def lesson_block(lesson_id: int, slug: str) -> LessonBlock | None:
    """A reflection or scenario block of the lesson."""
    return db.session.scalar(sa.select(LessonBlock).filter_by(lesson_id=lesson_id, slug=slug))


def lesson_block_slugs(lesson_id: int) -> set[str]:
    """The ids of the lesson's reflection and scenario blocks (one statement)."""
    return set(db.session.scalars(sa.select(LessonBlock.slug).filter_by(lesson_id=lesson_id)))


def module_file(version_id: int, path: str) -> ModuleFile | None:
    """An image or attachment of the version, by its path in the module folder.

    Only files under ``media/``: a version also keeps its module.yaml, lessons and quiz sources, and those (the
    quiz's answers among them) are never served to trainees.
    """
    if not path.startswith(MEDIA_FOLDER):
        return None
    return db.session.scalar(sa.select(ModuleFile).filter_by(version_id=version_id, path=path))
