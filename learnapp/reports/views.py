"""Report pages and their exports; every view and export is written to the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from learnapp.access import roles
from learnapp.accounts.sessions import signed_in_user
from learnapp.catalogue import cohort_or_404, visible_cohorts_query
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Cohort, Module, User
from learnapp.reports import gain_queries, group_queries, item_queries, queries, summary_queries, trainee_queries
from learnapp.reports.audit import record_audit
from learnapp.reports.charts import Series, bar_chart, paired_bar_chart
from learnapp.reports.exports import FORMATS, download
from learnapp.reports.gain_queries import GROUPINGS
from learnapp.reports.item_tables import item_analysis_table
from learnapp.reports.observer_matrix import aggregate_matrix_download, aggregate_matrix_page
from learnapp.reports.queries import TraineeFilters, filter_choices
from learnapp.reports.summary_queries import SummaryRow
from learnapp.reports.tables import (
    COMPLETION_CHART_TITLES,
    GROUP_HEADERS,
    ReportTable,
    completion_by_group_table,
    completion_matrix,
    knowledge_gain_table,
    module_summary_table,
    summary_chart_bars,
)

blueprint = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
COHORT_READERS = (Role.COORDINATOR, Role.ADMIN)
MATRIX_READERS = (*COHORT_READERS, Role.OBSERVER)  # observers get counts per module, never names
SUMMARY_READERS = (Role.TRAINER, Role.COORDINATOR, Role.OBSERVER, Role.ADMIN)
ITEM_READERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
AUDIT_PAGE_SIZE = 50


def _matrix(cohort: Cohort) -> tuple[ReportTable, TraineeFilters]:
    """The matrix of a cohort, with the filters of the request."""
    filters = TraineeFilters.from_args(request.args)
    modules = queries.cohort_modules(cohort.id)
    today = datetime.now(UTC).date()
    table = completion_matrix(cohort, modules, filters, str(get_locale()), today)
    return table, filters


@blueprint.route("/")
@roles(*SUMMARY_READERS)
def index() -> str:
    """The reports the user may read: the summaries, and the matrix of each cohort they may see."""
    user = signed_in_user()
    is_cohort_reader = user.role in MATRIX_READERS
    cohorts = db.session.scalars(visible_cohorts_query(user)).all() if is_cohort_reader else []
    return render_template("reports/index.html", cohorts=cohorts, is_cohort_reader=is_cohort_reader)


@blueprint.route("/cohorts/<int:cohort_id>/matrix")
@roles(*MATRIX_READERS)
def cohort_matrix(cohort_id: int) -> str:
    """Trainees × modules of a cohort, filtered by country, organisation, stakeholder group and gender.

    An observer gets counts per module and status instead, with "<5" for one to four people.
    """
    cohort = cohort_or_404(cohort_id, signed_in_user())
    if signed_in_user().role == Role.OBSERVER:
        return aggregate_matrix_page(cohort)
    table, filters = _matrix(cohort)
    record_audit(signed_in_user(), "report.view", f"matrix:cohort:{cohort.id}", {"filters": filters.as_dict()})
    db.session.commit()
    return render_template(
        "reports/matrix.html",
        cohort=cohort,
        table=table,
        rows=table.display_rows(),
        filters=filters,
        export_urls=[
            (fmt, url_for("reports.export_matrix", cohort_id=cohort.id, fmt=fmt, **filters.as_dict()))
            for fmt in FORMATS
        ],
        organisations=[(name, name) for name in queries.cohort_organisations(cohort.id)],
        **filter_choices(),
    )


@blueprint.route("/cohorts/<int:cohort_id>/matrix.<fmt>")
@roles(*MATRIX_READERS)
def export_matrix(cohort_id: int, fmt: str) -> Response:
    """The matrix as on screen (same filters, rows and columns), as CSV or XLSX; an observer's holds counts only."""
    if fmt not in FORMATS:
        abort(404)
    cohort = cohort_or_404(cohort_id, signed_in_user())
    if signed_in_user().role == Role.OBSERVER:
        return aggregate_matrix_download(cohort, fmt)
    table, filters = _matrix(cohort)
    details = {"filters": filters.as_dict(), "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", f"matrix:cohort:{cohort_id}", details)
    db.session.commit()
    return download(table, f"matrix-cohort-{cohort_id}", fmt)


