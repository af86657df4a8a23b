"""Reports as tables: one list of columns and rows, shown on screen and written to CSV and XLSX alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from learnapp.domain.cohort_outcome import Outcome, cohort_standing
from learnapp.domain.report_rules import (
    SUPPRESSED,
    CellState,
    is_small_group,
    matrix_cell,
    rate,
    suppress,
    suppressed_rate,
)
from learnapp.labels import COHORT_OUTCOME_LABELS, COUNTRY_LABELS, GENDER_LABELS, STAKEHOLDER_LABELS
from learnapp.models import Cohort
from learnapp.reports.gain_queries import GainRow
from learnapp.reports.group_queries import GroupCompletionRow
from learnapp.reports.queries import (
    ModuleColumn,
    TraineeFilters,
    TraineeRow,
    cohort_activity,
    cohort_trainees,
    sessions_attended,
)
from learnapp.reports.summary_queries import SummaryRow

CELL_LABELS: dict[str, Any] = {
    CellState.NOT_STARTED: _l("Not started"),
    CellState.IN_PROGRESS: _l("In progress"),
    CellState.COMPLETED: _l("Completed"),
    CellState.OVERDUE: _l("Overdue"),
}

# Each module adds these four columns, in this order (docs/reports.md).
MODULE_FIELDS: tuple[tuple[str, Any], ...] = (
    ("status", _l("status")),
    ("percent", _l("progress %")),
    ("score", _l("score %")),
    ("completed_on", _l("completed on")),
)


@dataclass(frozen=True)
class Column:
    """A column: a stable key for the exports' schema and a translated header."""

    key: str
    header: str
    group: str = ""


@dataclass
class ReportTable:
    """Columns and rows of plain values (text, numbers, dates, None); `kinds` marks status columns."""

    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them: statuses and codes translated, dates in the reader's locale.

        A matrix repeats a few statuses and dates over thousands of cells: each is translated or formatted once.
        """
        shown: dict[tuple[type, Any], str] = {}

        def display(value: Any) -> str:
            if not isinstance(value, CellState | Outcome | date):
                return _display(value)
            key = (type(value), value)
            if key not in shown:
                shown[key] = _display(value)
            return shown[key]

        return [[display(value) for value in row] for row in self.rows]


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, CellState):
        return str(CELL_LABELS[value])
    if isinstance(value, Outcome):
        return str(COHORT_OUTCOME_LABELS[value])
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return str(value)
    return str(value)


def module_title(module: ModuleColumn, language: str) -> str:
    """A module's title in `language`, else in any language it has, else its slug."""
    return module.titles.get(language) or next(iter(module.titles.values()), module.slug)


def _person_columns() -> list[Column]:
    return [
        Column("name", str(_l("Name"))),
        Column("email", str(_l("Email"))),
        Column("country", str(_l("Country"))),
        Column("organisation", str(_l("Organisation"))),
        Column("stakeholder_group", str(_l("Stakeholder group"))),
        Column("gender", str(_l("Gender"))),
    ]


def _cohort_columns() -> list[Column]:
    """Where a trainee stands in the cohort as a whole, before the module columns (docs/reports.md)."""
    return [
        Column("cohort_status", str(_l("Cohort status"))),
        Column("sessions_attended", str(_l("Sessions attended"))),
    ]


def _person_cells(trainee: TraineeRow) -> list[Any]:
    return [
        trainee.full_name,
        trainee.email,
        str(COUNTRY_LABELS.get(trainee.country, trainee.country)),
        trainee.organisation,
        str(STAKEHOLDER_LABELS.get(trainee.stakeholder_group, trainee.stakeholder_group)),
        str(GENDER_LABELS.get(trainee.gender or "", "")),
    ]


def completion_matrix(
    cohort: Cohort, modules: list[ModuleColumn], filters: TraineeFilters, language: str, today: date
) -> ReportTable:
    """Trainees × modules of a cohort: where each stands in the cohort, then every cell's state, progress, score, date.

    The cohort status applies the cohort's rule (every required module, and its in-person sessions when blended).
    """
    columns = [*_person_columns(), *_cohort_columns()]
    for module in modules:
        title = module_title(module, language)
        columns += [Column(f"{module.slug}.{key}", f"{title}: {label}", title) for key, label in MODULE_FIELDS]
    table = ReportTable(columns)
    trainees = cohort_trainees(cohort.id, filters)
    activity = cohort_activity(cohort.id, filters, modules, trainees)
    attended = sessions_attended(cohort.id, filters)
    required = [module.module_id for module in modules if module.is_required]
    assigned = [module.module_id for module in modules]
    for trainee in trainees:
        cells = [matrix_cell(activity[trainee.user_id, module.module_id], module.due_on, today) for module in modules]
        completed = [m for m, cell in zip(assigned, cells, strict=True) if cell.state is CellState.COMPLETED]
        sessions = attended.get(trainee.user_id, 0)
        standing = cohort_standing(required, assigned, completed, cohort.required_sessions, sessions)
        row = [*_person_cells(trainee), standing.outcome, sessions]
        for cell in cells:
            row += [cell.state, cell.percent, _rounded(cell.score), cell.completed_on]
        table.rows.append(row)
    return table


def _summary_columns() -> list[Column]:
    return [
        Column("cohort", str(_l("Cohort"))),
        Column("module", str(_l("Module"))),
        Column("enrolled", str(_l("Enrolled"))),
        Column("started", str(_l("Started"))),
        Column("completed", str(_l("Completed"))),
        Column("completion_rate", str(_l("Completion rate %"))),
        Column("median_best_score", str(_l("Median best score %"))),
        Column("mean_best_score", str(_l("Mean best score %"))),
        Column("median_days_to_complete", str(_l("Median days to complete"))),
    ]


