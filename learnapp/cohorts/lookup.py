"""Which cohorts a user may manage and report on: a coordinator only their own, an administrator all.

Observers may read every cohort's aggregate reports (never its names); the roles on each route keep them out of
everything else.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Cohort, CohortCoordinator, User


def visible_cohorts_query(user: User) -> sa.Select[tuple[Cohort]]:
    """The cohorts `user` coordinates (all of them for an administrator or an observer), newest first."""
    query = sa.select(Cohort).order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc())
    if user.role in (Role.ADMIN, Role.OBSERVER):
        return query
    return query.join(CohortCoordinator, CohortCoordinator.cohort_id == Cohort.id).where(
        CohortCoordinator.user_id == user.id
    )


def cohort_or_404(cohort_id: int, user: User) -> Cohort:
    """The cohort if `user` may see it; 404 otherwise, so that other cohorts' existence is not revealed."""
    cohort = db.session.scalar(visible_cohorts_query(user).where(Cohort.id == cohort_id))
    if cohort is None:
        abort(404)
    return cohort
