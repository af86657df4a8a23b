"""Writes on cohorts, their modules, participants and sessions. They flush; the view commits once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from learnapp.accounts.operations import create_user
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import (
    Attendance,
    AuditEvent,
    Cohort,
    CohortCoordinator,
    CohortModule,
    CohortSession,
    Enrolment,
    User,
)
from learnapp.progress.operations import award_completion_certificates


@dataclass(frozen=True)
class CohortValues:
    """What a coordinator types about a cohort."""

    name: str
    starts_on: date | None
    ends_on: date | None
    place: str
    working_language: str
    required_sessions: int


def create_cohort(values: CohortValues, creator: User, coordinator_emails: Iterable[str] = ()) -> Cohort:
    """Add a cohort; a coordinator who creates it coordinates it, and so do the coordinators named by email."""
    cohort = Cohort()
    update_cohort(cohort, values)
    db.session.add(cohort)
    db.session.flush()
    people = set(db.session.scalars(sa.select(User.id).where(User.email.in_(list(coordinator_emails)))))
    if creator.role == Role.COORDINATOR:
        people.add(creator.id)
    db.session.add_all(CohortCoordinator(cohort_id=cohort.id, user_id=user_id) for user_id in sorted(people))
    db.session.flush()
    return cohort


def update_cohort(cohort: Cohort, values: CohortValues) -> None:
    """Store the cohort's name, dates, place, language and required sessions."""
    for name, value in dataclasses.asdict(values).items():
        setattr(cohort, name, value)
    db.session.flush()


def assign_modules(cohort: Cohort, module_ids: Iterable[int], is_required: bool, due_on: date | None) -> None:
    """Assign each module, or change how it is assigned when it already is: one flag and due date for all."""
    module_ids = list(module_ids)
    links = db.session.scalars(
        sa.select(CohortModule).where(CohortModule.cohort_id == cohort.id, CohortModule.module_id.in_(module_ids))
    )
    by_module = {link.module_id: link for link in links}
    for module_id in module_ids:
        link = by_module.get(module_id)
        if link is None:
            link = by_module[module_id] = CohortModule(cohort_id=cohort.id, module_id=module_id)
            db.session.add(link)
        link.is_required, link.due_on = is_required, due_on
    db.session.flush()


def unassign_module(cohort: Cohort, module_id: int) -> None:
    """Take a module off the cohort; nobody's progress in it is touched."""
    db.session.execute(sa.delete(CohortModule).filter_by(cohort_id=cohort.id, module_id=module_id))
    db.session.flush()


# Staff who never take the training: enrolling them would show them as trainees and open their account to a
# coordinator's reports (finding F4 of the December 2026 security test).
NOT_ENROLLABLE = frozenset({Role.ADMIN.value, Role.OBSERVER.value})


def staff_emails(records: Iterable[UserRecord]) -> set[str]:
    """The emails among `records` that belong to accounts which cannot be enrolled (`NOT_ENROLLABLE`)."""
    emails = [record.email.lower() for record in records]
    query = sa.select(User.email).where(User.email.in_(emails), User.role.in_(NOT_ENROLLABLE))
    return set(db.session.scalars(query))


@dataclass(frozen=True)
class EnrolmentOutcome:
    """What an enrolment did: accounts created, people newly enrolled, and staff accounts refused."""

    created: int
    added: int
    refused: int


def enrol_records(cohort: Cohort, records: Iterable[UserRecord]) -> EnrolmentOutcome:
    """Enrol each person, matching existing accounts by email and creating the others as trainees without a password.

    Administrator and observer accounts are not enrolled (`NOT_ENROLLABLE`). Existing accounts are never changed.
    """
    records = list(records)
    emails = [record.email.lower() for record in records]
    existing = {user.email: user for user in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    enrolled = set(db.session.scalars(sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)))
    created = added = refused = 0
    for record in records:
        user = existing.get(record.email.lower())
        if user is not None and user.role in NOT_ENROLLABLE:
            refused += 1
            continue
        if user is None:
            user = create_user(dataclasses.replace(record, role=Role.TRAINEE))
            existing[user.email] = user
            created += 1
        if user.id not in enrolled:
            db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id))
            enrolled.add(user.id)
            added += 1
    db.session.flush()
    return EnrolmentOutcome(created, added, refused)


def add_session(cohort: Cohort, title: str, held_on: date | None) -> CohortSession:
    """Record an in-person session of the cohort."""
    session = CohortSession(cohort_id=cohort.id, title=title, held_on=held_on)
    db.session.add(session)
    db.session.flush()
    return session


def record_attendance(cohort: Cohort, session: CohortSession, present: set[int], participants: set[int]) -> None:
    """Mark each participant present or absent, then issue the cohort certificates the attendance completes.

    Ids that are not participants are ignored. Certificates go through the same progress operation as a module
    completion, so the cohort rule is applied in one place.
    """
    rows = {row.user_id: row for row in db.session.scalars(sa.select(Attendance).filter_by(session_id=session.id))}
    for user_id in participants:
        row = rows.get(user_id)
        if row is None:
            row = Attendance(session_id=session.id, user_id=user_id)
            db.session.add(row)
        row.is_present = user_id in present
    db.session.flush()
    award_completion_certificates([cohort], participants)


# Audit actions for invitations: who made a link for whom, and how it was handed over.
INVITATION_ACTIONS = frozenset({"invitation.link", "invitation.email", "invitation.sheet"})


def audit_invitations(actor: User, action: str, cohort: Cohort, users: Iterable[User]) -> None:
    """One audit event per person who got a new invitation link (`invitation:user:<id>`, the cohort in details)."""
    assert action in INVITATION_ACTIONS, action
    db.session.add_all(
        AuditEvent(user_id=actor.id, action=action, target=f"invitation:user:{user.id}", details={"cohort": cohort.id})
        for user in users
    )
    db.session.flush()
