"""Module summary per cohort and across cohorts: counts, best quiz scores and days to complete, grouped in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Cohort, CohortModule, Enrolment, Module, ModuleStanding, ModuleVersion, User
from learnapp.reports.queries import TraineeFilters
from learnapp.reports.sql_functions import DayNumber, Median


@dataclass(frozen=True)
class SummaryRow:
    """One module of one cohort, or of all the cohorts in view (`cohort_id` None).

    Scores are each trainee's best submitted quiz score (pre-tests left out); days to complete run from the
    trainee's enrolment in the cohort to the module's completion (0 when they had completed it before enrolling).
    """

    cohort_id: int | None
    cohort_name: str
    module_id: int
    module_slug: str
    enrolled: int
    started: int
    completed: int
    scored: int
    mean_best: float | None
    median_best: float | None
    median_days: float | None


def _enrolled(cohort_ids: sa.Select[Any], filters: TraineeFilters) -> Any:
    """The enrolments in these cohorts of the trainees the filters keep, with how many of them each trainee has."""
    query = (
        sa.select(
            Enrolment.cohort_id,
            Enrolment.user_id,
            DayNumber(Enrolment.enrolled_at).label("enrolled_day"),
            sa.func.count().over(partition_by=Enrolment.user_id).label("cohorts"),
        )
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.cohort_id.in_(cohort_ids))
    )
    return filters.apply(query).cte("enrolled").prefix_with("MATERIALIZED")


def _per_trainee(cohort_ids: sa.Select[Any], filters: TraineeFilters) -> Any:
    """One row per enrolled trainee and cohort module: best score, whether started, whether completed.

    Read from the module standings (one row per trainee and module, kept up to date on write), not from the
    millions of reads and attempts they summarise.
    """
    enrolled = _enrolled(cohort_ids, filters)
    standing = ModuleStanding
    started = sa.or_(standing.lessons_read > 0, standing.best_score.is_not(None), standing.completed_at.is_not(None))
    days = DayNumber(standing.completed_at) - enrolled.c.enrolled_day
    query = (
        sa.select(
            enrolled.c.cohort_id,
            CohortModule.module_id,
            enrolled.c.user_id,
            enrolled.c.cohorts,
            standing.best_score.label("best"),
            sa.case((started, 1), else_=0).label("is_started"),
            sa.case((standing.completed_at.is_not(None), 1), else_=0).label("is_completed"),
            sa.case((days < 0, 0.0), else_=days).label("days"),
        )
        .select_from(enrolled)
        .join(CohortModule, CohortModule.cohort_id == enrolled.c.cohort_id)
        .outerjoin(
            standing,
            sa.and_(standing.user_id == enrolled.c.user_id, standing.module_id == CohortModule.module_id),
        )
    )
    return query.cte("per_trainee").prefix_with("MATERIALIZED")


def _per_learner(per_trainee: Any) -> Any:
    """One row per trainee and module, whichever of the cohorts in view assign it: for the all-cohorts rows.

    A trainee in two cohorts that assign the same module is counted once; their days to complete are the fewest.
    Only the rows of trainees in several cohorts are grouped: the others are one row per module already.
    """
    columns = ("module_id", "user_id", "best", "is_started", "is_completed", "days")
    alone = sa.select(*(per_trainee.c[name] for name in columns)).where(per_trainee.c.cohorts == 1)
    several = (
        sa.select(
            per_trainee.c.module_id,
            per_trainee.c.user_id,
            sa.func.max(per_trainee.c.best),
            sa.func.max(per_trainee.c.is_started),
            sa.func.max(per_trainee.c.is_completed),
            sa.func.min(per_trainee.c.days),
        )
        .where(per_trainee.c.cohorts > 1)
        .group_by(per_trainee.c.module_id, per_trainee.c.user_id)
    )
    return sa.union_all(alone, several).subquery("per_learner")


def _figures(source: Any) -> list[Any]:
    """Enrolled, started, completed, scored, mean and median best score, median days of a group of per-trainee rows."""
    return [
        sa.func.count(source.c.user_id).label("enrolled"),
        sa.func.coalesce(sa.func.sum(source.c.is_started), 0).label("started"),
        sa.func.coalesce(sa.func.sum(source.c.is_completed), 0).label("completed"),
        sa.func.count(source.c.best).label("scored"),
        sa.func.avg(source.c.best).label("mean_best"),
        Median(source.c.best).label("median_best"),
        Median(source.c.days).label("median_days"),
    ]


FIGURES = ("enrolled", "started", "completed", "scored", "mean_best", "median_best", "median_days")


def _per_cohort(per_trainee: Any) -> sa.Select[Any]:
    """Grouped on the ids first, then named: the names are looked up once per group, not once per row."""
    grouped = (
        sa.select(per_trainee.c.cohort_id, per_trainee.c.module_id, *_figures(per_trainee))
        .group_by(per_trainee.c.cohort_id, per_trainee.c.module_id)
        .subquery("per_cohort")
    )
    return (
        sa.select(sa.literal(0).label("level"), Cohort.id.label("cohort_id"), Cohort.name.label("cohort_name"))
        .add_columns(Module.id, Module.slug.label("module_slug"), *(grouped.c[name] for name in FIGURES))
        .join(Cohort, Cohort.id == grouped.c.cohort_id)
        .join(Module, Module.id == grouped.c.module_id)
    )


def _all_cohorts(per_trainee: Any) -> sa.Select[Any]:
    per_learner = _per_learner(per_trainee)
    grouped = (
        sa.select(per_learner.c.module_id, *_figures(per_learner))
        .group_by(per_learner.c.module_id)
        .subquery("all_cohorts")
    )
    return sa.select(
        sa.literal(1), sa.null(), sa.literal(""), Module.id, Module.slug, *(grouped.c[name] for name in FIGURES)
    ).join(Module, Module.id == grouped.c.module_id)


def _summary_row(row: Any) -> SummaryRow:
    _, *keys, mean_best, median_best, median_days = row
    return SummaryRow(
        *keys, *(None if value is None else float(value) for value in (mean_best, median_best, median_days))
    )


def module_summary(cohort_ids: sa.Select[Any], filters: TraineeFilters) -> list[SummaryRow]:
    """Each module of each cohort in `cohort_ids` (a select of ids), then of all of them, in one statement.

    The per-trainee rows are a materialised common table expression: the database builds them once for both the
    cohort rows and the all-cohorts rows. Medians are an aggregate (`sql_functions.Median`), not a window.
    """
    per_trainee = _per_trainee(cohort_ids, filters)
    both = sa.union_all(_per_cohort(per_trainee), _all_cohorts(per_trainee)).subquery("summary")
    query = sa.select(both).order_by(both.c.level, both.c.cohort_name, both.c.cohort_id, both.c.module_slug)
    return [_summary_row(row) for row in db.session.execute(query)]


@dataclass(frozen=True)
class ModuleHeading:
    """A module's place in the curriculum (`order` in module.yaml) and its current titles by language."""

    position: int
    titles: dict[str, str]


def module_titles(cohort_ids: sa.Select[Any]) -> dict[int, ModuleHeading]:
    """The curriculum position and current titles of the modules assigned to these cohorts."""
    query = (
        sa.select(Module.id, ModuleVersion.position, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.id.in_(sa.select(CohortModule.module_id).where(CohortModule.cohort_id.in_(cohort_ids))))
    )
    return {module_id: ModuleHeading(position, title) for module_id, position, title in db.session.execute(query)}
