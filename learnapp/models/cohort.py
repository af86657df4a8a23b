"""The cohort aggregate: a training run (a workshop and its follow-up), its modules, people and sessions."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.models.types import Model, UTCDateTime, utcnow


class Cohort(Model):
    """A training run. ``required_sessions`` > 0 makes completion blended: modules plus in-person attendance."""

    __tablename__ = "cohorts"
    __table_args__ = (
        sa.CheckConstraint("working_language IN ('en', 'ru')", name="working_language_known"),
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("required_sessions >= 0", name="required_sessions_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    place: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    starts_on: so.Mapped[date | None]
    ends_on: so.Mapped[date | None]
    working_language: so.Mapped[str] = so.mapped_column(sa.String(5), default="ru")
    required_sessions: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    modules: so.Mapped[list[CohortModule]] = so.relationship(cascade="all, delete-orphan", order_by="CohortModule.id")


class CohortModule(Model):
    """A module assigned to a cohort, required or optional, with an optional due date."""

    __tablename__ = "cohort_modules"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "module_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    is_required: so.Mapped[bool] = so.mapped_column(default=True)
    due_on: so.Mapped[date | None]


class CohortCoordinator(Model):
    """A coordinator of a cohort: they see and manage it, and no other."""

    __tablename__ = "cohort_coordinators"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Enrolment(Model):
    """A participant in a cohort; a person can be in several cohorts."""

    __tablename__ = "enrolments"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enrolled_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class Invitation(Model):
    """A single-use, expiring link that lets an enrolled person set their password. Only a hash of the token is kept."""

    __tablename__ = "invitations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cohort_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="SET NULL"))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    expires_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime())
    used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class CohortSession(Model):
    """An in-person session of a cohort (a workshop day), whose attendance is recorded."""

    __tablename__ = "cohort_sessions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    held_on: so.Mapped[date | None]


class Attendance(Model):
    """Whether a participant attended a session."""

    __tablename__ = "attendances"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    session_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohort_sessions.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_present: so.Mapped[bool] = so.mapped_column(default=True)


class CohortCertificate(Model):
    """A cohort certificate, of completion (the cohort's rule met) or of participation; checkable at /verify/<code>.

    The person's name and the cohort's name, language, place and dates are kept as they were at issue, like a module
    certificate's. A person may hold both kinds for one cohort: participation first, then completion once they finish.
    """

    __tablename__ = "cohort_certificates"
    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "user_id", "kind"),
        sa.CheckConstraint("kind IN ('completion', 'participation')", name="kind_known"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    cohort_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    cohort_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    cohort_language: so.Mapped[str] = so.mapped_column(sa.String(5))
    cohort_place: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    cohort_starts_on: so.Mapped[date | None]
    cohort_ends_on: so.Mapped[date | None]
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # Set when the holder's data was erased: /verify/<code> then answers "withdrawn", without the name.
    withdrawn_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
