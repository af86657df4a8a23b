"""Knowledge gain: each trainee's latest submitted pre-test and post-test, averaged per group in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, Cohort, Enrolment, User
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


def _latest(purpose: str) -> Any:
    """Each trainee's latest submitted attempt at any quiz with this purpose."""
    ranked = (
        sa.select(
            Attempt.user_id,
            Attempt.score,
            sa.func.row_number()
            .over(partition_by=Attempt.user_id, order_by=(Attempt.submitted_at.desc(), Attempt.id.desc()))
            .label("position"),
        )
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .where(
            Assessment.kind == "quiz",
            Assessment.purpose == purpose,
            Attempt.submitted_at.is_not(None),
            Attempt.score.is_not(None),
        )
        .subquery(f"ranked_{purpose}")
    )
    return sa.select(ranked.c.user_id, ranked.c.score).where(ranked.c.position == 1).subquery(purpose)


def _group_column(grouping: str) -> Any:
    if grouping == "cohort":
        return Cohort.name
    if grouping == "gender":
        return sa.func.coalesce(User.gender, "")
    return getattr(User, grouping)


def knowledge_gain(cohort_ids: sa.Select[Any], filters: TraineeFilters, grouping: str) -> list[GainRow]:
    """Paired pre/post scores grouped by `grouping`; trainees count once per group, in one statement."""
    pre, post = _latest("pre_test"), _latest("post_test")
    gain = post.c.score - pre.c.score
    normalised = sa.case((pre.c.score < 100, gain / (100.0 - pre.c.score)), else_=None)
    group = _group_column(grouping).label("key")
    query = (
        sa.select(
            group,
            sa.func.count(sa.distinct(User.id)),
            sa.func.avg(pre.c.score),
            sa.func.avg(post.c.score),
            sa.func.avg(gain),
            sa.func.avg(normalised),
        )
        .join(pre, pre.c.user_id == User.id)
        .join(post, post.c.user_id == User.id)
        .group_by(group)
        .order_by(group)
    )
    if grouping == "cohort":
        query = query.join(Enrolment, Enrolment.user_id == User.id).join(Cohort, Cohort.id == Enrolment.cohort_id)
        query = query.where(Cohort.id.in_(cohort_ids))
    else:
        query = query.where(User.id.in_(sa.select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids))))
    return [
        GainRow(str(key), count, *(None if value is None else float(value) for value in means))
        for key, count, *means in db.session.execute(filters.apply(query))
    ]
