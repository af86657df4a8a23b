"""Seeding report data, shared by the report tests and the browser's report pages: cohorts and what trainees did."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    Cohort,
    CohortCoordinator,
    CohortModule,
    Completion,
    Enrolment,
    LessonRead,
    Module,
    User,
)
from learnapp.progress.standing_rows import rebuild_standings

COMPLETED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
# Before COMPLETED_AT: a coordinator sees only activity since the enrolment (finding F4).
ENROLLED_AT = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def yesterday() -> date:
    """The due date of an overdue module."""
    return datetime.now(UTC).date() - timedelta(days=1)


def commit_seeded(db: Any) -> None:
    """Commit rows written straight into the tables, with the module standings the operations would have kept."""
    db.session.flush()
    rebuild_standings()
    db.session.commit()


def enrol(db: Any, cohort: Cohort, *users: User) -> None:
    """Enrol `users` in `cohort` on `ENROLLED_AT`, and commit."""
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id, enrolled_at=ENROLLED_AT) for user in users)
    db.session.commit()


def coordinate(db: Any, cohort: Cohort, user: User) -> None:
    """Make `user` a coordinator of `cohort`, and commit."""
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=user.id))
    db.session.commit()


def new_cohort(name: str, modules: Iterable[tuple[Module, date | None]], language: str = "ru") -> Cohort:
    """A cohort assigning each module with its due date (None: no due date); flushed, not committed."""
    cohort = Cohort(name=name, working_language=language)
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(CohortModule(cohort_id=cohort.id, module_id=module.id, due_on=due) for module, due in modules)
    return cohort


def workshop_of_alpha_and_beta(db: Any, publish: Callable[..., Module]) -> tuple[Cohort, Module, Module]:
    """ "Almaty workshop" assigning alpha (two lessons and a quiz, no due date) and beta (due yesterday)."""
    alpha = publish("alpha", lessons=2)
    beta = publish("beta", order=2)
    return new_cohort("Almaty workshop", [(alpha, None), (beta, yesterday())]), alpha, beta


def completion(user: User, module: Module, score: float | None = 80.0, at: datetime = COMPLETED_AT) -> Completion:
    """`user` completed the current version of `module`."""
    return Completion(
        user_id=user.id, module_id=module.id, version_id=module.current_version_id, score=score, completed_at=at
    )


def lesson_read(user: User, module: Module, lesson_slug: str = "01-intro") -> LessonRead:
    """`user` read one lesson of the current version of `module`."""
    return LessonRead(
        user_id=user.id, module_id=module.id, lesson_slug=lesson_slug, version_id=module.current_version_id
    )


def module_by_slug(slug: str) -> Module:
    """The published module `slug`."""
    return db.session.scalar(sa.select(Module).where(Module.slug == slug))


def quiz_of(module: Module) -> Assessment:
    """The quiz of the current version of `module`."""
    return db.session.scalar(
        sa.select(Assessment).where(Assessment.version_id == module.current_version_id, Assessment.kind == "quiz")
    )


def submitted_attempt(user: User, module: Module, score: float, at: datetime, number: int = 1) -> Attempt:
    """A graded attempt at the quiz of `module` that drew both questions of `write_module`'s quiz."""
    return Attempt(
        user_id=user.id,
        module_id=module.id,
        assessment_id=quiz_of(module).id,
        number=number,
        question_slugs=["pillars", "jpoa"],
        seed="s",
        submitted_at=at,
        score=score,
        is_passed=score >= 70,
    )


def code_rows(response: Any) -> list[dict[str, str]]:
    """The "codes" sheet of an XLSX export as one dict per row by column key, values as text ("" for empty)."""
    assert response.status_code == 200, response.status_code
    keys, *rows = load_workbook(io.BytesIO(response.data))["codes"].iter_rows(values_only=True)
    return [{key: "" if value is None else str(value) for key, value in zip(keys, row, strict=True)} for row in rows]


def csv_table(response: Any) -> list[list[str]]:
    """A CSV export as rows of text, after checking it starts with the UTF-8 byte-order mark."""
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
