"""The attempt aggregate: a trainee's go at a quiz or survey, and the answers saved as they go."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.models.types import Model, UTCDateTime, utcnow


class Attempt(Model):
    """One attempt. ``question_slugs`` fixes the questions drawn and their order, so a reload shows the same page.

    An attempt is open until ``submitted_at`` is set; the server refuses answers after ``deadline_at`` (plus a
    short grace) and grades what was saved. ``score`` is a percentage.
    """

    __tablename__ = "attempts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "assessment_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_percent"),
        sa.Index("ix_attempts_user_module", "user_id", "module_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # Indexed for the item analysis, which reads one module's attempts of every trainee.
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    assessment_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    number: so.Mapped[int]
    question_slugs: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    seed: so.Mapped[str] = so.mapped_column(sa.String(32))
    started_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    deadline_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    score: so.Mapped[float | None]
    is_passed: so.Mapped[bool | None]

    answers: so.Mapped[list[AttemptAnswer]] = so.relationship(back_populates="attempt", cascade="all, delete-orphan")


class AttemptAnswer(Model):
    """The latest saved answer to one question of an attempt; graded (``fraction``) when the attempt is submitted."""

    __tablename__ = "attempt_answers"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_slug"),
        sa.CheckConstraint("fraction IS NULL OR (fraction >= 0 AND fraction <= 1)", name="fraction_range"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    attempt_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("attempts.id", ondelete="CASCADE"))
    question_slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    answer: so.Mapped[Any] = so.mapped_column(sa.JSON)
    fraction: so.Mapped[float | None]
    saved_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    attempt: so.Mapped[Attempt] = so.relationship(back_populates="answers")
