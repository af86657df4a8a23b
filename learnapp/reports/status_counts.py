"""The observer's completion matrix: per module of a cohort, how many filtered trainees are in each state; no names.

The states come from the very rule and reads the coordinator's matrix uses (`report_rules.matrix_cell` over
`queries.member_activity`), so the counts always add up to the coordinator's rows. Counts of one to four people are
shown as "<5" (as in the module summary); a zero is shown, since it singles nobody out. The states of a row add up
to its enrolled count, so when a hidden count could be worked out from the others, further counts are withheld
(`domain.suppression`, secondary suppression), and the completion rate with them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from learnapp.domain.report_rules import SUPPRESSED, CellState, matrix_cell, suppressed_rate
from learnapp.domain.suppression import WITHHELD, Hidden, suppress_line
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


def _shown(count: int, reason: Hidden | None) -> int | str:
    if reason is None:
        return count
    return SUPPRESSED if reason is Hidden.SMALL else WITHHELD


def status_counts_table(rows: list[ModuleCounts], language: str) -> ReportTable:
    """One row per module: enrolled, each state and the completion rate.

    "<5" for one to four people, and `WITHHELD` for the counts hidden so that a "<5" cannot be worked out from the
    others and the enrolled count.
    """
    table = ReportTable(_columns())
    completed_at = STATES.index(CellState.COMPLETED)
    for row in rows:
        parts = [row.states[state] for state in STATES]
        hidden = suppress_line(parts, row.enrolled)
        counts: list[Any] = [
            _shown(row.enrolled, hidden.total),
            *(_shown(count, reason) for count, reason in zip(parts, hidden.parts, strict=True)),
        ]
        completion_rate = (
            WITHHELD
            if hidden.total is Hidden.WITHHELD or hidden.parts[completed_at] is Hidden.WITHHELD
            else suppressed_rate(parts[completed_at], row.enrolled)
        )
        table.rows.append([module_title(row.module, language), *counts, completion_rate])
    return table