def _summary_cohort_ids(user: User) -> sa.Select[Any]:
    """Coordinators summarise their cohorts; administrators, trainers and observers all cohorts."""
    if user.role == Role.COORDINATOR:
        return visible_cohorts_query(user).with_only_columns(Cohort.id).order_by(None)
    return sa.select(Cohort.id)


def _summary() -> tuple[ReportTable, TraineeFilters, list[SummaryRow]]:
    user = signed_in_user()
    filters = TraineeFilters.from_args(request.args)
    cohort_ids = _summary_cohort_ids(user)
    rows = summary_queries.module_summary(cohort_ids, filters)
    titles = summary_queries.module_titles(cohort_ids)
    table = module_summary_table(rows, titles, str(get_locale()), is_suppressed=user.role == Role.OBSERVER)
    return table, filters, rows


@blueprint.route("/modules")
@roles(*SUMMARY_READERS)
def module_summary() -> str:
    """Enrolled, started, completed, completion rate and best scores of each module, per cohort; no names."""
    table, filters, rows = _summary()
    record_audit(signed_in_user(), "report.view", "module_summary", {"filters": filters.as_dict()})
    db.session.commit()
    return render_template(
        "reports/module_summary.html",
        table=table,
        chart=bar_chart(summary_chart_bars(rows, table), _("Completion rate % across cohorts")),
        rows=table.display_rows(),
        filters=filters,
        export_urls=[(fmt, url_for("reports.export_module_summary", fmt=fmt, **filters.as_dict())) for fmt in FORMATS],
        **filter_choices(),
    )


@blueprint.route("/modules.<fmt>")
@roles(*SUMMARY_READERS)
def export_module_summary(fmt: str) -> Response:
    """The module summary as on screen, as CSV or XLSX ("<5" where the page shows it)."""
    if fmt not in FORMATS:
        abort(404)
    table, filters, _ = _summary()
    details = {"filters": filters.as_dict(), "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", "module_summary", details)
    db.session.commit()
    return download(table, "module-summary", fmt)


def _gain() -> tuple[ReportTable, TraineeFilters, str]:
    user = signed_in_user()
    filters = TraineeFilters.from_args(request.args)
    grouping = request.args.get("by", "cohort")
    grouping = grouping if grouping in GROUPINGS else "cohort"
    rows = gain_queries.knowledge_gain(_summary_cohort_ids(user), filters, grouping)
    return knowledge_gain_table(rows, grouping, is_suppressed=user.role == Role.OBSERVER), filters, grouping


@blueprint.route("/knowledge-gain")
@roles(*SUMMARY_READERS)
def knowledge_gain() -> str:
    """Mean pre-test, post-test and gain by cohort, country, stakeholder group or gender; no names."""
    table, filters, grouping = _gain()
    details = {"filters": filters.as_dict(), "by": grouping}
    record_audit(signed_in_user(), "report.view", "knowledge_gain", details)
    db.session.commit()
    arguments = {"by": grouping, **filters.as_dict()}
    return render_template(
        "reports/knowledge_gain.html",
        table=table,
        rows=table.display_rows(),
        filters=filters,
        grouping=grouping,
        groupings=[(key, GROUP_HEADERS[key]) for key in GROUPINGS],
        chart=_gain_chart(table),
        export_urls=[(fmt, url_for("reports.export_knowledge_gain", fmt=fmt, **arguments)) for fmt in FORMATS],
        **filter_choices(),
    )


