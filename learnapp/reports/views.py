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
from learnapp.auth.sessions import signed_in_user
from learnapp.cohorts.lookup import cohort_or_404, visible_cohorts_query
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.labels import COUNTRY_LABELS, GENDER_LABELS, STAKEHOLDER_LABELS
from learnapp.models import Cohort, Module, User
from learnapp.reports import gain_queries, item_queries, queries, summary_queries, trainee_queries
from learnapp.reports.audit import record_audit
from learnapp.reports.charts import bar_chart
from learnapp.reports.exports import FORMATS, download
from learnapp.reports.gain_queries import GROUPINGS
from learnapp.reports.item_tables import item_analysis_table
from learnapp.reports.queries import NO_GENDER, TraineeFilters
from learnapp.reports.tables import (
    GROUP_HEADERS,
    ReportTable,
    completion_matrix,
    knowledge_gain_table,
    module_summary_table,
)

blueprint = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
COHORT_READERS = (Role.COORDINATOR, Role.ADMIN)
SUMMARY_READERS = (Role.TRAINER, Role.COORDINATOR, Role.OBSERVER, Role.ADMIN)
ITEM_READERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
AUDIT_PAGE_SIZE = 50


def _matrix(cohort: Cohort) -> tuple[ReportTable, TraineeFilters]:
    """The matrix of a cohort, with the filters of the request."""
    filters = TraineeFilters.from_args(request.args)
    modules = queries.cohort_modules(cohort.id)
    today = datetime.now(UTC).date()
    table = completion_matrix(cohort.id, modules, filters, str(get_locale()), today)
    return table, filters


@blueprint.route("/")
@roles(*SUMMARY_READERS)
def index() -> str:
    """The reports the user may read: the summaries, and the matrix of each cohort they may see."""
    user = signed_in_user()
    is_cohort_reader = user.role in COHORT_READERS
    cohorts = db.session.scalars(visible_cohorts_query(user)).all() if is_cohort_reader else []
    return render_template("reports/index.html", cohorts=cohorts, is_cohort_reader=is_cohort_reader)


@blueprint.route("/cohorts/<int:cohort_id>/matrix")
@roles(*COHORT_READERS)
def cohort_matrix(cohort_id: int) -> str:
    """Trainees × modules of a cohort, filtered by country, organisation, stakeholder group and gender."""
    cohort = cohort_or_404(cohort_id, signed_in_user())
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
        **_filter_choices(),
    )


@blueprint.route("/cohorts/<int:cohort_id>/matrix.<fmt>")
@roles(*COHORT_READERS)
def export_matrix(cohort_id: int, fmt: str) -> Response:
    """The matrix as on screen (same filters, rows and columns), as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    table, filters = _matrix(cohort_or_404(cohort_id, signed_in_user()))
    details = {"filters": filters.as_dict(), "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", f"matrix:cohort:{cohort_id}", details)
    db.session.commit()
    return download(table, f"matrix-cohort-{cohort_id}", fmt)


def _summary_cohort_ids(user: User) -> sa.Select[Any]:
    """Coordinators summarise their cohorts; administrators, trainers and observers all cohorts."""
    if user.role == Role.COORDINATOR:
        return visible_cohorts_query(user).with_only_columns(Cohort.id).order_by(None)
    return sa.select(Cohort.id)


def _summary() -> tuple[ReportTable, TraineeFilters]:
    user = signed_in_user()
    filters = TraineeFilters.from_args(request.args)
    cohort_ids = _summary_cohort_ids(user)
    rows = summary_queries.module_summary(cohort_ids, filters)
    titles = summary_queries.module_titles(cohort_ids)
    table = module_summary_table(rows, titles, str(get_locale()), is_suppressed=user.role == Role.OBSERVER)
    return table, filters


@blueprint.route("/modules")
@roles(*SUMMARY_READERS)
def module_summary() -> str:
    """Enrolled, started, completed, completion rate and best scores of each module, per cohort; no names."""
    table, filters = _summary()
    record_audit(signed_in_user(), "report.view", "module_summary", {"filters": filters.as_dict()})
    db.session.commit()
    return render_template(
        "reports/module_summary.html",
        table=table,
        chart=bar_chart([(f"{row[0]} · {row[1]}", row[5]) for row in table.rows], _("Completion rate %")),
        rows=table.display_rows(),
        filters=filters,
        export_urls=[(fmt, url_for("reports.export_module_summary", fmt=fmt, **filters.as_dict())) for fmt in FORMATS],
        **_filter_choices(),
    )


@blueprint.route("/modules.<fmt>")
@roles(*SUMMARY_READERS)
def export_module_summary(fmt: str) -> Response:
    """The module summary as on screen, as CSV or XLSX ("<5" where the page shows it)."""
    if fmt not in FORMATS:
        abort(404)
    table, filters = _summary()
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
        export_urls=[(fmt, url_for("reports.export_knowledge_gain", fmt=fmt, **arguments)) for fmt in FORMATS],
        **_filter_choices(),
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


def _filter_choices() -> dict[str, Any]:
    return {
        "country_labels": COUNTRY_LABELS,
        "group_labels": STAKEHOLDER_LABELS,
        "gender_labels": {code or NO_GENDER: label for code, label in GENDER_LABELS.items()},
    }


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
