"""The reports that have a page and CSV/XLSX exports, in one registry.

Each entry says where the report lives, who may read it and how its table is built for one reader. The views
(`reports/views.py`) turn every entry into two routes, the page and its export, which build the same table, write
the same audit event and differ only in how they return it: a report added here gets both, with the audit log,
for nothing.

What a reader may see is decided once, by `domain.report_rules.report_scope`, and carried in `Reader`: builders ask
it which cohorts to count, whether names show, and whether small counts are suppressed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import abort, url_for
from flask_babel import gettext as _

from learnapp.catalogue import cohort_or_404, visible_cohorts_query
from learnapp.domain.profiles import Role
from learnapp.domain.report_rules import CohortReach, ReportScope, report_scope
from learnapp.extensions import db
from learnapp.models import Cohort, Module, ModuleVersion, User
from learnapp.models.types import utcnow
from learnapp.reports import gain_queries, group_queries, item_queries, queries, summary_queries
from learnapp.reports.charts import Series, bar_chart, paired_bar_chart
from learnapp.reports.item_tables import item_analysis_table
from learnapp.reports.matrix_page import GLYPHS, matrix_body
from learnapp.reports.queries import TraineeFilters, filter_choices
from learnapp.reports.status_counts import module_status_counts, status_counts_table
from learnapp.reports.tables import (
    COMPLETION_CHART_TITLES,
    GROUP_HEADERS,
    ReportTable,
    completion_by_group_table,
    completion_matrix,
    in_curriculum_order,
    knowledge_gain_table,
    module_summary_table,
    summary_chart_bars,
)

COHORT_READERS = (Role.COORDINATOR, Role.ADMIN)
MATRIX_READERS = (*COHORT_READERS, Role.OBSERVER)  # observers get counts per module, never names
SUMMARY_READERS = (Role.TRAINER, Role.COORDINATOR, Role.OBSERVER, Role.ADMIN)
ITEM_READERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


@dataclass(frozen=True)
class Reader:
    """The signed-in reader of a report, with the scope their role gives them."""

    user: User
    scope: ReportScope
    language: str

    @classmethod
    def of(cls, user: User, language: str) -> Reader:
        """The reader `user`, scoped by their role."""
        return cls(user, report_scope(Role(user.role)), language)

    def cohort_ids(self) -> sa.Select[Any]:
        """The ids of the cohorts this reader's reports count, as a SELECT to filter by."""
        if self.scope.reach is CohortReach.ALL:
            return sa.select(Cohort.id)
        if self.scope.reach is CohortReach.COORDINATED:
            return visible_cohorts_query(self.user).with_only_columns(Cohort.id).order_by(None)
        return sa.select(Cohort.id).where(sa.false())

    def item_cohort_ids(self) -> sa.Select[Any] | None:
        """The cohorts an item analysis counts; None for every attempt, in a cohort or not."""
        return None if self.scope.reach is CohortReach.ALL else self.cohort_ids()

    def cohorts(self) -> list[Cohort]:
        """The cohorts listed on the reports index: each one's matrix is a link."""
        return list(db.session.scalars(visible_cohorts_query(self.user))) if self.scope.lists_cohorts else []


@dataclass(frozen=True)
class BuiltReport:
    """One report built for one reader and request: its table, what the audit log keeps, what the page shows.

    `page_context()` gives what the page shows besides the table (charts, filter choices, organisations): it is
    called for the page only, so an export reads and draws nothing it does not write.
    """

    table: ReportTable
    target: str
    details: dict[str, Any]
    filename: str
    template: str
    link_arguments: dict[str, Any] = field(default_factory=dict)
    page_context: Callable[[], dict[str, Any]] = dict


@dataclass(frozen=True)
class Report:
    """A report with a page at `rule` and its exports at `rule.<fmt>`."""

    endpoint: str
    export_endpoint: str
    rule: str
    readers: tuple[Role, ...]
    build: Callable[..., BuiltReport]
    description: str


def _choice(args: Mapping[str, str], name: str, allowed: Any, default: str) -> str:
    value = args.get(name, default)
    return value if value in allowed else default


