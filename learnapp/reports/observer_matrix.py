"""What an observer gets at a cohort's matrix URL: counts per module and state, on screen and in the exports alike.

Observers see no name, email or organisation: the organisation filter (whose choices are organisation names, and
whose free text could probe who is enrolled) is left out and ignored; country, stakeholder group and gender stay.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from flask import render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from learnapp.accounts.sessions import signed_in_user
from learnapp.extensions import db
from learnapp.models import Cohort
from learnapp.reports import queries
from learnapp.reports.audit import record_audit
from learnapp.reports.exports import FORMATS, download
from learnapp.reports.queries import TraineeFilters, filter_choices
from learnapp.reports.status_counts import module_status_counts, status_counts_table
from learnapp.reports.tables import ReportTable


def aggregate_target(cohort_id: int) -> str:
    """The audit log's name for this report."""
    return f"matrix_aggregate:cohort:{cohort_id}"


def _aggregate(cohort: Cohort) -> tuple[ReportTable, TraineeFilters]:
    filters = dataclasses.replace(TraineeFilters.from_args(request.args), organisation="")
    modules = queries.cohort_modules(cohort.id)
    rows = module_status_counts(cohort.id, modules, filters, datetime.now(UTC).date())
    return status_counts_table(rows, str(get_locale())), filters


def aggregate_matrix_page(cohort: Cohort) -> str:
    """The page: the matrix's title and filters, then one row of counts per module."""
    table, filters = _aggregate(cohort)
    record_audit(signed_in_user(), "report.view", aggregate_target(cohort.id), {"filters": filters.as_dict()})
    db.session.commit()
    return render_template(
        "reports/matrix_aggregate.html",
        cohort=cohort,
        table=table,
        rows=table.display_rows(),
        filters=filters,
        export_urls=[
            (fmt, url_for("reports.export_matrix", cohort_id=cohort.id, fmt=fmt, **filters.as_dict()))
            for fmt in FORMATS
        ],
        **filter_choices(),
    )


def aggregate_matrix_download(cohort: Cohort, fmt: str) -> Response:
    """The same rows and columns as the page, as CSV or XLSX."""
    cohort_id, (table, filters) = cohort.id, _aggregate(cohort)
    details = {"filters": filters.as_dict(), "format": fmt, "rows": len(table.rows)}
    record_audit(signed_in_user(), "report.export", aggregate_target(cohort_id), details)
    db.session.commit()
    return download(table, f"matrix-aggregate-cohort-{cohort_id}", fmt)
