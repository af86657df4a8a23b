"""Report pages and their exports; every view and export is written to the audit log.

The reports with a page and exports come from `registry.REPORTS`: each gets two routes here, built by the same
two functions, so a page and its file always hold the same table and leave the same trace in the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from werkzeug.wrappers import Response

from learnapp.access import roles
from learnapp.accounts.sessions import signed_in_user
from learnapp.catalogue import cohort_or_404, pick_value
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models.types import utcnow
from learnapp.reports import attempt_queries, item_queries, queries, trainee_queries
from learnapp.reports.audit import record_audit
from learnapp.reports.audit_labels import action_label, details_label, target_label
from learnapp.reports.exports import FORMATS, download
from learnapp.reports.registry import (
    COHORT_READERS,
    ITEM_READERS,
    REPORTS,
    SUMMARY_READERS,
    BuiltReport,
    Reader,
    Report,
)
from learnapp.request_input import page_argument

blueprint = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
AUDIT_PAGE_SIZE = 50
logger = logging.getLogger(__name__)


def _reader() -> Reader:
    return Reader.of(signed_in_user(), str(get_locale()))


def _build(report: Report, params: dict[str, Any]) -> BuiltReport:
    return report.build(_reader(), request.args, **params)


def _page_view(report: Report) -> Callable[..., str]:
    def page(**params: Any) -> str:
        built = _build(report, params)
        record_audit(signed_in_user(), "report.view", built.target, built.details)
        db.session.commit()
        export_urls = [
            (fmt, url_for(f"reports.{report.export_endpoint}", fmt=fmt, **built.link_arguments)) for fmt in FORMATS
        ]
        return render_template(
            built.template,
            table=built.table,
            rows=built.table.display_rows(),
            export_urls=export_urls,
            **built.page_context(),
        )

    page.__doc__ = report.description
    return roles(*report.readers)(page)


def _export_view(report: Report) -> Callable[..., Response]:
    def export(fmt: str, **params: Any) -> Response:
        if fmt not in FORMATS:
            abort(404)
        built = _build(report, params)
        details = {**built.details, "format": fmt, "rows": len(built.table.rows)}
        record_audit(signed_in_user(), "report.export", built.target, details)
        db.session.commit()
        logger.info(
            "Report %s exported as %s by user %s (%d rows)",
            built.target,
            fmt,
            signed_in_user().id,
            len(built.table.rows),
        )
        return download(built.table, built.filename, fmt)

    export.__doc__ = f"{report.description} As CSV or XLSX, as on screen."
    return roles(*report.readers)(export)


for _report in REPORTS:
    blueprint.add_url_rule(_report.rule, _report.endpoint, _page_view(_report))
    blueprint.add_url_rule(f"{_report.rule}.<fmt>", _report.export_endpoint, _export_view(_report))


@blueprint.route("/")
@roles(*SUMMARY_READERS)
def index() -> str:
    """The reports the user may read: the summaries, each module's item analysis, and the matrix of their cohorts."""
    reader = _reader()
    cohorts = reader.cohorts()
    user_role = Role(reader.user.role)
    item_modules = item_queries.analysable_modules(reader.language) if user_role in ITEM_READERS else []
    return render_template(
        "reports/index.html",
        cohorts=cohorts,
        is_cohort_reader=reader.scope.lists_cohorts,
        item_modules=item_modules,
    )


@blueprint.route("/cohorts/<int:cohort_id>/trainees/<int:user_id>")
@roles(*COHORT_READERS)
def trainee_detail(cohort_id: int, user_id: int) -> str:
    """One enrolled trainee's modules, quiz attempts (each linked to its result) and sessions; never reflections."""
    cohort = cohort_or_404(cohort_id, signed_in_user())
    trainee = trainee_queries.enrolled_trainee(cohort.id, user_id) or abort(404)
    modules = queries.cohort_modules(cohort.id)
    table = trainee_queries.modules_table(cohort.id, trainee, modules, str(get_locale()), utcnow().date())
    listed = trainee_queries.trainee_attempts(cohort.id, user_id)
    attempts = trainee_queries.attempts_table(listed, str(get_locale()))
    sessions = attempt_queries.sessions_table(cohort.id, user_id)
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
        attempt_links=[{1: _attempt_url(cohort.id, user_id, row.id)} for row in listed],
        sessions=sessions,
        session_rows=sessions.display_rows(),
    )


def _attempt_url(cohort_id: int, user_id: int, attempt_id: int) -> str:
    return url_for("reports.trainee_attempt", cohort_id=cohort_id, user_id=user_id, attempt_id=attempt_id)


@blueprint.route("/cohorts/<int:cohort_id>/trainees/<int:user_id>/attempts/<int:attempt_id>")
@roles(*COHORT_READERS)
def trainee_attempt(cohort_id: int, user_id: int, attempt_id: int) -> str:
    """One listed quiz attempt's result per question (right or wrong, points); never what the trainee answered."""
    cohort = cohort_or_404(cohort_id, signed_in_user())
    trainee = trainee_queries.enrolled_trainee(cohort.id, user_id) or abort(404)
    attempt = attempt_queries.listed_attempt(cohort.id, user_id, attempt_id) or abort(404)
    table = attempt_queries.answers_table(attempt, str(get_locale()))
    record_audit(signed_in_user(), "report.view", f"attempt:cohort:{cohort.id}:attempt:{attempt_id}:user:{user_id}")
    db.session.commit()
    return render_template(
        "reports/trainee_attempt.html",
        cohort=cohort,
        trainee=trainee,
        attempt=attempt,
        module_title=pick_value(attempt.module_titles, str(get_locale()), attempt.default_language),
        score_text=format_decimal(round(attempt.score, 1), "#,##0.#") if attempt.score is not None else None,
        table=table,
        rows=table.display_rows(),
        back_url=url_for("reports.trainee_detail", cohort_id=cohort.id, user_id=user_id),
    )


@blueprint.route("/audit")
@roles(Role.ADMIN)
def audit_log() -> str:
    """Who viewed or exported which report, with which filters and when, newest first."""
    page = page_argument()
    events, total = queries.audit_page(page, AUDIT_PAGE_SIZE)
    record_audit(signed_in_user(), "audit.view", "audit_log", {"page": page})
    db.session.commit()
    pages = max((total + AUDIT_PAGE_SIZE - 1) // AUDIT_PAGE_SIZE, 1)
    return render_template(
        "reports/audit_log.html",
        events=events,
        total=total,
        page=page,
        pages=pages,
        action_label=action_label,
        target_label=target_label,
        details_label=details_label,
    )