@blueprint.route("/knowledge-gain.<fmt>")
@roles(*SUMMARY_READERS)
def export_knowledge_gain(fmt: str) -> Response:
    """The knowledge-gain table as on screen, as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    table, filters, grouping = _gain()
    details = {"filters": filters.as_dict(), "by": grouping, "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", "knowledge_gain", details)
    db.session.commit()
    return download(table, f"knowledge-gain-by-{grouping.replace('_', '-')}", fmt)


def _gain_chart(table: ReportTable) -> Any:
    """Mean pre-test (hatched) and post-test (solid) bars of each group of the knowledge-gain table."""
    series = (Series(_("Before: pre-test"), is_hatched=True), Series(_("After: post-test"), is_hatched=False))
    groups = [(row[0], row[2], row[3]) for row in table.rows]
    title = _("Mean pre-test and post-test score (%)")
    description = _(
        "Hatched bars: mean pre-test score; solid bars: mean post-test score; from 0 to 100 %. "
        "“<5” marks a group too small to show."
    )
    return paired_bar_chart(groups, title, series, description, chart_id="gain-chart")


def _completion() -> tuple[ReportTable, TraineeFilters, dict[str, Any], list[tuple[int, str]]]:
    """The completion table of the request, its filters, its arguments (for links and the audit log), the cohorts.

    `cohort` narrows the report to one cohort the user may see; any other cohort, even an existing one, is a 404,
    so that a coordinator learns nothing about cohorts that are not theirs (trainers and observers see all).
    """
    user = signed_in_user()
    filters = TraineeFilters.from_args(request.args)
    grouping = request.args.get("by", "country")
    grouping = grouping if grouping in group_queries.GROUPINGS else "country"
    cohort_ids = _summary_cohort_ids(user)
    cohorts = group_queries.cohort_choices(cohort_ids)
    cohort_id = request.args.get("cohort", type=int)
    if cohort_id is not None and cohort_id not in dict(cohorts):
        abort(404)
    if cohort_id is not None:
        cohort_ids = sa.select(Cohort.id).where(Cohort.id == cohort_id)
    rows = group_queries.completion_by_group(cohort_ids, filters, grouping)
    table = completion_by_group_table(rows, grouping, is_suppressed=user.role == Role.OBSERVER)
    arguments = {"by": grouping, **({"cohort": cohort_id} if cohort_id else {}), **filters.as_dict()}
    return table, filters, arguments, cohorts


def _completion_details(filters: TraineeFilters, arguments: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a completion report: the filters, the grouping and the cohort if one was chosen."""
    return {"filters": filters.as_dict(), **{key: arguments[key] for key in ("by", "cohort") if key in arguments}}


def _completion_chart(table: ReportTable, arguments: dict[str, Any], cohorts: list[tuple[int, str]]) -> Any:
    """The completion rate of each group as bars, titled with the grouping and the chosen cohort if any."""
    title = str(COMPLETION_CHART_TITLES[arguments["by"]])
    if "cohort" in arguments:
        title = f"{title} · {dict(cohorts)[arguments['cohort']]}"
    return bar_chart([(row[0], row[4]) for row in table.rows], title, chart_id="completion-chart")


@blueprint.route("/completion")
@roles(*SUMMARY_READERS)
def completion_by_group() -> str:
    """Trainees, module assignments, completions and completion rate by country, stakeholder group or gender."""
    table, filters, arguments, cohorts = _completion()
    record_audit(signed_in_user(), "report.view", "completion_by_group", _completion_details(filters, arguments))
    db.session.commit()
    return render_template(
        "reports/completion_by_group.html",
        table=table,
        rows=table.display_rows(),
        chart=_completion_chart(table, arguments, cohorts),
        filters=filters,
        arguments=arguments,
        cohorts=cohorts,
        groupings=[
            (key, GROUP_HEADERS[key], url_for("reports.completion_by_group", **{**arguments, "by": key}))
            for key in group_queries.GROUPINGS
        ],
        export_urls=[(fmt, url_for("reports.export_completion_by_group", fmt=fmt, **arguments)) for fmt in FORMATS],
        **filter_choices(),
    )


