"""Module standings computed from the raw rows: the reference the rows kept on write must equal, and a rebuild.

`learnapp.progress.operations` keeps `module_standings` up to date on every read, graded attempt and completion;
`standings_from_raw` says what those rows must hold, from lesson reads, attempts and completions alone. The tests
compare the two after every kind of write; `rebuild_standings` writes the reference (after a bulk load that bypassed
the operations, or to repair), and the migration that added the table backfilled it with the same query.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

import sqlalchemy as sa

from learnapp.domain.content import Purpose
from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, Completion, LessonRead, ModuleStanding

SelectT = TypeVar("SelectT", bound=sa.Select[*tuple[Any, ...]])
# Every column of a standing, in the order `standings_from_raw` selects them.
COLUMNS = tuple(column.name for column in ModuleStanding.__table__.columns)


def _graded(user_ids: Collection[int] | None) -> Any:
    query = (
        sa.select(
            Attempt.id, Attempt.user_id, Attempt.module_id, Attempt.score, Attempt.submitted_at, Assessment.purpose
        )
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .where(Assessment.kind == "quiz", Attempt.submitted_at.is_not(None), Attempt.score.is_not(None))
    )
    return _for(query, Attempt.user_id, user_ids).subquery("graded")


def _for(query: SelectT, column: Any, user_ids: Collection[int] | None) -> SelectT:
    return query if user_ids is None else query.where(column.in_(user_ids))


def _latest(graded: Any, purpose: Purpose) -> Any:
    position = (
        sa.func.row_number()
        .over(
            partition_by=(graded.c.user_id, graded.c.module_id),
            order_by=(graded.c.submitted_at.desc(), graded.c.id.desc()),
        )
        .label("position")
    )
    ranked = sa.select(graded, position).where(graded.c.purpose == purpose.value).subquery(f"ranked_{purpose.value}")
    return sa.select(ranked).where(ranked.c.position == 1).subquery(purpose.value)


def _on_pair(table: Any, keys: Any) -> Any:
    return sa.and_(table.c.user_id == keys.c.user_id, table.c.module_id == keys.c.module_id)


def standings_from_raw(user_ids: Collection[int] | None = None) -> sa.Select[Any]:
    """One row per (user, module) with a read, a graded quiz attempt or a completion, in `COLUMNS` order.

    For these users only when `user_ids` is given.
    """
    graded = _graded(user_ids)
    keys = sa.union(
        _for(sa.select(LessonRead.user_id, LessonRead.module_id), LessonRead.user_id, user_ids),
        sa.select(graded.c.user_id, graded.c.module_id),
        _for(sa.select(Completion.user_id, Completion.module_id), Completion.user_id, user_ids),
    ).subquery("keys")
    reads = _for(
        sa.select(
            LessonRead.user_id,
            LessonRead.module_id,
            sa.func.count().label("count"),
            sa.func.max(LessonRead.read_at).label("last"),
        ).group_by(LessonRead.user_id, LessonRead.module_id),
        LessonRead.user_id,
        user_ids,
    ).subquery("reads")
    best = (
        sa.select(graded.c.user_id, graded.c.module_id, sa.func.max(graded.c.score).label("score"))
        .where(graded.c.purpose != Purpose.PRE_TEST.value)
        .group_by(graded.c.user_id, graded.c.module_id)
        .subquery("best")
    )
    pre, post = _latest(graded, Purpose.PRE_TEST), _latest(graded, Purpose.POST_TEST)
    completions = _for(sa.select(Completion), Completion.user_id, user_ids).subquery("done")
    return (
        sa.select(
            keys.c.user_id,
            keys.c.module_id,
            sa.func.coalesce(reads.c.count, 0),
            reads.c.last,
            best.c.score,
            *(column for test in (pre, post) for column in (test.c.score, test.c.submitted_at, test.c.id)),
            completions.c.completed_at,
        )
        .select_from(keys)
        .outerjoin(reads, _on_pair(reads, keys))
        .outerjoin(best, _on_pair(best, keys))
        .outerjoin(pre, _on_pair(pre, keys))
        .outerjoin(post, _on_pair(post, keys))
        .outerjoin(completions, _on_pair(completions, keys))
    )


def rebuild_standings(user_ids: Collection[int] | None = None) -> None:
    """Write every standing (of these users) afresh from the raw rows; flush only, the caller commits."""
    delete = sa.delete(ModuleStanding)
    if user_ids is not None:
        delete = delete.where(ModuleStanding.user_id.in_(user_ids))
    db.session.execute(delete.execution_options(synchronize_session=False))
    db.session.execute(sa.insert(ModuleStanding).from_select(list(COLUMNS), standings_from_raw(user_ids)))