def cohort_matrix(reader: Reader, args: Mapping[str, str], cohort_id: int) -> BuiltReport:
    """Trainees × modules of one cohort; counts per module and state for a reader who may not see names.

    Without names, the organisation filter (whose choices are organisation names, and whose free text could probe
    who is enrolled) is ignored; country, stakeholder group and gender stay.
    """
    cohort = cohort_or_404(cohort_id, reader.user)
    modules = queries.cohort_modules(cohort.id)
    today = utcnow().date()
    if not reader.scope.shows_names:
        filters = dataclasses.replace(TraineeFilters.from_args(args), organisation="")
        rows = module_status_counts(cohort.id, modules, filters, today)
        table = status_counts_table(rows, reader.language)
        target, filename, template = (
            f"matrix_aggregate:cohort:{cohort.id}",
            f"matrix-aggregate-cohort-{cohort.id}",
            "reports/matrix_aggregate.html",
        )
    else:
        filters = TraineeFilters.from_args(args)
        table = completion_matrix(cohort, modules, filters, reader.language, today)
        target, filename, template = f"matrix:cohort:{cohort.id}", f"matrix-cohort-{cohort.id}", "reports/matrix.html"
    names_shown = reader.scope.shows_names
    return BuiltReport(
        table,
        target,
        {"filters": filters.as_dict()},
        filename,
        template,
        link_arguments={"cohort_id": cohort.id, **filters.as_dict()},
        page_context=lambda: {
            "cohort": cohort,
            "filters": filters,
            "glyphs": GLYPHS,
            **({"body": matrix_body(table, table.display_rows(), cohort.id)} if names_shown else {}),
            **_organisations(reader, cohort),
            **filter_choices(),
        },
    )


def _organisations(reader: Reader, cohort: Cohort) -> dict[str, Any]:
    """The organisation filter's choices: organisation names, so only for a reader who may see names."""
    if not reader.scope.shows_names:
        return {}
    return {"organisations": [(name, name) for name in queries.cohort_organisations(cohort.id)]}


def module_summary(reader: Reader, args: Mapping[str, str]) -> BuiltReport:
    """Enrolled, started, completed, completion rate and best scores of each module, per cohort; no names."""
    filters = TraineeFilters.from_args(args)
    cohort_ids = reader.cohort_ids()
    titles = summary_queries.module_titles(cohort_ids)
    rows = in_curriculum_order(summary_queries.module_summary(cohort_ids, filters), titles)
    table = module_summary_table(rows, titles, reader.language, is_suppressed=reader.scope.is_suppressed)
    return BuiltReport(
        table,
        "module_summary",
        {"filters": filters.as_dict()},
        "module-summary",
        "reports/module_summary.html",
        link_arguments=filters.as_dict(),
        page_context=lambda: {
            "chart": bar_chart(summary_chart_bars(rows, table), _("Completion rate % across cohorts")),
            "item_links": _item_links(reader, [row.module_slug for row in rows]),
            "filters": filters,
            **filter_choices(),
        },
    )


def _item_links(reader: Reader, slugs: list[str]) -> list[dict[int, str]]:
    """For a reader of item analyses, each summary row's module cell (column 1) linked to its module's analysis."""
    if Role(reader.user.role) not in ITEM_READERS:
        return []
    module_column = 1
    return [{module_column: url_for("reports.item_analysis", slug=slug)} for slug in slugs]


def knowledge_gain(reader: Reader, args: Mapping[str, str]) -> BuiltReport:
    """Mean pre-test, post-test and gain by cohort, country, stakeholder group or gender; no names."""
    filters = TraineeFilters.from_args(args)
    grouping = _choice(args, "by", gain_queries.GROUPINGS, "cohort")
    rows = gain_queries.knowledge_gain(reader.cohort_ids(), filters, grouping)
    table = knowledge_gain_table(rows, grouping, is_suppressed=reader.scope.is_suppressed)
    return BuiltReport(
        table,
        "knowledge_gain",
        {"filters": filters.as_dict(), "by": grouping},
        f"knowledge-gain-by-{grouping.replace('_', '-')}",
        "reports/knowledge_gain.html",
        link_arguments={"by": grouping, **filters.as_dict()},
        page_context=lambda: {
            "filters": filters,
            "grouping": grouping,
            "groupings": [(key, GROUP_HEADERS[key]) for key in gain_queries.GROUPINGS],
            "chart": _gain_chart(table),
            **filter_choices(),
        },
    )


def _gain_chart(table: ReportTable) -> Any:
    """Mean pre-test (hatched) and post-test (solid) bars of each group of the knowledge-gain table."""
    series = (Series(_("Before: pre-test"), is_hatched=True), Series(_("After: post-test"), is_hatched=False))
    groups = [(str(row[0]), row[2], row[3]) for row in table.rows]
    title = _("Mean pre-test and post-test score (%)")
    description = _(
        "Hatched bars: mean pre-test score; solid bars: mean post-test score; from 0 to 100 %. "
        "“<5” marks a group too small to show."
    )
    return paired_bar_chart(groups, title, series, description, chart_id="gain-chart")


