"""Cohort standings from the database: each enrolled trainee's standing, and the cohort certificates held.

Standings are computed for whole sets of cohorts and trainees with one grouped statement per table, never one per
trainee, so My learning, attendance and certificate issuing each run a fixed number of statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.domain.cohort_outcome import CohortStanding, cohort_standing
from learnapp.extensions import db
from learnapp.models import (
    Attendance,
    Cohort,
    CohortCertificate,
    CohortModule,
    CohortSession,
    Completion,
    Enrolment,
    User,
)

Pair = tuple[int, int]  # (cohort id, user id)
Members = Collection[int] | sa.Select[Any]


@dataclass(frozen=True)
class _Assignments:
    required: dict[int, set[int]]
    assigned: dict[int, set[int]]


def _assignments(cohort_ids: Collection[int]) -> _Assignments:
    required: dict[int, set[int]] = defaultdict(set)
    assigned: dict[int, set[int]] = defaultdict(set)
    query = sa.select(CohortModule.cohort_id, CohortModule.module_id, CohortModule.is_required).where(
        CohortModule.cohort_id.in_(cohort_ids)
    )
    for cohort_id, module_id, is_required in db.session.execute(query):
        assigned[cohort_id].add(module_id)
        if is_required:
            required[cohort_id].add(module_id)
    return _Assignments(required, assigned)


def _completed_modules(user_ids: Members) -> dict[int, set[int]]:
    completed: dict[int, set[int]] = defaultdict(set)
    query = sa.select(Completion.user_id, Completion.module_id).where(Completion.user_id.in_(user_ids))
    for user_id, module_id in db.session.execute(query):
        completed[user_id].add(module_id)
    return completed


def _sessions_attended(cohort_ids: Collection[int], user_ids: Members) -> dict[Pair, int]:
    query = (
        sa.select(CohortSession.cohort_id, Attendance.user_id, sa.func.count(Attendance.id))
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(
            CohortSession.cohort_id.in_(cohort_ids), Attendance.user_id.in_(user_ids), Attendance.is_present.is_(True)
        )
        .group_by(CohortSession.cohort_id, Attendance.user_id)
    )
    return {(cohort_id, user_id): count for cohort_id, user_id, count in db.session.execute(query)}


def standings(cohorts: Collection[Cohort], user_ids: Members) -> dict[Pair, CohortStanding]:
    """The standing of each of `user_ids` enrolled in each of `cohorts`, by (cohort id, user id); four statements.

    `user_ids` is a list of ids or a SELECT of them (a whole cohort's members, without sending thousands of ids).
    """
    cohort_ids = [cohort.id for cohort in cohorts]
    if not cohort_ids:
        return {}
    enrolled = db.session.execute(
        sa.select(Enrolment.cohort_id, Enrolment.user_id).where(
            Enrolment.cohort_id.in_(cohort_ids), Enrolment.user_id.in_(user_ids)
        )
    ).all()
    assignments = _assignments(cohort_ids)
    completed = _completed_modules(user_ids)
    attended = _sessions_attended(cohort_ids, user_ids)
    required_sessions = {cohort.id: cohort.required_sessions for cohort in cohorts}
    return {
        (cohort_id, user_id): cohort_standing(
            assignments.required[cohort_id],
            assignments.assigned[cohort_id],
            completed[user_id],
            required_sessions[cohort_id],
            attended.get((cohort_id, user_id), 0),
        )
        for cohort_id, user_id in enrolled
    }


def held_certificates(cohort_ids: Collection[int], user_ids: Members) -> dict[Pair, dict[str, str]]:
    """The cohort certificates held, as {kind: code} by (cohort id, user id)."""
    held: dict[Pair, dict[str, str]] = defaultdict(dict)
    query = sa.select(
        CohortCertificate.cohort_id, CohortCertificate.user_id, CohortCertificate.kind, CohortCertificate.code
    ).where(CohortCertificate.cohort_id.in_(cohort_ids), CohortCertificate.user_id.in_(user_ids))
    for cohort_id, user_id, kind, code in db.session.execute(query):
        held[(cohort_id, user_id)][kind] = code
    return held


def full_names(user_ids: Collection[int]) -> dict[int, str]:
    """The full names of these users, by id (a certificate keeps the name as it is at issue)."""
    return dict(db.session.execute(sa.select(User.id, User.full_name).where(User.id.in_(user_ids))).all())


def members(cohort: Cohort) -> sa.Select[Any]:
    """The ids of the cohort's participants, as a SELECT to filter other tables by."""
    return sa.select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id)


def cohorts_assigning(user_id: int, module_id: int) -> list[Cohort]:
    """The user's cohorts that assign `module_id`: those a completion of it can complete."""
    return list(
        db.session.scalars(
            sa.select(Cohort)
            .join(Enrolment, Enrolment.cohort_id == Cohort.id)
            .join(CohortModule, CohortModule.cohort_id == Cohort.id)
            .where(Enrolment.user_id == user_id, CohortModule.module_id == module_id)
        )
    )
