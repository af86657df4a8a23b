"""Reads for the module page and the lesson page: a fixed number of statements each.

Every function loads whole sets with one statement per table (never one per module or lesson), and the progress
arithmetic happens in `learnapp.domain.progress` on plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Completion, Lesson, LessonBlock, LessonText, Module, ModuleFile, ModuleVersion, Reflection


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
    """An image or attachment of the version, by its path in the module folder."""
    return db.session.scalar(sa.select(ModuleFile).filter_by(version_id=version_id, path=path))
