"""Report rules: matrix cell states, small-cell suppression, formula escaping, median and rates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from learnapp.domain.profiles import Role
from learnapp.domain.report_rules import (
    CellState,
    CohortReach,
    ModuleActivity,
    matrix_cell,
    mean,
    median,
    rate,
    report_scope,
    safe_cell,
    suppress,
)

TODAY = date(2026, 4, 10)
YESTERDAY = date(2026, 4, 9)


def activity(**changes) -> ModuleActivity:
    values = {"lessons_total": 2, "lessons_read": 0, "needs_lessons": True, "needs_quiz": True}
    return ModuleActivity(**(values | changes))


def test_nothing_done_is_not_started_with_zero_percent():
    cell = matrix_cell(activity(), None, TODAY)
    assert (cell.state, cell.percent) == (CellState.NOT_STARTED, 0)


def test_one_of_two_lessons_and_a_quiz_is_in_progress_at_33_percent():
    cell = matrix_cell(activity(lessons_read=1), None, TODAY)
    assert (cell.state, cell.percent) == (CellState.IN_PROGRESS, 33)


def test_an_attempt_alone_starts_a_module():
    assert matrix_cell(activity(attempts=1), None, TODAY).state is CellState.IN_PROGRESS


def test_all_steps_done_but_not_recorded_complete_stays_below_100():
    cell = matrix_cell(activity(lessons_read=2, attempts=1, is_quiz_passed=True), None, TODAY)
    assert (cell.state, cell.percent) == (CellState.IN_PROGRESS, 99)


def test_completed_carries_score_and_date_even_after_the_due_date():
    done_at = datetime(2026, 4, 1, 12, tzinfo=UTC)
    cell = matrix_cell(activity(completed_at=done_at, score=85.0), YESTERDAY, TODAY)
    assert (cell.state, cell.percent, cell.score, cell.completed_on) == (
        CellState.COMPLETED,
        100,
        85.0,
        date(2026, 4, 1),
    )


def test_past_due_and_not_completed_is_overdue_with_its_progress():
    cell = matrix_cell(activity(lessons_read=1), YESTERDAY, TODAY)
    assert (cell.state, cell.percent) == (CellState.OVERDUE, 33)


def test_due_today_is_not_yet_overdue():
    assert matrix_cell(activity(), TODAY, TODAY).state is CellState.NOT_STARTED


def test_lessons_only_module_counts_lessons_only():
    cell = matrix_cell(activity(lessons_read=1, needs_quiz=False), None, TODAY)
    assert cell.percent == 50


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_groups_under_five_are_suppressed(count, shown):
    assert suppress(count) == shown


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\r=1+1 name", "\n=1+1 name", '=HYPERLINK("http://x")']
)
def test_text_starting_like_a_formula_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Org A", "a=b", "", 5, -3, 2.5, None])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) == value


def test_median_mean_and_rate():
    assert median([]) is None
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert mean([]) is None
    assert mean([50.0, 100.0]) == 75.0
    assert rate(1, 3) == 33.3
    assert rate(1, 0) is None


def test_each_role_reads_reports_within_its_scope():
    coordinator = report_scope(Role.COORDINATOR)
    assert (coordinator.reach, coordinator.shows_names, coordinator.is_suppressed) == (
        CohortReach.COORDINATED,
        True,
        False,
    )
    observer = report_scope(Role.OBSERVER)
    assert (observer.reach, observer.shows_names, observer.is_suppressed) == (CohortReach.ALL, False, True)
    assert report_scope(Role.ADMIN).shows_names and report_scope(Role.ADMIN).reach is CohortReach.ALL
    assert not report_scope(Role.TRAINER).lists_cohorts and not report_scope(Role.TRAINER).shows_names
    assert report_scope(Role.TRAINEE).reach is CohortReach.NONE


def test_every_role_has_a_report_scope():
    assert all(report_scope(role) for role in Role)
