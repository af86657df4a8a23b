"""Writes of the learn area: reading lessons and private reflections. They flush; the view commits."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Completion, LessonRead, Module, ModuleVersion, Reflection, User
from learnapp.progress.operations import record_read_standing, update_completion

REFLECTION_MAX_LENGTH = 10_000


def mark_read(user: User, module: Module, version: ModuleVersion, lesson_slug: str) -> bool:
    """Record that the user read the lesson (once); True when that completed the module."""
    was_complete = db.session.scalar(sa.select(Completion.id).filter_by(user_id=user.id, module_id=module.id))
    exists = db.session.scalar(
        sa.select(LessonRead.id).filter_by(user_id=user.id, module_id=module.id, lesson_slug=lesson_slug)
    )
    if exists is None:
        read = LessonRead(user_id=user.id, module_id=module.id, lesson_slug=lesson_slug, version_id=version.id)
        db.session.add(read)
        db.session.flush()
        record_read_standing(read)
    return was_complete is None and update_completion(user, module, version) is not None


def save_reflection(user: User, module: Module, lesson_slug: str, block_slug: str, text: str) -> None:
    """Keep the user's private answer to a prompt; an empty answer removes it."""
    save_reflections(user, module, lesson_slug, {block_slug: text})


def save_reflections(user: User, module: Module, lesson_slug: str, texts: Mapping[str, str]) -> None:
    """Keep the user's answers to several prompts of one lesson, by block id, in one read whatever their number."""
    existing = {
        reflection.block_slug: reflection
        for reflection in db.session.scalars(
            sa.select(Reflection).filter(
                Reflection.user_id == user.id,
                Reflection.module_id == module.id,
                Reflection.lesson_slug == lesson_slug,
                Reflection.block_slug.in_(list(texts)),
            )
        )
    }
    for block_slug, raw in texts.items():
        text, reflection = raw.strip()[:REFLECTION_MAX_LENGTH], existing.get(block_slug)
        if reflection is None and text:
            db.session.add(
                Reflection(
                    user_id=user.id, module_id=module.id, lesson_slug=lesson_slug, block_slug=block_slug, text=text
                )
            )
        elif reflection is not None and text:
            reflection.text = text
        elif reflection is not None:
            db.session.delete(reflection)
    db.session.flush()
