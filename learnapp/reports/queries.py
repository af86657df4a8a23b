"""Reads for the reports: aggregates grouped in the database, a fixed number of statements per report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa

from learnapp.domain.content import CompletionRule
from learnapp.domain.profiles import COUNTRIES, Gender, StakeholderGroup
from learnapp.domain.report_rules import ModuleActivity
from learnapp.extensions import db
from learnapp.labels import COUNTRY_LABELS, GENDER_LABELS, STAKEHOLDER_LABELS
from learnapp.models import (
    Assessment,
    Attempt,
    Attendance,
    AuditEvent,
    CohortModule,
    CohortSession,
    Completion,
    Enrolment,
    Lesson,
    LessonRead,
    Module,
    ModuleVersion,
    User,
)

NO_GENDER = "none"
SelectT = TypeVar("SelectT", bound=sa.Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class TraineeFilters:
    """The trainee filters of a report; empty strings mean "all". Gender "none" means "did not say"."""

    country: str = ""
    organisation: str = ""
    stakeholder_group: str = ""
    gender: str = ""

    @classmethod
    def from_args(cls, args: Any) -> TraineeFilters:
        """Read the filters from query arguments, dropping unknown codes."""
        country = args.get("country", "")
        group = args.get("stakeholder_group", "")
        gender = args.get("gender", "")
        return cls(
            country=country if country in COUNTRIES else "",
            organisation=args.get("organisation", "").strip()[:200],
            stakeholder_group=group if group in list(StakeholderGroup) else "",
            gender=gender if gender in [*Gender, NO_GENDER] else "",
        )

    def as_dict(self) -> dict[str, str]:
        """The filters that are set, for URLs and the audit log."""
        return {name: value for name, value in asdict(self).items() if value}

    def apply(self, query: SelectT) -> SelectT:
        """Restrict a query that joins `User` to the trainees these filters keep."""
        if self.country:
            query = query.where(User.country == self.country)
        if self.organisation:
            query = query.where(User.organisation == self.organisation)
        if self.stakeholder_group:
            query = query.where(User.stakeholder_group == self.stakeholder_group)
        if self.gender == NO_GENDER:
            query = query.where(User.gender.is_(None))
        elif self.gender:
            query = query.where(User.gender == self.gender)
        return query


def filter_choices() -> dict[str, Any]:
    """The choices of the report filters, by template argument; gender "none" stands for "did not say"."""
    return {
        "country_labels": COUNTRY_LABELS,
        "group_labels": STAKEHOLDER_LABELS,
        "gender_labels": {code or NO_GENDER: label for code, label in GENDER_LABELS.items()},
    }


@dataclass(frozen=True)
class ModuleColumn:
    """A module of a cohort, as a column of the matrix."""

    module_id: int
    slug: str
    titles: dict[str, str]
    due_on: date | None
    lessons_total: int
    needs_lessons: bool
    needs_quiz: bool
    is_required: bool


@dataclass(frozen=True)
class TraineeRow:
    """A trainee of a cohort, as a row of the matrix."""

    user_id: int
    full_name: str
    email: str
    country: str
    organisation: str
    stakeholder_group: str
    gender: str | None


def cohort_modules(cohort_id: int) -> list[ModuleColumn]:
    """The cohort's modules in the curriculum's order, with lesson counts and whether the current version has a quiz."""
    lessons = (
        sa.select(sa.func.count(Lesson.id)).where(Lesson.version_id == Module.current_version_id).scalar_subquery()
    )
    quizzes = (
        sa.select(sa.func.count(Assessment.id))
        .where(Assessment.version_id == Module.current_version_id, Assessment.kind == "quiz")
        .scalar_subquery()
    )
    query = (
        sa.select(Module.id, Module.slug, ModuleVersion.title, CohortModule.due_on, ModuleVersion.completion)
        .add_columns(lessons, quizzes, CohortModule.is_required)
        .join(Module, Module.id == CohortModule.module_id)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(CohortModule.cohort_id == cohort_id)
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [
        ModuleColumn(
            module_id,
            slug,
            title,
            due_on,
            lesson_count,
            rule != CompletionRule.QUIZ,
            rule != CompletionRule.LESSONS and quiz_count > 0,
            is_required,
        )
        for module_id, slug, title, due_on, rule, lesson_count, quiz_count, is_required in db.session.execute(query)
    ]


def _member_ids(cohort_id: int, filters: TraineeFilters) -> sa.Select[Any]:
    query = sa.select(Enrolment.user_id).join(User, User.id == Enrolment.user_id)
    return filters.apply(query.where(Enrolment.cohort_id == cohort_id))


def cohort_trainees(cohort_id: int, filters: TraineeFilters) -> list[TraineeRow]:
    """The enrolled people the filters keep, by name."""
    query = (
        sa.select(
            User.id, User.full_name, User.email, User.country, User.organisation, User.stakeholder_group, User.gender
        )
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id)
        .order_by(User.full_name, User.id)
    )
    return [TraineeRow(*row) for row in db.session.execute(filters.apply(query))]


def cohort_organisations(cohort_id: int) -> list[str]:
    """The organisations of a cohort's trainees, for the filter."""
    query = (
        sa.select(User.organisation)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, User.organisation != "")
        .distinct()
        .order_by(User.organisation)
    )
    return list(db.session.scalars(query))


