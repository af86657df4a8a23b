"""Completion per country, stakeholder group or gender: trainees, module assignments and completions, grouped in SQL.

A module assignment is one enrolled trainee and one module assigned to one of their cohorts; a trainee in two
cohorts that assign the same module has it once (required if either cohort requires it), as they complete it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Cohort, CohortModule, Completion, Enrolment, User
from learnapp.reports.queries import TraineeFilters

GROUPINGS = ("country", "stakeholder_group", "gender")


@dataclass(frozen=True)
class GroupCompletionRow:
    """One group: enrolled trainees, their module assignments, the completed ones, and trainees done with all."""

    key: str
    trainees: int
    assignments: int
    completed: int
    completed_all_required: int


def _assignments(cohort_ids: sa.Select[Any]) -> Any:
    """Each enrolled trainee's assigned modules, once per (trainee, module); required when any cohort requires it."""
    required = sa.func.max(sa.case((CohortModule.is_required.is_(True), 1), else_=0))
    return (
        sa.select(Enrolment.user_id, CohortModule.module_id, required.label("is_required"))
        .join(CohortModule, CohortModule.cohort_id == Enrolment.cohort_id)
        .where(Enrolment.cohort_id.in_(cohort_ids))
        .group_by(Enrolment.user_id, CohortModule.module_id)
        .subquery("assignments")
    )


def _per_trainee(cohort_ids: sa.Select[Any]) -> Any:
    """One row per trainee with assignments: how many, how many completed, how many required and completed."""
    assigned = _assignments(cohort_ids)
    is_done = Completion.id.is_not(None)
    return (
        sa.select(
            assigned.c.user_id,
            sa.func.count().label("assignments"),
            sa.func.sum(sa.case((is_done, 1), else_=0)).label("completed"),
            sa.func.sum(assigned.c.is_required).label("required"),
            sa.func.sum(sa.case((sa.and_(is_done, assigned.c.is_required == 1), 1), else_=0)).label("required_done"),
        )
        .outerjoin(
            Completion,
            sa.and_(Completion.user_id == assigned.c.user_id, Completion.module_id == assigned.c.module_id),
        )
        .group_by(assigned.c.user_id)
        .subquery("per_trainee")
    )


def _group_column(grouping: str) -> Any:
    if grouping == "gender":
        return sa.func.coalesce(User.gender, "")
    return getattr(User, grouping)


def completion_by_group(cohort_ids: sa.Select[Any], filters: TraineeFilters, grouping: str) -> list[GroupCompletionRow]:
    """The trainees enrolled in `cohort_ids` (a select of ids) that the filters keep, per group, in one statement.

    "Completed all required" counts trainees with at least one required module who completed every one of them.
    """
    per_trainee = _per_trainee(cohort_ids)
    has_finished = sa.and_(per_trainee.c.required > 0, per_trainee.c.required_done == per_trainee.c.required)
    group = _group_column(grouping).label("key")
    query = (
        sa.select(
            group,
            sa.func.count(User.id),
            sa.func.coalesce(sa.func.sum(per_trainee.c.assignments), 0),
            sa.func.coalesce(sa.func.sum(per_trainee.c.completed), 0),
            sa.func.coalesce(sa.func.sum(sa.case((has_finished, 1), else_=0)), 0),
        )
        .select_from(User)
        .outerjoin(per_trainee, per_trainee.c.user_id == User.id)
        .where(User.id.in_(sa.select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids))))
        .group_by(group)
        .order_by(group)
    )
    return [
        GroupCompletionRow(str(key), *(int(value) for value in figures))
        for key, *figures in db.session.execute(filters.apply(query))
    ]


def cohort_choices(cohort_ids: sa.Select[Any]) -> list[tuple[int, str]]:
    """The cohorts among `cohort_ids` as (id, name), by name, for the report's cohort choice."""
    query = sa.select(Cohort.id, Cohort.name).where(Cohort.id.in_(cohort_ids)).order_by(Cohort.name, Cohort.id)
    return [(cohort_id, name) for cohort_id, name in db.session.execute(query)]
