"""Knowledge gain: each trainee's latest submitted pre-test and post-test, averaged per group in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Cohort, Enrolment, ModuleStanding, User
from learnapp.reports.queries import TraineeFilters

GROUPINGS = ("cohort", "country", "stakeholder_group", "gender")


@dataclass(frozen=True)
class GainRow:
    """One group: trainees with both tests, mean pre, post and gain (percent points), mean normalised gain (0-1)."""

    key: str
    trainees: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    mean_normalised: float | None


def _latest(purpose: str, user_id: Any) -> Any:
    """The latest graded attempt of trainee `user_id` (a column) at any quiz with this purpose: by time, then id.

    A correlated lookup in the module standings, which keep each module's latest pre-test and post-test (the latest
    over a trainee's modules is the latest overall); a partial index answers it with one seek per trainee.
    """
    standing = ModuleStanding.__table__.c
    at, attempt_id, score = (standing[f"{purpose}_{name}"] for name in ("at", "attempt_id", "score"))
    return (
        sa.select(score)
        .where(standing.user_id == user_id, at.is_not(None))
        .order_by(at.desc(), attempt_id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _paired_scores(cohort_ids: sa.Select[Any], by_cohort: bool) -> Any:
    """The latest pre-test and post-test scores (None when missing) of each trainee of these cohorts.

    By cohort: one row per enrolment (a trainee counts in each of their cohorts); otherwise one row per trainee.
    Materialised, so that each lookup runs once per row.
    """
    if by_cohort:
        query: sa.Select[*tuple[Any, ...]] = sa.select(Enrolment.cohort_id, Enrolment.user_id).where(
            Enrolment.cohort_id.in_(cohort_ids)
        )
        user_id = Enrolment.user_id
    else:
        enrolled = sa.select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids))
        query = sa.select(User.id.label("user_id")).where(User.id.in_(enrolled))
        user_id = User.id
    pre, post = _latest("pre_test", user_id).label("pre"), _latest("post_test", user_id).label("post")
    return query.add_columns(pre, post).cte("scores").prefix_with("MATERIALIZED")


def _group_column(grouping: str) -> Any:
    if grouping == "cohort":
        return Cohort.name
    if grouping == "gender":
        return sa.func.coalesce(User.gender, "")
    return getattr(User, grouping)


def knowledge_gain(cohort_ids: sa.Select[Any], filters: TraineeFilters, grouping: str) -> list[GainRow]:
    """Paired pre/post scores grouped by `grouping`; trainees count once per group, in one statement."""
    scores = _paired_scores(cohort_ids, by_cohort=grouping == "cohort")
    pre, post = scores.c.pre, scores.c.post
    gain = post - pre
    normalised = sa.case((pre < 100, gain / (100.0 - pre)), else_=None)
    group = _group_column(grouping).label("key")
    query = (
        sa.select(
            group,
            sa.func.count(sa.distinct(User.id)),
            sa.func.avg(pre),
            sa.func.avg(post),
            sa.func.avg(gain),
            sa.func.avg(normalised),
        )
        .select_from(scores)
        .join(User, User.id == scores.c.user_id)
        .where(pre.is_not(None), post.is_not(None))
        .group_by(group)
        .order_by(group)
    )
    if grouping == "cohort":
        query = query.join(Cohort, Cohort.id == scores.c.cohort_id)
    return [
        GainRow(str(key), count, *(None if value is None else float(value) for value in means))
        for key, count, *means in db.session.execute(filters.apply(query))
    ]