@blueprint.route("/completion.<fmt>")
@roles(*SUMMARY_READERS)
def export_completion_by_group(fmt: str) -> Response:
    """The completion-by-group table as on screen (same grouping, cohort and filters), as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    table, filters, arguments, _cohorts = _completion()
    details = {**_completion_details(filters, arguments), "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", "completion_by_group", details)
    db.session.commit()
    return download(table, f"completion-by-{arguments['by'].replace('_', '-')}", fmt)


def _items(slug: str) -> tuple[Module, ReportTable]:
    """The item analysis of a module's quiz; a coordinator's covers only their cohorts' trainees."""
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None:
        abort(404)
    user = signed_in_user()
    cohort_ids = _summary_cohort_ids(user) if user.role == Role.COORDINATOR else None
    table = item_analysis_table(
        item_queries.questions(module.id),
        item_queries.item_rows(module.id, cohort_ids),
        item_queries.choice_counts(module.id, cohort_ids),
    )
    return module, table


@blueprint.route("/modules/<slug>/items")
@roles(*ITEM_READERS)
def item_analysis(slug: str) -> str:
    """Per quiz question: responses, facility, discrimination and choice picks; no names."""
    module, table = _items(slug)
    record_audit(signed_in_user(), "report.view", f"item_analysis:module:{module.slug}")
    db.session.commit()
    return render_template(
        "reports/item_analysis.html",
        module_slug=slug,
        table=table,
        rows=table.display_rows(),
        export_urls=[(fmt, url_for("reports.export_item_analysis", slug=slug, fmt=fmt)) for fmt in FORMATS],
    )


@blueprint.route("/modules/<slug>/items.<fmt>")
@roles(*ITEM_READERS)
def export_item_analysis(slug: str, fmt: str) -> Response:
    """The item analysis as on screen, as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    module, table = _items(slug)
    details = {"format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", f"item_analysis:module:{module.slug}", details)
    db.session.commit()
    return download(table, f"item-analysis-{slug}", fmt)


@blueprint.route("/cohorts/<int:cohort_id>/trainees/<int:user_id>")
@roles(*COHORT_READERS)
def trainee_detail(cohort_id: int, user_id: int) -> str:
    """One enrolled trainee's modules and quiz attempts; never their reflections."""
    cohort = cohort_or_404(cohort_id, signed_in_user())
    trainee = trainee_queries.enrolled_trainee(cohort.id, user_id)
    if trainee is None:
        abort(404)
    modules = queries.cohort_modules(cohort.id)
    today = datetime.now(UTC).date()
    table = trainee_queries.modules_table(cohort.id, trainee, modules, str(get_locale()), today)
    attempts = trainee_queries.attempts_table(trainee_queries.trainee_attempts(cohort.id, user_id))
    record_audit(signed_in_user(), "report.view", f"trainee:cohort:{cohort.id}:user:{user_id}")
    db.session.commit()
    return render_template(
        "reports/trainee_detail.html",
        cohort=cohort,
        trainee=trainee,
        table=table,
        rows=table.display_rows(),
        attempts=attempts,
        attempt_rows=attempts.display_rows(),
    )


@blueprint.route("/audit")
@roles(Role.ADMIN)
def audit_log() -> str:
    """Who viewed or exported which report, with which filters and when, newest first."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    events, total = queries.audit_page(page, AUDIT_PAGE_SIZE)
    record_audit(signed_in_user(), "audit.view", "audit_log", {"page": page})
    db.session.commit()
    pages = max((total + AUDIT_PAGE_SIZE - 1) // AUDIT_PAGE_SIZE, 1)
    return render_template("reports/audit_log.html", events=events, total=total, page=page, pages=pages)
