"""Reads for the cohort pages: a fixed number of statements each, whatever the number of participants."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from learnapp.catalogue import published_modules, visible_cohorts_query
from learnapp.domain.content import localised
from learnapp.domain.enrolment import AttendanceSummary
from learnapp.extensions import db
from learnapp.models import (
    Attendance,
    Cohort,
    CohortCertificate,
    CohortModule,
    CohortSession,
    Enrolment,
    Module,
    ModuleVersion,
    User,
)


@dataclass(frozen=True)
class CohortRow:
    """A cohort in the list, with how many people are enrolled."""

    cohort: Cohort
    participants: int


@dataclass(frozen=True)
class AssignedModule:
    """A module assigned to a cohort, with its title in the reader's language."""

    module_id: int
    title: str
    is_required: bool
    due_on: date | None


@dataclass(frozen=True)
class ParticipantRow:
    """A participant, whether they can sign in yet, and their in-person attendance."""

    user: User
    has_password: bool
    attendance: AttendanceSummary


def cohort_rows(user: User) -> list[CohortRow]:
    """The cohorts `user` may see, each with its number of participants, in one statement."""
    count = (
        sa.select(sa.func.count(Enrolment.id))
        .where(Enrolment.cohort_id == Cohort.id)
        .correlate(Cohort)
        .scalar_subquery()
    )
    query = visible_cohorts_query(user).add_columns(count)
    return [CohortRow(cohort, participants) for cohort, participants in db.session.execute(query)]


def _title(version: ModuleVersion, language: str) -> str:
    return str(localised(version.title, language, version.default_language)[0])


def assigned_modules(cohort_id: int, language: str) -> list[AssignedModule]:
    """The cohort's modules with their current titles, in catalogue order."""
    rows = db.session.execute(
        sa.select(CohortModule, ModuleVersion)
        .join(Module, Module.id == CohortModule.module_id)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(CohortModule.cohort_id == cohort_id)
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [
        AssignedModule(link.module_id, _title(version, language), link.is_required, link.due_on)
        for link, version in rows
    ]


def module_choices(language: str, assigned: Collection[int] = ()) -> list[tuple[int, str]]:
    """Every published module not in `assigned` as (id, title), for the assignment form, in catalogue order."""
    return [
        (module.id, _title(version, language)) for module, version in published_modules() if module.id not in assigned
    ]


def participant_rows(cohort: Cohort) -> list[ParticipantRow]:
    """The cohort's participants by name, with sessions attended against required: two statements."""
    users = db.session.scalars(
        sa.select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort.id)
        .order_by(User.full_name, User.id)
    )
    counts = db.session.execute(
        sa.select(Attendance.user_id, sa.func.count(Attendance.id))
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort.id, Attendance.is_present.is_(True))
        .group_by(Attendance.user_id)
    )
    attended = {user_id: count for user_id, count in counts}
    return [
        ParticipantRow(
            user, user.password_hash is not None, AttendanceSummary(attended.get(user.id, 0), cohort.required_sessions)
        )
        for user in users
    ]


def enrolled_user_ids(cohort_id: int) -> set[int]:
    """The ids of the cohort's participants."""
    return set(db.session.scalars(sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort_id)))


def sessions_of(cohort_id: int) -> list[tuple[CohortSession, int]]:
    """The cohort's sessions by date, each with how many attended."""
    present = (
        sa.select(sa.func.count(Attendance.id))
        .where(Attendance.session_id == CohortSession.id, Attendance.is_present.is_(True))
        .correlate(CohortSession)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(CohortSession, present)
        .where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.held_on.nulls_last(), CohortSession.id)
    )
    return [(session, count) for session, count in rows]


def session_or_none(cohort_id: int, session_id: int) -> CohortSession | None:
    """The session if it belongs to the cohort."""
    return db.session.scalar(
        sa.select(CohortSession).where(CohortSession.id == session_id, CohortSession.cohort_id == cohort_id)
    )


def present_user_ids(session_id: int) -> set[int]:
    """Who attended the session."""
    return set(
        db.session.scalars(
            sa.select(Attendance.user_id).where(Attendance.session_id == session_id, Attendance.is_present.is_(True))
        )
    )


def enrolled_user(cohort_id: int, user_id: int) -> User | None:
    """The user if they are a participant of the cohort."""
    return db.session.scalar(
        sa.select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, User.id == user_id)
    )


def certificate_counts(cohort_id: int) -> dict[str, int]:
    """How many cohort certificates of each kind have been issued, by kind."""
    query = (
        sa.select(CohortCertificate.kind, sa.func.count(CohortCertificate.id))
        .where(CohortCertificate.cohort_id == cohort_id)
        .group_by(CohortCertificate.kind)
    )
    return {kind: count for kind, count in db.session.execute(query)}


def invitable_users(cohort_id: int) -> list[User]:
    """The cohort's active participants who cannot sign in yet (no password), by name: one statement."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.cohort_id == cohort_id, User.password_hash.is_(None), User.is_active.is_(True))
            .order_by(User.full_name, User.id)
        )
    )