def _since_enrolment(cohort_id: int, user_id: Any, moment: Any) -> Any:
    """The join condition keeping a member's activity on or after their enrolment in the cohort.

    A coordinator sees what a person did for their cohort, not what an existing account did before, in another
    cohort or on its own (finding F4 of the December 2026 security test).
    """
    return sa.and_(Enrolment.user_id == user_id, Enrolment.cohort_id == cohort_id, moment >= Enrolment.enrolled_at)


def _lesson_reads(cohort_id: int, members: sa.Select[Any]) -> dict[tuple[int, int], int]:
    """Lessons of each module's current version read since the enrolment, by (user, module).

    This and the next two run on the session's connection (Core rows, without the ORM's per-row work): a cohort
    of 200 trainees gives 6,000 rows each, and the ORM's result handling cost a third of what SQLite took for them.
    """
    query = (
        sa.select(LessonRead.user_id, LessonRead.module_id, sa.func.count(sa.distinct(LessonRead.lesson_slug)))
        .join(Enrolment, _since_enrolment(cohort_id, LessonRead.user_id, LessonRead.read_at))
        .join(CohortModule, CohortModule.module_id == LessonRead.module_id)
        .join(Module, Module.id == LessonRead.module_id)
        .join(Lesson, sa.and_(Lesson.version_id == Module.current_version_id, Lesson.slug == LessonRead.lesson_slug))
        .where(CohortModule.cohort_id == cohort_id, LessonRead.user_id.in_(members))
        .group_by(LessonRead.user_id, LessonRead.module_id)
    )
    return {(user_id, module_id): count for user_id, module_id, count in db.session.connection().execute(query)}


def _quiz_attempts(cohort_id: int, members: sa.Select[Any]) -> dict[tuple[int, int], tuple[int, bool]]:
    """Submitted quiz attempts started since the enrolment and whether one passed, by (user, module)."""
    passed = sa.func.max(sa.case((Attempt.is_passed.is_(True), 1), else_=0))
    query = (
        sa.select(Attempt.user_id, Attempt.module_id, sa.func.count(Attempt.id), passed)
        .join(Enrolment, _since_enrolment(cohort_id, Attempt.user_id, Attempt.started_at))
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .join(CohortModule, CohortModule.module_id == Attempt.module_id)
        .where(
            CohortModule.cohort_id == cohort_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
            Attempt.user_id.in_(members),
        )
        .group_by(Attempt.user_id, Attempt.module_id)
    )
    return {(user, module): (count, bool(ok)) for user, module, count, ok in db.session.connection().execute(query)}


