"""The observer's completion matrix: per module of a cohort, how many filtered trainees are in each state; no names.

The states come from the very rule and reads the coordinator's matrix uses (`report_rules.matrix_cell` over
`queries.member_activity`), so the counts always add up to the coordinator's rows. Counts of one to four people are
shown as "<5" (`report_rules.suppress`, as in the module summary); a zero is shown, since it singles nobody out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from learnapp.domain.report_rules import CellState, matrix_cell, suppress, suppressed_rate
from learnapp.reports.queries import ModuleColumn, TraineeFilters, cohort_member_ids, member_activity
from learnapp.reports.tables import CELL_LABELS, Column, ReportTable, module_title

STATES = (CellState.NOT_STARTED, CellState.IN_PROGRESS, CellState.COMPLETED, CellState.OVERDUE)


@dataclass(frozen=True)
class ModuleCounts:
    """How many of a cohort's filtered trainees are in each state of one module."""

    module: ModuleColumn
    enrolled: int
    states: dict[CellState, int]


def module_status_counts(
    cohort_id: int, modules: list[ModuleColumn], filters: TraineeFilters, today: date
) -> list[ModuleCounts]:
    """The state counts of every module of the cohort, in four statements whatever the cohort's size."""
    user_ids = cohort_member_ids(cohort_id, filters)
    activity = member_activity(cohort_id, filters, modules, user_ids)
    counts = []
    for module in modules:
        states = Counter(
            matrix_cell(activity[user_id, module.module_id], module.due_on, today).state for user_id in user_ids
        )
        counts.append(ModuleCounts(module, len(user_ids), {state: states[state] for state in STATES}))
    return counts


def _columns() -> list[Column]:
    return [
        Column("module", str(_l("Module"))),
        Column("enrolled", str(_l("Enrolled"))),
        *(Column(state.value, str(CELL_LABELS[state])) for state in STATES),
        Column("completion_rate", str(_l("Completion rate %"))),
    ]


def status_counts_table(rows: list[ModuleCounts], language: str) -> ReportTable:
    """One row per module: enrolled, each state and the completion rate, with "<5" for one to four people."""
    table = ReportTable(_columns())
    for row in rows:
        counts: list[Any] = [suppress(row.enrolled), *(suppress(row.states[state]) for state in STATES)]
        completed = row.states[CellState.COMPLETED]
        table.rows.append([module_title(row.module, language), *counts, suppressed_rate(completed, row.enrolled)])
    return table