def completion_by_group(reader: Reader, args: Mapping[str, str]) -> BuiltReport:
    """Trainees, module assignments, completions and completion rate by country, stakeholder group or gender.

    `cohort` narrows the report to one cohort the reader may see; any other cohort, even an existing one, is a 404,
    so that a coordinator learns nothing about cohorts that are not theirs.
    """
    filters = TraineeFilters.from_args(args)
    grouping = _choice(args, "by", group_queries.GROUPINGS, "country")
    cohort_ids = reader.cohort_ids()
    cohorts = group_queries.cohort_choices(cohort_ids)
    cohort_id = _cohort_argument(args)
    if cohort_id is not None and cohort_id not in dict(cohorts):
        abort(404)
    if cohort_id is not None:
        cohort_ids = sa.select(Cohort.id).where(Cohort.id == cohort_id)
    rows = group_queries.completion_by_group(cohort_ids, filters, grouping)
    table = completion_by_group_table(rows, grouping, is_suppressed=reader.scope.is_suppressed)
    arguments: dict[str, Any] = {"by": grouping}
    if cohort_id:
        arguments["cohort"] = cohort_id
    arguments.update(filters.as_dict())
    details: dict[str, Any] = {
        "filters": filters.as_dict(),
        **{key: arguments[key] for key in ("by", "cohort") if key in arguments},
    }
    return BuiltReport(
        table,
        "completion_by_group",
        details,
        f"completion-by-{grouping.replace('_', '-')}",
        "reports/completion_by_group.html",
        link_arguments=arguments,
        page_context=lambda: {
            "chart": _completion_chart(table, arguments, cohorts),
            "filters": filters,
            "arguments": arguments,
            "cohorts": cohorts,
            "groupings": [
                (key, GROUP_HEADERS[key], url_for("reports.completion_by_group", **(arguments | {"by": key})))
                for key in group_queries.GROUPINGS
            ],
            **filter_choices(),
        },
    )


def _cohort_argument(args: Mapping[str, str]) -> int | None:
    value = args.get("cohort", "")
    return int(value) if value.isdigit() else None


def _completion_chart(table: ReportTable, arguments: dict[str, Any], cohorts: list[tuple[int, str]]) -> Any:
    """The completion rate of each group as bars, titled with the grouping and the chosen cohort if any."""
    title = str(COMPLETION_CHART_TITLES[arguments["by"]])
    if "cohort" in arguments:
        title = f"{title} · {dict(cohorts)[arguments['cohort']]}"
    return bar_chart([(str(row[0]), row[4]) for row in table.rows], title, chart_id="completion-chart")


def item_analysis(reader: Reader, args: Mapping[str, str], slug: str) -> BuiltReport:
    """Per quiz question: responses, facility, discrimination and choice picks; no names.

    A coordinator's analysis counts only their cohorts' trainees.
    """
    found = db.session.execute(
        sa.select(Module.id, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug == slug)
    ).first()
    if found is None:
        abort(404)
    module_id, titles = found
    cohort_ids = reader.item_cohort_ids()
    table = item_analysis_table(
        item_queries.questions(module_id, reader.language),
        item_queries.item_rows(module_id, cohort_ids),
        item_queries.choice_counts(module_id, cohort_ids),
    )
    title = titles.get(reader.language) or next(iter(titles.values()), slug)
    return BuiltReport(
        table,
        f"item_analysis:module:{slug}",
        {},
        f"item-analysis-{slug}",
        "reports/item_analysis.html",
        link_arguments={"slug": slug},
        page_context=lambda: {"module_slug": slug, "module_title": title},
    )


REPORTS = (
    Report(
        "cohort_matrix",
        "export_matrix",
        "/cohorts/<int:cohort_id>/matrix",
        MATRIX_READERS,
        cohort_matrix,
        "Trainees × modules of a cohort; an observer gets counts per module and state.",
    ),
    Report(
        "module_summary",
        "export_module_summary",
        "/modules",
        SUMMARY_READERS,
        module_summary,
        "Enrolled, started, completed, rates and best scores of each module, per cohort.",
    ),
    Report(
        "knowledge_gain",
        "export_knowledge_gain",
        "/knowledge-gain",
        SUMMARY_READERS,
        knowledge_gain,
        "Mean pre-test, post-test and gain by cohort, country, stakeholder group or gender.",
    ),
    Report(
        "completion_by_group",
        "export_completion_by_group",
        "/completion",
        SUMMARY_READERS,
        completion_by_group,
        "Completion by country, stakeholder group or gender.",
    ),
    Report(
        "item_analysis",
        "export_item_analysis",
        "/modules/<slug>/items",
        ITEM_READERS,
        item_analysis,
        "Per quiz question: responses, facility, discrimination and choice picks.",
    ),
)
