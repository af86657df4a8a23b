"""Report rules over plain values: matrix cell states, small-cell suppression, spreadsheet-safe cells, statistics."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from learnapp.domain.cohort_outcome import is_overdue
from learnapp.domain.profiles import Role

SMALL_CELL = 5
SUPPRESSED = "<5"
# OWASP's CSV-injection list: a cell starting with one of these can be run as a formula (CR and LF included, F6).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class CellState(StrEnum):
    """Where a trainee stands in one module of a cohort."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ModuleActivity:
    """What the database knows about one trainee in one module."""

    lessons_total: int
    lessons_read: int
    needs_lessons: bool
    needs_quiz: bool
    attempts: int = 0
    is_quiz_passed: bool = False
    completed_at: datetime | None = None
    score: float | None = None


@dataclass(frozen=True)
class MatrixCell:
    """One cell of the completion matrix; `percent` is 100 when completed."""

    state: CellState
    percent: int
    score: float | None = None
    completed_on: date | None = None


def matrix_cell(activity: ModuleActivity, due_on: date | None, today: date) -> MatrixCell:
    """The state of a cell: completed, else overdue once the due date has passed, else in progress or not started."""
    if activity.completed_at is not None:
        return MatrixCell(CellState.COMPLETED, 100, activity.score, activity.completed_at.date())
    percent = progress_percent(activity)
    if is_overdue(due_on, today, is_completed=False):
        return MatrixCell(CellState.OVERDUE, percent)
    started = activity.lessons_read > 0 or activity.attempts > 0
    return MatrixCell(CellState.IN_PROGRESS if started else CellState.NOT_STARTED, percent)


def progress_percent(activity: ModuleActivity) -> int:
    """The share of the steps the completion rule asks for (each lesson, the quiz) that are done, rounded down."""
    steps = (activity.lessons_total if activity.needs_lessons else 0) + (1 if activity.needs_quiz else 0)
    done = (min(activity.lessons_read, activity.lessons_total) if activity.needs_lessons else 0) + (
        1 if activity.needs_quiz and activity.is_quiz_passed else 0
    )
    return min(100 * done // steps, 99) if steps else 0


def suppress(count: int) -> int | str:
    """A count of people, or "<5" when fewer than five (but some) would make a person identifiable."""
    return SUPPRESSED if 0 < count < SMALL_CELL else count


def is_small_group(count: int) -> bool:
    """True when a group is too small to report on without identifying someone."""
    return count < SMALL_CELL


def safe_cell(value: object) -> object:
    """Escape text a spreadsheet would run as a formula (it starts with = + - @, a tab, CR or LF) with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def median(values: Sequence[float]) -> float | None:
    """The median; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean; None for no values."""
    return math.fsum(values) / len(values) if values else None


def rate(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, to one decimal; None when `whole` is zero."""
    return round(100 * part / whole, 1) if whole else None


def suppressed_rate(part: int, whole: int) -> float | str | None:
    """`part` as a percentage of `whole` for readers who see aggregates only.

    "<5" when the group is one to four people (as `suppress`), and also when `part` is: with the group's size
    shown, the rate would otherwise give the hidden count back.
    """
    if 0 < whole < SMALL_CELL or 0 < part < SMALL_CELL:
        return SUPPRESSED
    return rate(part, whole)


class CohortReach(StrEnum):
    """Whose trainees a reader's reports cover."""

    NONE = "none"
    COORDINATED = "coordinated"
    ALL = "all"


@dataclass(frozen=True)
class ReportScope:
    """What a reader's reports may show, decided once from the reader's role.

    `reach`: the cohorts whose trainees the summaries count. `lists_cohorts`: the reports index offers each reachable
    cohort's matrix. `shows_names`: the matrix lists trainees by name (otherwise counts per module and state).
    `is_suppressed`: counts of one to four people are shown as "<5", so that nobody in a small group can be singled out.
    """

    reach: CohortReach
    lists_cohorts: bool
    shows_names: bool
    is_suppressed: bool


_SCOPES = {
    Role.ADMIN: ReportScope(CohortReach.ALL, lists_cohorts=True, shows_names=True, is_suppressed=False),
    Role.COORDINATOR: ReportScope(CohortReach.COORDINATED, lists_cohorts=True, shows_names=True, is_suppressed=False),
    Role.OBSERVER: ReportScope(CohortReach.ALL, lists_cohorts=True, shows_names=False, is_suppressed=True),
    Role.TRAINER: ReportScope(CohortReach.ALL, lists_cohorts=False, shows_names=False, is_suppressed=False),
    Role.TRAINEE: ReportScope(CohortReach.NONE, lists_cohorts=False, shows_names=False, is_suppressed=True),
}


def report_scope(role: Role) -> ReportScope:
    """The scope of every report a reader of `role` opens.

    Coordinators read their own cohorts, by name. Administrators read every cohort by name. Observers (donors,
    partner agencies) read every cohort as counts only, small groups suppressed. Trainers read the summaries and
    item analysis of every cohort, which hold no names; they have no cohort pages. Trainees read no reports.
    """
    return _SCOPES[role]
