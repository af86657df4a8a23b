"""The content aggregate: modules and their immutable versions, as loaded by `flask modules sync`.

A module keeps its identity (its id from module.yaml) for ever; each change on disk makes a new version, and
everything a trainee does later (attempts, completions) points at the version it was made against. Texts are
stored rendered and sanitised, ready to show, per language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql

from learnapp.models.types import Model, UTCDateTime, utcnow

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


class Module(Model):
    """A training module's lasting identity; ``current_version`` is what trainees see now."""

    __tablename__ = "modules"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    is_archived: so.Mapped[bool] = so.mapped_column(default=False)
    current_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("module_versions.id", use_alter=True, ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    # post_update: a module and its current version point at each other; the pointer is set by an UPDATE of its own.
    current_version: so.Mapped[ModuleVersion | None] = so.relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: so.Mapped[list[ModuleVersion]] = so.relationship(
        back_populates="module", foreign_keys="ModuleVersion.module_id", order_by="ModuleVersion.number"
    )


class ModuleVersion(Model):
    """One immutable state of a module: its metadata, lessons, quiz and survey as synced."""

    __tablename__ = "module_versions"
    __table_args__ = (
        sa.UniqueConstraint("module_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("estimated_minutes >= 0", name="minutes_not_negative"),
        sa.CheckConstraint("sensitivity IN ('public', 'programme', 'restricted')", name="sensitivity_known"),
        sa.CheckConstraint("completion IN ('lessons', 'quiz', 'lessons_and_quiz')", name="completion_known"),
        sa.CheckConstraint("origin IN ('files', 'web')", name="origin_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    number: so.Mapped[int]
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    position: so.Mapped[int]
    default_language: so.Mapped[str] = so.mapped_column(sa.String(5))
    estimated_minutes: so.Mapped[int]
    sensitivity: so.Mapped[str] = so.mapped_column(sa.String(20))
    completion: so.Mapped[str] = so.mapped_column(sa.String(20))
    prerequisites: so.Mapped[list[str]] = so.mapped_column(JSON)
    tags: so.Mapped[list[str]] = so.mapped_column(JSON)
    title: so.Mapped[dict[str, str]] = so.mapped_column(JSON)
    summary: so.Mapped[dict[str, str]] = so.mapped_column(JSON)
    objectives: so.Mapped[dict[str, list[str]]] = so.mapped_column(JSON)
    source_folder: so.Mapped[str] = so.mapped_column(sa.String(255))
    synced_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    change_note: so.Mapped[str] = so.mapped_column(sa.Text, default="", server_default="")
    published_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    origin: so.Mapped[str] = so.mapped_column(sa.String(10), default="files", server_default="files")

    module: so.Mapped[Module] = so.relationship(back_populates="versions", foreign_keys=[module_id])
    lessons: so.Mapped[list[Lesson]] = so.relationship(
        back_populates="version", order_by="Lesson.position", cascade="all, delete-orphan"
    )
    assessments: so.Mapped[list[Assessment]] = so.relationship(back_populates="version", cascade="all, delete-orphan")
    files: so.Mapped[list[ModuleFile]] = so.relationship(cascade="all, delete-orphan")


class Lesson(Model):
    """A lesson of one module version; its texts are per language."""

    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("version_id", "slug"), sa.UniqueConstraint("version_id", "position"))

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id", ondelete="CASCADE"))
    slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    position: so.Mapped[int]

    version: so.Mapped[ModuleVersion] = so.relationship(back_populates="lessons")
    texts: so.Mapped[list[LessonText]] = so.relationship(cascade="all, delete-orphan")
    blocks: so.Mapped[list[LessonBlock]] = so.relationship(cascade="all, delete-orphan")


class LessonText(Model):
    """A lesson in one language: rendered, sanitised body parts (prose and case-study blocks) in order."""

    __tablename__ = "lesson_texts"
    __table_args__ = (sa.UniqueConstraint("lesson_id", "language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lessons.id", ondelete="CASCADE"))
    language: so.Mapped[str] = so.mapped_column(sa.String(5))
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    minutes: so.Mapped[int]
    parts: so.Mapped[list[dict[str, Any]]] = so.mapped_column(JSON)


class LessonBlock(Model):
    """A reflection prompt or scenario step of a lesson, so that a trainee's private answer can refer to it."""

    __tablename__ = "lesson_blocks"
    __table_args__ = (
        sa.UniqueConstraint("lesson_id", "slug"),
        sa.CheckConstraint("kind IN ('reflection', 'scenario')", name="kind_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lesson_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lessons.id", ondelete="CASCADE"))
    slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    position: so.Mapped[int]


class Assessment(Model):
    """A module version's quiz or survey, with its settings (a survey has none that matter)."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "kind"),
        sa.CheckConstraint("kind IN ('quiz', 'survey')", name="kind_known"),
        sa.CheckConstraint("pass_mark >= 0 AND pass_mark <= 100", name="pass_mark_percent"),
        sa.CheckConstraint("attempts_allowed >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("time_limit_minutes >= 0", name="time_limit_not_negative"),
        sa.CheckConstraint("pool_size >= 0", name="pool_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(10))
    purpose: so.Mapped[str] = so.mapped_column(sa.String(20), default="knowledge_check")
    pass_mark: so.Mapped[float] = so.mapped_column(default=0.0)
    attempts_allowed: so.Mapped[int] = so.mapped_column(default=0)
    grading: so.Mapped[str] = so.mapped_column(sa.String(10), default="highest")
    time_limit_minutes: so.Mapped[int] = so.mapped_column(default=0)
    is_shuffled: so.Mapped[bool] = so.mapped_column(default=False)
    pool_size: so.Mapped[int] = so.mapped_column(default=0)
    review: so.Mapped[str] = so.mapped_column(sa.String(20), default="after_last_attempt")
    is_anonymous: so.Mapped[bool] = so.mapped_column(default=False)
    titles: so.Mapped[dict[str, str]] = so.mapped_column(JSON)
    bands: so.Mapped[dict[str, list[dict[str, Any]]]] = so.mapped_column(JSON)

    version: so.Mapped[ModuleVersion] = so.relationship(back_populates="assessments")
    questions: so.Mapped[list[Question]] = so.relationship(order_by="Question.position", cascade="all, delete-orphan")


class Question(Model):
    """A question of an assessment; its id (slug) is shared by every language and by pre- and post-tests."""

    __tablename__ = "questions"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "slug"),
        sa.CheckConstraint("points > 0", name="points_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    assessment_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    slug: so.Mapped[str] = so.mapped_column(sa.String(100), index=True)
    position: so.Mapped[int]
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    points: so.Mapped[float] = so.mapped_column(default=1.0)
    texts: so.Mapped[list[QuestionText]] = so.relationship(cascade="all, delete-orphan")


class QuestionText(Model):
    """A question in one language: its text, feedback and type-specific spec, ready to show and to grade."""

    __tablename__ = "question_texts"
    __table_args__ = (sa.UniqueConstraint("question_id", "language"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    language: so.Mapped[str] = so.mapped_column(sa.String(5))
    text_html: so.Mapped[str] = so.mapped_column(sa.Text)
    feedback_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    spec: so.Mapped[dict[str, Any]] = so.mapped_column(JSON)


class ModuleFile(Model):
    """A file of a module version as published, byte for byte: module.yaml, lessons, quiz, survey and media.

    A version is complete in itself: it can be exported as the folder it was published from, and its images and
    attachments (the paths under ``media/``) are served from here. Versions published before the sources were kept
    hold only their media until `flask modules sync` fills the rest in.
    """

    __tablename__ = "module_files"
    __table_args__ = (sa.UniqueConstraint("version_id", "path"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id", ondelete="CASCADE"))
    path: so.Mapped[str] = so.mapped_column(sa.String(255))
    media_type: so.Mapped[str] = so.mapped_column(sa.String(100))
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
