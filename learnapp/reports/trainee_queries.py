"""One trainee of a cohort: their modules and quiz attempts (never their reflections)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from learnapp.domain.report_rules import matrix_cell
from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, CohortModule, Enrolment, Module, ModuleVersion, User
from learnapp.reports.queries import ModuleColumn, TraineeFilters, TraineeRow, cohort_activity
from learnapp.reports.tables import Column, ReportTable, module_title


@dataclass(frozen=True)
class AttemptRow:
    """A submitted quiz attempt of the trainee."""

    module_slug: str
    module_titles: dict[str, str]
    number: int
    submitted_at: datetime | None
    score: float | None
    is_passed: bool | None
    id: int = 0


def enrolled_trainee(cohort_id: int, user_id: int) -> TraineeRow | None:
    """The trainee if enrolled in the cohort, else None."""
    query = (
        sa.select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, User.id == user_id)
    )
    user = db.session.scalar(query)
    if user is None:
        return None
    return TraineeRow(
        user.id, user.full_name, user.email, user.country, user.organisation, user.stakeholder_group, user.gender
    )


def trainee_attempts(cohort_id: int, user_id: int) -> list[AttemptRow]:
    """The trainee's submitted quiz attempts in the cohort's modules since their enrolment, in the curriculum's order.

    Attempts made before the enrolment (in another cohort, say) stay out of this cohort's coordinators' sight.
    """
    query = (
        sa.select(Module.slug, ModuleVersion.title, Attempt.number, Attempt.submitted_at, Attempt.score)
        .add_columns(Attempt.is_passed, Attempt.id)
        .join(Module, Module.id == Attempt.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .join(CohortModule, sa.and_(CohortModule.module_id == Attempt.module_id, CohortModule.cohort_id == cohort_id))
        .join(Enrolment, sa.and_(Enrolment.user_id == Attempt.user_id, Enrolment.cohort_id == cohort_id))
        .where(
            Attempt.user_id == user_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
            Attempt.started_at >= Enrolment.enrolled_at,
        )
        .order_by(ModuleVersion.position, Module.slug, Attempt.number)
    )
    return [AttemptRow(*row) for row in db.session.execute(query)]


def modules_table(
    cohort_id: int, trainee: TraineeRow, modules: list[ModuleColumn], language: str, today: date
) -> ReportTable:
    """One row per module of the cohort: status, progress, score and completion date."""
    table = ReportTable(
        [
            Column("module", str(_l("Module"))),
            Column("status", str(_l("Status"))),
            Column("percent", str(_l("Progress %"))),
            Column("score", str(_l("Score %"))),
            Column("completed_on", str(_l("Completed on"))),
        ]
    )
    activity = cohort_activity(cohort_id, TraineeFilters(), modules, [trainee])
    for module in modules:
        cell = matrix_cell(activity[trainee.user_id, module.module_id], module.due_on, today)
        score = round(cell.score, 1) if cell.score is not None else None
        table.rows.append([module_title(module, language), cell.state, cell.percent, score, cell.completed_on])
    return table


def attempts_table(attempts: list[AttemptRow], language: str) -> ReportTable:
    """The trainee's attempts as a table: module, attempt number, submission date, score and whether passed."""
    table = ReportTable(
        [
            Column("module", str(_l("Module"))),
            Column("number", str(_l("Attempt"))),
            Column("submitted_at", str(_l("Submitted at"))),
            Column("score", str(_l("Score %"))),
            Column("passed", str(_l("Passed"))),
        ]
    )
    for row in attempts:
        passed = None if row.is_passed is None else str(_l("Yes") if row.is_passed else _l("No"))
        score = round(row.score, 1) if row.score is not None else None
        title = row.module_titles.get(language) or next(iter(row.module_titles.values()), row.module_slug)
        table.rows.append([title, row.number, row.submitted_at, score, passed])
    return table
