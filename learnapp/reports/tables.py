"""Reports as tables: one list of columns and rows, shown on screen and written to CSV and XLSX alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l

from learnapp.domain.cohort_outcome import Outcome, cohort_standing
from learnapp.domain.report_rules import (
    SUPPRESSED,
    CellState,
    is_small_group,
    matrix_cell,
    rate,
    suppressed_rate,
)
from learnapp.domain.suppression import WITHHELD, Hidden, is_small, suppress_column, suppress_table
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
from learnapp.reports.summary_queries import ModuleHeading, SummaryRow

CELL_LABELS: dict[str, Any] = {
    CellState.NOT_STARTED: _l("Not started"),
    CellState.IN_PROGRESS: _l("In progress"),
    CellState.COMPLETED: _l("Completed"),
    CellState.OVERDUE: _l("Overdue"),
}
SUPPRESSED_LABEL = _l("fewer than 5 (hidden)")

# Each module adds these four columns, in this order (docs/reports.md).
MODULE_FIELDS: tuple[tuple[str, Any], ...] = (
    ("status", _l("status")),
    ("percent", _l("progress %")),
    ("score", _l("score %")),
    ("completed_on", _l("completed on")),
)


@dataclass(frozen=True)
class Coded:
    """A value shown as a label (a country's name) whose stable code (``KZ``) the "codes" sheet keeps."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    """A column of the files: a stable key for the "codes" sheet and a translated header.

    A page cell that shows several values (a module's status and score) is several columns sharing a `group`, the
    title of the page's column; `header` is then the part's own label, and the file's title joins the two.
    `short` is a short label a narrow page header shows instead of the full title (kept in its `abbr`).
    """

    key: str
    header: str
    group: str = ""
    short: str = ""

    @property
    def title(self) -> str:
        """The title in the files: the page's column title, then the part's label for a part of a page cell."""
        return f"{self.group}: {self.header}" if self.group else self.header


@dataclass(frozen=True)
class Heading:
    """A column as the page shows it: file columns `start` to `stop` (exclusive) under one title."""

    title: str
    short: str
    start: int
    stop: int


@dataclass
class ReportTable:
    """Columns and rows of plain values (text, numbers, dates, codes, None); `row_ids` are the rows' people, if any."""

    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    row_ids: list[int] = field(default_factory=list)
    _shown: list[list[str]] | None = field(default=None, init=False, repr=False, compare=False)

    def headings(self) -> list[Heading]:
        """The page's columns: consecutive columns of one group make one page column."""
        headings: list[Heading] = []
        for index, column in enumerate(self.columns):
            previous = headings[-1] if headings else None
            if column.group and previous is not None and previous.title == column.group:
                headings[-1] = Heading(previous.title, previous.short, previous.start, index + 1)
            else:
                headings.append(Heading(column.group or column.header, column.short, index, index + 1))
        return headings

    def has_withheld(self) -> bool:
        """True when a count is withheld by secondary suppression: the page then says what `WITHHELD` means."""
        return any(WITHHELD in row for row in self.rows)

    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them: statuses and codes translated, dates and numbers in the reader's locale.

        A matrix repeats a few statuses and dates over thousands of cells: each is translated or formatted once.
        The rows are formatted once per table (the page and its body markup both read them): build the rows first.
        """
        if self._shown is not None and len(self._shown) == len(self.rows):
            return self._shown
        shown: dict[tuple[type, Any], str] = {}  # by type too: 100 (a percent) and 100.0 (a score) differ

        def display(value: Any) -> str:
            key = (value.__class__, value)
            try:
                return shown[key]
            except KeyError:
                text = shown[key] = _display(value)
                return text
            except TypeError:  # an unhashable value (none today) is formatted each time
                return _display(value)

        self._shown = [[display(value) for value in row] for row in self.rows]
        return self._shown


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, CellState):
        return str(CELL_LABELS[value])
    if isinstance(value, Outcome):
        return str(COHORT_OUTCOME_LABELS[value])
    if isinstance(value, Coded):
        return value.text
    if isinstance(value, datetime):
        return format_datetime(value, "medium")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.0##")
    if value == SUPPRESSED:
        return str(SUPPRESSED_LABEL)
    return str(value)


def module_title(module: ModuleColumn, language: str) -> str:
    """A module's title in `language`, else in any language it has, else its slug."""
    return module.titles.get(language) or next(iter(module.titles.values()), module.slug)


SHORT_LABEL_LENGTH = 11


def short_label(title: str) -> str:
    """A title's first word, cut to fit a narrow column ("Prevention", "Дерадикали…"); the legend has the rest."""
    word = title.split()[0].strip(",.:;") if title.split() else title
    return word if len(word) <= SHORT_LABEL_LENGTH else word[: SHORT_LABEL_LENGTH - 1] + "…"


def _trainee_columns() -> list[Column]:
    """Who the trainee is: one page cell (name, email, organisation), then the country."""
    trainee = str(_l("Trainee"))
    return [
        Column("name", str(_l("name")), trainee),
        Column("email", str(_l("email")), trainee),
        Column("organisation", str(_l("organisation")), trainee),
        Column("country", str(_l("Country"))),
    ]


def _cohort_columns() -> list[Column]:
    """Where a trainee stands in the cohort as a whole, before the module columns (docs/reports.md)."""
    return [
        Column("cohort_status", str(_l("Cohort status"))),
        Column("sessions_attended", str(_l("Sessions attended"))),
    ]


def _trainee_cells(trainee: TraineeRow) -> list[Any]:
    return [
        trainee.full_name,
        trainee.email,
        trainee.organisation,
        Coded(trainee.country, str(COUNTRY_LABELS.get(trainee.country, trainee.country))),
    ]


def completion_matrix(
    cohort: Cohort, modules: list[ModuleColumn], filters: TraineeFilters, language: str, today: date
) -> ReportTable:
    """Trainees × modules of a cohort: where each stands in the cohort, then every cell's state, progress, score, date.

    The cohort status applies the cohort's rule (every required module, and its in-person sessions when blended).
    On the page each module is one compact cell; the files split it into its four values (docs/reports.md).
    """
    columns = [*_trainee_columns(), *_cohort_columns()]
    for module in modules:
        title = module_title(module, language)
        columns += [
            Column(f"{module.slug}.{key}", str(label), title, short_label(title)) for key, label in MODULE_FIELDS
        ]
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
        row = [*_trainee_cells(trainee), standing.outcome, sessions]
        for cell in cells:
            row += [cell.state, cell.percent, _rounded(cell.score), cell.completed_on]
        table.rows.append(row)
        table.row_ids.append(trainee.user_id)
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
    rows: list[SummaryRow], headings: dict[int, ModuleHeading], language: str, is_suppressed: bool
) -> ReportTable:
    """Module summary per cohort, then across them ("All cohorts"); for observers small groups are "<5".

    For observers each module's enrolled, started and completed counts are also protected down the cohorts, whose
    sum the "All cohorts" row shows (`domain.suppression`): further counts are withheld as `WITHHELD`, with the
    completion rate that would give them back.
    """
    table = ReportTable(_summary_columns())
    missing = ModuleHeading(0, {})
    hidden = _summary_suppression(rows) if is_suppressed else {}
    for row in rows:
        module_titles = headings.get(row.module_id, missing).titles
        title = module_titles.get(language) or next(iter(module_titles.values()), row.module_slug)
        cohort = row.cohort_name if row.cohort_id is not None else str(_l("All cohorts"))
        counts: list[Any] = [row.enrolled, row.started, row.completed]
        scores: list[Any] = [_rounded(row.median_best), _rounded(row.mean_best)]
        days: float | str | None = _rounded(row.median_days)
        if is_suppressed:
            reasons = hidden[row.cohort_id, row.module_id]
            counts = [_shown_count(count, reason) for count, reason in zip(counts, reasons, strict=True)]
            scores = [SUPPRESSED if is_small_group(row.scored) else value for value in scores]
            days = SUPPRESSED if is_small_group(row.completed) else days
            enrolled, _, completed = reasons
            withheld = Hidden.WITHHELD in (enrolled, completed)
            completion_rate = WITHHELD if withheld else suppressed_rate(row.completed, row.enrolled)
        else:
            completion_rate = rate(row.completed, row.enrolled)
        table.rows.append([cohort, title, *counts, completion_rate, *scores, days])
    return table


def _summary_suppression(rows: list[SummaryRow]) -> dict[tuple[int | None, int], list[Hidden | None]]:
    """Why each of enrolled, started and completed is hidden, by (cohort id or None for all cohorts, module id).

    Each module's cohort rows are one table whose columns add up to the "All cohorts" row (`suppress_table`);
    that row's own cells are hidden when the column's total is withheld, else when they are small themselves.
    """
    by_module: dict[int, list[SummaryRow]] = {}
    for row in rows:
        if row.cohort_id is not None:
            by_module.setdefault(row.module_id, []).append(row)
    found: dict[tuple[int | None, int], list[Hidden | None]] = {}
    for module_id, cohort_rows in by_module.items():
        columns = [[row.enrolled for row in cohort_rows], [row.started for row in cohort_rows]]
        columns.append([row.completed for row in cohort_rows])
        reasons = suppress_table(columns, whole_rows=False)
        for index, row in enumerate(cohort_rows):
            found[row.cohort_id, module_id] = [column[index] for column in reasons]
        found[None, module_id] = [suppress_column(column).total for column in columns]
    for row in rows:
        if row.cohort_id is None:
            totals = found.get((None, row.module_id), [None, None, None])
            counts = (row.enrolled, row.started, row.completed)
            found[None, row.module_id] = [
                reason or (Hidden.SMALL if is_small(count) else None)
                for reason, count in zip(totals, counts, strict=True)
            ]
    return found


def _shown_count(count: int, reason: Hidden | None) -> int | str:
    """A count as an observer sees it: the number, "<5", or `WITHHELD`."""
    if reason is None:
        return count
    return SUPPRESSED if reason is Hidden.SMALL else WITHHELD


def in_curriculum_order(rows: list[SummaryRow], headings: dict[int, ModuleHeading]) -> list[SummaryRow]:
    """The summary rows by cohort (all cohorts last) as the database gave them, and within each by curriculum order."""
    cohorts = {(row.cohort_id is None, row.cohort_name, row.cohort_id or 0): None for row in rows}
    rank = {key: index for index, key in enumerate(cohorts)}
    missing = ModuleHeading(0, {})

    def key(row: SummaryRow) -> tuple[int, int, str]:
        cohort = rank[row.cohort_id is None, row.cohort_name, row.cohort_id or 0]
        return cohort, headings.get(row.module_id, missing).position, row.module_slug

    return sorted(rows, key=key)


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


def _group_cell(labels: dict[str, Any], key: str) -> Any:
    """A group's label, with its code for the "codes" sheet when it has one (a cohort is its name)."""
    return Coded(key, str(labels.get(key, key))) if labels else key


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
    # The groups' counts add up to the trainees with both tests, which another grouping shows: protected as a line.
    hidden = suppress_column([row.trainees for row in rows]).parts if is_suppressed else [None] * len(rows)
    for row, reason in zip(rows, hidden, strict=True):
        figures: list[Any] = [_rounded(row.mean_pre), _rounded(row.mean_post), _rounded(row.mean_gain)]
        figures.append(None if row.mean_normalised is None else round(row.mean_normalised, 3))
        if is_suppressed and is_small_group(row.trainees):
            figures = [SUPPRESSED] * len(figures)
        count = _shown_count(row.trainees, reason) if is_suppressed else row.trainees
        table.rows.append([_group_cell(labels, row.key), count, *figures])
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
    ordered = sorted(rows, key=_group_order(labels))
    hidden = _group_suppression(ordered) if is_suppressed else []
    for index, row in enumerate(ordered):
        figures: list[Any] = [row.trainees, row.assignments, row.completed, rate(row.completed, row.assignments)]
        figures.append(row.completed_all_required)
        if is_suppressed:
            trainees, completed, all_required = (column[index] for column in hidden)
            rate_shown = (
                _shown_count(row.completed, completed)
                if completed is not None
                else suppressed_rate(row.completed, row.assignments)
            )
            figures = [
                _shown_count(row.trainees, trainees),
                _shown_count(row.assignments, trainees),
                _shown_count(row.completed, completed),
                rate_shown,
                _shown_count(row.completed_all_required, all_required),
            ]
        table.rows.append([_group_cell(labels, row.key), *figures])
    return table


def _group_suppression(rows: list[GroupCompletionRow]) -> list[list[Hidden | None]]:
    """Why trainees, completed assignments and trainees done with all are hidden, per row (`suppress_table`).

    Each column adds up to a figure another report shows (the cohort's enrolled count, the module summary's
    completions); a row whose trainees are hidden is hidden whole, its module assignments too (a multiple of them).
    """
    columns = [[row.trainees for row in rows], [row.completed for row in rows]]
    columns.append([row.completed_all_required for row in rows])
    return suppress_table(columns, whole_rows=True)
