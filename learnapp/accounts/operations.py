"""Writes on user accounts, shared by the sign-in, admin, cohort and invitation pages and the `flask users` commands.

They flush, never commit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import sqlalchemy as sa

from learnapp.accounts.hashing import hash_password
from learnapp.domain.lockout import after_success
from learnapp.domain.time_zones import TIME_ZONES
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import User
from learnapp.models.user import new_session_token

logger = logging.getLogger(__name__)


def create_user(record: UserRecord, password: str | None = None) -> User:
    """Add an account; without a password it cannot sign in until one is set."""
    user = User(
        email=record.email.lower(),
        full_name=record.full_name,
        role=record.role.value,
        country=record.country,
        organisation=record.organisation,
        stakeholder_group=record.stakeholder_group.value,
        gender=record.gender.value if record.gender else None,
        preferred_language=record.language,
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_profile(user: User, record: UserRecord) -> None:
    """Store what a person says about themselves: name, country, organisation, group, gender, language."""
    user.full_name, user.country, user.organisation = record.full_name, record.country, record.organisation
    user.stakeholder_group = record.stakeholder_group.value
    user.gender = record.gender.value if record.gender else None
    user.preferred_language = record.language
    db.session.flush()


def set_preferred_language(user: User, language: str) -> None:
    """Remember the interface language the user chose, for their next sign-in and their invitations."""
    user.preferred_language = language
    db.session.flush()


def create_users(records: Iterable[UserRecord]) -> list[User]:
    """Add several accounts; the caller commits all of them or none."""
    return [create_user(record) for record in records]


def existing_emails() -> set[str]:
    """Every email in use, to reject duplicates before importing."""
    return set(db.session.scalars(sa.select(User.email)))


def set_time_zone(user: User, zone: str | None) -> None:
    """Keep the zone the user's dates and times are shown in; None (or an unknown name) means their country's."""
    user.time_zone = zone if zone in TIME_ZONES else None
    db.session.flush()


def set_active(user: User, is_active: bool, actor_id: int | None = None) -> None:
    """Activate or deactivate; deactivation ends the user's sessions at once. `actor_id`: who did it, for the log."""
    if user.is_active != is_active and user.id is not None:
        logger.info("Account %s %s by user %s", user.id, "activated" if is_active else "deactivated", actor_id)
    if user.is_active and not is_active:
        end_all_sessions(user)
    user.is_active = is_active
    db.session.flush()


def set_role(user: User, role: str, actor_id: int | None = None) -> None:
    """Give the user a new role; their sessions end, so the new role applies from their next sign-in."""
    if user.role != role:
        logger.info("Account %s: role %s → %s, by user %s", user.id, user.role, role, actor_id)
        user.role = role
        end_all_sessions(user)


def set_password(user: User, password: str) -> None:
    """Store a new password, clear any lockout and end every existing session of the user."""
    user.password_hash = hash_password(password)
    cleared = after_success()
    user.failed_sign_ins = cleared.failed_sign_ins
    user.locked_until = cleared.locked_until
    end_all_sessions(user)


def end_all_sessions(user: User) -> None:
    """Rotate the session token: every session cookie issued before stops working."""
    user.session_token = new_session_token()
    db.session.flush()
