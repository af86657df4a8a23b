"""The user aggregate: an account, its one role, its profile and its sign-in state."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from learnapp.domain.profiles import COUNTRIES, LANGUAGES, Gender, Role, StakeholderGroup
from learnapp.models.types import Model, UTCDateTime, utcnow


def new_session_token() -> str:
    """A fresh per-user token; changing it invalidates every session cookie issued before."""
    return secrets.token_urlsafe(24)


def _one_of(column: str, values: Iterable[str]) -> str:
    """SQL for a check constraint that keeps `column` within a closed list of codes."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class User(UserMixin, Model):
    """A person who signs in. Email is stored lower-case and is unique."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(_one_of("role", list(Role)), name="role_known"),
        sa.CheckConstraint(_one_of("country", list(COUNTRIES)), name="country_known"),
        sa.CheckConstraint(_one_of("stakeholder_group", list(StakeholderGroup)), name="stakeholder_group_known"),
        sa.CheckConstraint(f"gender IS NULL OR {_one_of('gender', list(Gender))}", name="gender_known"),
        sa.CheckConstraint(_one_of("preferred_language", LANGUAGES), name="preferred_language_known"),
        sa.CheckConstraint("failed_sign_ins >= 0", name="failed_sign_ins_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default=Role.TRAINEE.value)
    is_active: so.Mapped[bool] = so.mapped_column(default=True)
    country: so.Mapped[str] = so.mapped_column(sa.String(2), default="XX")
    organisation: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    stakeholder_group: so.Mapped[str] = so.mapped_column(sa.String(40), default=StakeholderGroup.EXPERT.value)
    gender: so.Mapped[str | None] = so.mapped_column(sa.String(10))
    preferred_language: so.Mapped[str] = so.mapped_column(sa.String(5), default="en")
    # An IANA zone name; None means "my country's" (`domain.time_zones.account_time_zone`).
    time_zone: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64), default=new_session_token)
    failed_sign_ins: so.Mapped[int] = so.mapped_column(default=0)
    locked_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    last_sign_in_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # The version of the privacy notice the person accepted, and when; None until they accept one.
    notice_version: so.Mapped[int | None]
    notice_accepted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    # Set when the person's data was erased: the row stays, under an anonymous identity, so statistics hold.
    erased_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    def get_id(self) -> str:
        """The value Flask-Login keeps in the session: the id and the current session token."""
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