def module_summary_table(
    rows: list[SummaryRow], titles: dict[int, dict[str, str]], language: str, is_suppressed: bool
) -> ReportTable:
    """Module summary per cohort, then across them ("All cohorts"); for observers small groups are "<5"."""
    table = ReportTable(_summary_columns())
    for row in rows:
        module_titles = titles.get(row.module_id, {})
        title = module_titles.get(language) or next(iter(module_titles.values()), row.module_slug)
        cohort = row.cohort_name if row.cohort_id is not None else str(_l("All cohorts"))
        counts: list[Any] = [row.enrolled, row.started, row.completed]
        scores: list[Any] = [_rounded(row.median_best), _rounded(row.mean_best)]
        days: float | str | None = _rounded(row.median_days)
        if is_suppressed:
            counts = [suppress(count) for count in counts]
            scores = [SUPPRESSED if is_small_group(row.scored) else value for value in scores]
            days = SUPPRESSED if is_small_group(row.completed) else days
            completion_rate = suppressed_rate(row.completed, row.enrolled)
        else:
            completion_rate = rate(row.completed, row.enrolled)
        table.rows.append([cohort, title, *counts, completion_rate, *scores, days])
    return table


def summary_chart_bars(rows: list[SummaryRow], table: ReportTable) -> list[tuple[str, Any]]:
    """The chart of the module summary: each module's completion rate across cohorts, one bar per module.

    Not one bar per cohort and module: with fifty cohorts that would be thousands of bars; the table has them all.
    """
    module, completion_rate = 1, 5
    shown = zip(rows, table.rows, strict=True)
    return [(cells[module], cells[completion_rate]) for row, cells in shown if row.cohort_id is None]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


GROUP_HEADERS: dict[str, Any] = {
    "cohort": _l("Cohort"),
    "country": _l("Country"),
    "stakeholder_group": _l("Stakeholder group"),
    "gender": _l("Gender"),
}
GROUP_LABELS: dict[str, dict[str, Any]] = {
    "country": COUNTRY_LABELS,
    "stakeholder_group": STAKEHOLDER_LABELS,
    "gender": GENDER_LABELS,
}


def knowledge_gain_table(rows: list[GainRow], grouping: str, is_suppressed: bool) -> ReportTable:
    """Mean pre-test, post-test, gain and normalised gain per group; "<5" for observers' small groups."""
    table = ReportTable(
        [
            Column(grouping, str(GROUP_HEADERS[grouping])),
            Column("trainees", str(_l("Trainees with both tests"))),
            Column("mean_pre", str(_l("Mean pre-test %"))),
            Column("mean_post", str(_l("Mean post-test %"))),
            Column("mean_gain", str(_l("Mean gain (points)"))),
            Column("mean_normalised_gain", str(_l("Mean normalised gain"))),
        ]
    )
    labels = GROUP_LABELS.get(grouping, {})
    for row in rows:
        figures: list[Any] = [_rounded(row.mean_pre), _rounded(row.mean_post), _rounded(row.mean_gain)]
        figures.append(None if row.mean_normalised is None else round(row.mean_normalised, 3))
        if is_suppressed and is_small_group(row.trainees):
            figures = [SUPPRESSED] * len(figures)
        count = suppress(row.trainees) if is_suppressed else row.trainees
        table.rows.append([str(labels.get(row.key, row.key)), count, *figures])
    return table


COMPLETION_CHART_TITLES: dict[str, Any] = {
    "country": _l("Completion rate by country (%)"),
    "stakeholder_group": _l("Completion rate by stakeholder group (%)"),
    "gender": _l("Completion rate by gender (%)"),
}


def _group_order(labels: dict[str, Any]) -> Any:
    """Groups in the order of their label table (countries as the programme lists them), "not stated" last."""
    positions = {code: position for position, code in enumerate(labels)}
    return lambda row: (row.key == "", positions.get(row.key, len(positions)), row.key)


def completion_by_group_table(rows: list[GroupCompletionRow], grouping: str, is_suppressed: bool) -> ReportTable:
    """Trainees, assignments, completions and rate per group; for observers small groups and counts under 5 "<5"."""
    table = ReportTable(
        [
            Column(grouping, str(GROUP_HEADERS[grouping])),
            Column("trainees", str(_l("Trainees enrolled"))),
            Column("assignments", str(_l("Module assignments"))),
            Column("completed", str(_l("Completed assignments"))),
            Column("completion_rate", str(_l("Completion rate %"))),
            Column("completed_all_required", str(_l("Trainees who completed all required modules"))),
        ]
    )
    labels = GROUP_LABELS[grouping]
    for row in sorted(rows, key=_group_order(labels)):
        figures: list[Any] = [row.trainees, row.assignments, row.completed, rate(row.completed, row.assignments)]
        figures.append(row.completed_all_required)
        if is_suppressed and is_small_group(row.trainees):
            figures = [SUPPRESSED] * len(figures)
        elif is_suppressed:
            rate_shown = suppressed_rate(row.completed, row.assignments)
            figures = [suppress(figures[0]), figures[1], suppress(figures[2]), rate_shown, suppress(figures[4])]
        table.rows.append([str(labels.get(row.key, row.key)), *figures])
    return table