def _completions(cohort_id: int, members: sa.Select[Any]) -> dict[tuple[int, int], tuple[datetime, float | None]]:
    """Completions since the enrolment, with their date and score, by (user, module)."""
    query = (
        sa.select(Completion.user_id, Completion.module_id, Completion.completed_at, Completion.score)
        .join(Enrolment, _since_enrolment(cohort_id, Completion.user_id, Completion.completed_at))
        .join(CohortModule, CohortModule.module_id == Completion.module_id)
        .where(CohortModule.cohort_id == cohort_id, Completion.user_id.in_(members))
    )
    return {(user, module): (at, score) for user, module, at, score in db.session.connection().execute(query)}


def sessions_attended(cohort_id: int, filters: TraineeFilters) -> dict[int, int]:
    """How many of the cohort's in-person sessions each filtered trainee attended, by user (absent when none)."""
    query = (
        sa.select(Attendance.user_id, sa.func.count(Attendance.id))
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(
            CohortSession.cohort_id == cohort_id,
            Attendance.is_present.is_(True),
            Attendance.user_id.in_(_member_ids(cohort_id, filters)),
        )
        .group_by(Attendance.user_id)
    )
    return {user_id: count for user_id, count in db.session.execute(query)}


def cohort_member_ids(cohort_id: int, filters: TraineeFilters) -> list[int]:
    """The ids of the enrolled people the filters keep, without any name (for aggregate reports)."""
    return list(db.session.scalars(_member_ids(cohort_id, filters)))


def cohort_activity(
    cohort_id: int, filters: TraineeFilters, modules: list[ModuleColumn], trainees: list[TraineeRow]
) -> dict[tuple[int, int], ModuleActivity]:
    """Each filtered trainee's activity in each module of the cohort, in three grouped statements."""
    return member_activity(cohort_id, filters, modules, [trainee.user_id for trainee in trainees])


def member_activity(
    cohort_id: int, filters: TraineeFilters, modules: list[ModuleColumn], user_ids: list[int]
) -> dict[tuple[int, int], ModuleActivity]:
    """The activity of each of `user_ids` (filtered members) in each module of the cohort, in three statements.

    The statements read only those members: one trainee's detail page must not aggregate the whole cohort.
    """
    members = _member_ids(cohort_id, filters).where(Enrolment.user_id.in_(user_ids))
    reads = _lesson_reads(cohort_id, members)
    attempts = _quiz_attempts(cohort_id, members)
    completions = _completions(cohort_id, members)
    # A pair with nothing recorded shares its module's one idle activity (most cells of a new cohort).
    idle = {
        module.module_id: ModuleActivity(module.lessons_total, 0, module.needs_lessons, module.needs_quiz)
        for module in modules
    }
    activity = {}
    for user_id in user_ids:
        for module in modules:
            key = (user_id, module.module_id)
            if key not in reads and key not in attempts and key not in completions:
                activity[key] = idle[module.module_id]
                continue
            attempt_count, is_passed = attempts.get(key, (0, False))
            completed_at, score = completions.get(key, (None, None))
            activity[key] = ModuleActivity(
                lessons_total=module.lessons_total,
                lessons_read=reads.get(key, 0),
                needs_lessons=module.needs_lessons,
                needs_quiz=module.needs_quiz,
                attempts=attempt_count,
                is_quiz_passed=is_passed,
                completed_at=completed_at,
                score=score,
            )
    return activity


def audit_page(page: int, per_page: int = 50) -> tuple[list[tuple[Any, str | None]], int]:
    """A page of the audit log, newest first, with the email of who acted, and the number of events.

    The events are plain rows, not model instances: the view commits its own audit event before rendering, and
    the commit would expire instances, reloading each one with a statement of its own.
    """
    total = db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) or 0
    event: sa.orm.Bundle[Any] = sa.orm.Bundle(
        "event", AuditEvent.id, AuditEvent.created_at, AuditEvent.action, AuditEvent.target, AuditEvent.details
    )
    query = (
        sa.select(event, User.email)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return [(event, email) for event, email in db.session.execute(query)], total
