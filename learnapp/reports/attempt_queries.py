"""The trainee detail's other parts: the cohort's sessions with the trainee's attendance, and one attempt's result.

A coordinator sees grades, not answers (the privacy notice: "names, progress and grades"): an attempt's page shows
each question's text, whether it was answered right, partly, wrongly or not at all, and the points earned, never
what the trainee chose or typed. Only attempts the trainee detail lists can be opened: quiz attempts, submitted, in
the cohort's modules, since the enrolment (`trainee_queries.trainee_attempts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnapp.domain.attempt_rules import answer_status
from learnapp.domain.question_base import Grade
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    Attendance,
    CohortModule,
    CohortSession,
    Enrolment,
    ModuleVersion,
    Question,
    QuestionText,
)
from learnapp.reports.tables import Coded, Column, ReportTable

ATTENDANCE_LABELS = {"present": _l("Attended"), "absent": _l("Absent"), "not_recorded": _l("Not recorded")}
ANSWER_LABELS = {
    "correct": _l("Correct"),
    "partial": _l("Partly correct"),
    "incorrect": _l("Incorrect"),
    "unanswered": _l("Not answered"),
}


def sessions_table(cohort_id: int, user_id: int) -> ReportTable:
    """The cohort's in-person sessions in date order, each with the trainee present, absent or not recorded."""
    present = (
        sa.select(Attendance.is_present)
        .where(Attendance.session_id == CohortSession.id, Attendance.user_id == user_id)
        .limit(1)
        .scalar_subquery()
    )
    query = (
        sa.select(CohortSession.title, CohortSession.held_on, present)
        .where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.held_on.is_(None), CohortSession.held_on, CohortSession.id)
    )
    table = ReportTable(
        [
            Column("session", str(_l("Session"))),
            Column("held_on", str(_l("Date"))),
            Column("attendance", str(_l("Attendance"))),
        ]
    )
    for title, held_on, is_present in db.session.execute(query):
        code = "not_recorded" if is_present is None else "present" if is_present else "absent"
        table.rows.append([title, held_on, Coded(code, str(ATTENDANCE_LABELS[code]))])
    return table


@dataclass(frozen=True)
class AttemptResult:
    """A listed attempt of the trainee: which module version and quiz, its number, submission and score."""

    id: int
    assessment_id: int
    version_id: int
    default_language: str
    module_titles: dict[str, str]
    number: int
    submitted_at: datetime | None
    score: float | None
    is_passed: bool | None
    question_slugs: list[str]


def listed_attempt(cohort_id: int, user_id: int, attempt_id: int) -> AttemptResult | None:
    """The attempt if the trainee detail lists it (see the module docstring), else None."""
    query = (
        sa.select(
            Attempt.id,
            Attempt.assessment_id,
            ModuleVersion.id,
            ModuleVersion.default_language,
            ModuleVersion.title,
            Attempt.number,
            Attempt.submitted_at,
            Attempt.score,
            Attempt.is_passed,
            Attempt.question_slugs,
        )
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .join(ModuleVersion, ModuleVersion.id == Assessment.version_id)
        .join(CohortModule, sa.and_(CohortModule.module_id == Attempt.module_id, CohortModule.cohort_id == cohort_id))
        .join(Enrolment, sa.and_(Enrolment.user_id == Attempt.user_id, Enrolment.cohort_id == cohort_id))
        .where(
            Attempt.id == attempt_id,
            Attempt.user_id == user_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
            Attempt.started_at >= Enrolment.enrolled_at,
        )
    )
    row = db.session.execute(query).first()
    return AttemptResult(*tuple(row)) if row else None


def answers_table(attempt: AttemptResult, language: str) -> ReportTable:
    """One row per question the attempt drew, in its order: text, result and points (one statement)."""
    query = (
        sa.select(Question.slug, Question.points, QuestionText.language, QuestionText.text_html, AttemptAnswer.fraction)
        .join(QuestionText, QuestionText.question_id == Question.id)
        .outerjoin(
            AttemptAnswer,
            sa.and_(AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_slug == Question.slug),
        )
        .where(
            Question.assessment_id == attempt.assessment_id,
            Question.slug.in_(attempt.question_slugs),
            QuestionText.language.in_({language, attempt.default_language}),
        )
    )
    found: dict[str, tuple[float, str, float | None, bool]] = {}
    for slug, points, text_language, text_html, fraction in db.session.execute(query):
        if slug not in found or text_language == language:
            found[slug] = (points, Markup(text_html).striptags(), fraction, fraction is not None)
    table = ReportTable(
        [
            Column("number", str(_l("Question"))),
            Column("text", str(_l("Text"))),
            Column("result", str(_l("Result"))),
            Column("points", str(_l("Points"))),
        ]
    )
    for number, slug in enumerate(attempt.question_slugs, start=1):
        if slug in found:
            points, text, fraction, is_answered = found[slug]
            status = answer_status(Grade(fraction or 0.0, ()), is_answered)
            earned = round((fraction or 0.0) * points, 2)
            points_text = str(_l("%(earned)s of %(points)s", earned=_number(earned), points=_number(points)))
            table.rows.append([number, text, Coded(status, str(ANSWER_LABELS[status])), points_text])
    return table


def _number(value: float) -> str:
    return str(format_decimal(value, "#,##0.##"))
