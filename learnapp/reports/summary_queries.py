"""Module summary per cohort: enrolled, started, completed, and mean and median best quiz score, grouped in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    Cohort,
    CohortModule,
    Completion,
    Enrolment,
    LessonRead,
    Module,
    ModuleVersion,
    User,
)
from learnapp.reports.queries import TraineeFilters


@dataclass(frozen=True)
class SummaryRow:
    """One module of one cohort; scores are each trainee's best submitted quiz score (pre-tests left out)."""

    cohort_id: int
    cohort_name: str
    module_id: int
    module_slug: str
    enrolled: int
    started: int
    completed: int
    scored: int
    mean_best: float | None
    median_best: float | None = None


def _best_scores() -> Any:
    return (
        sa.select(Attempt.user_id, Attempt.module_id, sa.func.max(Attempt.score).label("best"))
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .where(
            Assessment.kind == "quiz",
            Assessment.purpose != "pre_test",
            Attempt.submitted_at.is_not(None),
            Attempt.score.is_not(None),
        )
        .group_by(Attempt.user_id, Attempt.module_id)
        .subquery("best")
    )


def _per_trainee(cohort_ids: sa.Select[Any], filters: TraineeFilters) -> Any:
    """One row per enrolled trainee and cohort module: best score, whether started, whether completed."""
    best = _best_scores()
    reads = sa.select(LessonRead.user_id, LessonRead.module_id).distinct().subquery("reads")
    started = sa.or_(reads.c.user_id.is_not(None), best.c.best.is_not(None), Completion.id.is_not(None))
    query = (
        sa.select(
            Enrolment.cohort_id,
            CohortModule.module_id,
            Enrolment.user_id,
            best.c.best,
            sa.case((started, 1), else_=0).label("is_started"),
            sa.case((Completion.id.is_not(None), 1), else_=0).label("is_completed"),
        )
        .join(CohortModule, CohortModule.cohort_id == Enrolment.cohort_id)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(best, sa.and_(best.c.user_id == Enrolment.user_id, best.c.module_id == CohortModule.module_id))
        .outerjoin(reads, sa.and_(reads.c.user_id == Enrolment.user_id, reads.c.module_id == CohortModule.module_id))
        .outerjoin(
            Completion,
            sa.and_(Completion.user_id == Enrolment.user_id, Completion.module_id == CohortModule.module_id),
        )
        .where(Enrolment.cohort_id.in_(cohort_ids))
    )
    return filters.apply(query).subquery("per_trainee")


def _medians(per_trainee: Any) -> dict[tuple[int, int], float]:
    """The median best score of each (cohort, module), with window functions (SQLite and PostgreSQL alike)."""
    partition = (per_trainee.c.cohort_id, per_trainee.c.module_id)
    ranked = (
        sa.select(
            per_trainee.c.cohort_id,
            per_trainee.c.module_id,
            per_trainee.c.best,
            sa.func.row_number().over(partition_by=partition, order_by=per_trainee.c.best).label("position"),
            sa.func.count().over(partition_by=partition).label("size"),
        )
        .where(per_trainee.c.best.is_not(None))
        .subquery("ranked")
    )
    middle = sa.or_(ranked.c.position == (ranked.c.size + 1) // 2, ranked.c.position == (ranked.c.size + 2) // 2)
    query = (
        sa.select(ranked.c.cohort_id, ranked.c.module_id, sa.func.avg(ranked.c.best))
        .where(middle)
        .group_by(ranked.c.cohort_id, ranked.c.module_id)
    )
    return {(cohort, module): float(value) for cohort, module, value in db.session.execute(query)}


def module_summary(cohort_ids: sa.Select[Any], filters: TraineeFilters) -> list[SummaryRow]:
    """Each module of each cohort in `cohort_ids` (a select of ids), in two grouped statements."""
    per_trainee = _per_trainee(cohort_ids, filters)
    query = (
        sa.select(
            Cohort.id,
            Cohort.name,
            Module.id,
            Module.slug,
            sa.func.count(per_trainee.c.user_id),
            sa.func.coalesce(sa.func.sum(per_trainee.c.is_started), 0),
            sa.func.coalesce(sa.func.sum(per_trainee.c.is_completed), 0),
            sa.func.count(per_trainee.c.best),
            sa.func.avg(per_trainee.c.best),
        )
        .join(Cohort, Cohort.id == per_trainee.c.cohort_id)
        .join(Module, Module.id == per_trainee.c.module_id)
        .group_by(Cohort.id, Cohort.name, Module.id, Module.slug)
        .order_by(Cohort.name, Cohort.id, Module.slug)
    )
    medians = _medians(per_trainee)
    return [
        SummaryRow(*row[:8], float(row[8]) if row[8] is not None else None, medians.get((row[0], row[2])))
        for row in db.session.execute(query)
    ]


def module_titles(cohort_ids: sa.Select[Any]) -> dict[int, dict[str, str]]:
    """The current titles of the modules assigned to these cohorts."""
    query = (
        sa.select(Module.id, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.id.in_(sa.select(CohortModule.module_id).where(CohortModule.cohort_id.in_(cohort_ids))))
    )
    return {module_id: title for module_id, title in db.session.execute(query)}
