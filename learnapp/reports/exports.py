"""Report tables written as CSV (streamed) and XLSX: numbers stay numbers, text that looks like a formula is escaped."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from flask import Response
from openpyxl import Workbook

from learnapp.domain.report_rules import safe_cell
from learnapp.models.types import utcnow
from learnapp.reports.tables import ReportTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def export_name(report: str, fmt: str, now: datetime | None = None) -> str:
    """A timestamped file name, e.g. ``matrix-cohort-3-20260401-090000Z.csv``."""
    stamp = (now or utcnow()).strftime("%Y%m%d-%H%M%SZ")
    return f"{report}-{stamp}.{fmt}"


def _plain(value: Any) -> Any:
    """A cell value for a file: enum codes as text, dates kept, other text escaped against formula injection."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str):
        return safe_cell(value)
    return value


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_lines(table: ReportTable) -> Iterator[str]:
    """The table as CSV, one line at a time; the header row holds the columns' stable keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [[column.key for column in table.columns], *table.rows]:
        writer.writerow([_csv_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_bytes(table: ReportTable) -> bytes:
    """The table as a one-sheet workbook: a header row of keys, then numeric and date cells as such."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("report")
    sheet.append([column.key for column in table.columns])
    for row in table.rows:
        sheet.append([_plain(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def download(table: ReportTable, report: str, fmt: str) -> Response:
    """A download response: CSV streamed line by line, XLSX built in memory."""
    name = export_name(report, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        body = csv_lines(table)  # needs no request context: the table is already read
        return Response(body, headers=headers, content_type="text/csv; charset=utf-8")
    return Response(xlsx_bytes(table), mimetype=XLSX_TYPE, headers=headers)
