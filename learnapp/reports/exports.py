"""Report tables written as CSV (streamed) and XLSX, as the page shows them; text that looks like a formula is escaped.

The files hold the page's columns in the page's order, titled as on the page and in the reader's language; a page
cell with several values (a module's status and score) becomes adjacent columns whose titles start with the page's
title. The XLSX adds a sheet "codes": the same columns under stable keys, with machine codes and ISO dates
(docs/reports.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask import Response

from learnapp.domain.cohort_outcome import Outcome
from learnapp.domain.report_rules import SUPPRESSED, CellState, safe_cell
from learnapp.models.types import utcnow
from learnapp.reports.tables import Coded, ReportTable

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
BOM = "\ufeff"  # lets Excel on Windows read the UTF-8 (Cyrillic names) when the file is double-clicked
WIDTH_SAMPLE = 200  # rows read to size the XLSX columns: enough to be sensible, cheap on 10,000 rows
MIN_WIDTH, MAX_WIDTH = 8, 50


def export_name(report: str, fmt: str, now: datetime | None = None) -> str:
    """A timestamped file name, e.g. ``matrix-cohort-3-20260401-090000Z.csv``."""
    stamp = (now or utcnow()).strftime("%Y%m%d-%H%M%SZ")
    return f"{report}-{stamp}.{fmt}"


def csv_lines(table: ReportTable) -> Iterator[str]:
    """The table as the page shows it, as CSV one line at a time: a byte-order mark, the titles' row, the rows.

    The rows are translated and formatted here, in the request; the lines are then written without it. Only text
    typed by people is escaped against formulas: a negative number stays a number.
    """
    titles = [safe_cell(column.title) for column in table.columns]
    rows = [
        [safe_cell(text) if isinstance(value, str) else text for value, text in zip(raw, shown, strict=True)]
        for raw, shown in zip(table.rows, table.display_rows(), strict=True)
    ]

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        yield BOM
        for row in [titles, *rows]:
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return lines()


def _shown(value: Any, labels: dict[Any, str]) -> Any:
    """A cell of the "report" sheet: text as on the page, numbers and dates kept as such for the spreadsheet."""
    if isinstance(value, CellState | Outcome | Coded) or value == SUPPRESSED:
        return labels[value]
    return safe_cell(value)


def _code(value: Any) -> Any:
    """A cell of the "codes" sheet: codes for statuses and labelled values, ISO dates, numbers as numbers."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Coded):
        return value.code
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def _size_columns(sheet: WriteOnlyWorksheet, titles: list[str], shown: list[list[str]]) -> None:
    from openpyxl.utils import get_column_letter  # see xlsx_bytes

    for index, title in enumerate(titles):
        longest = max([len(title), *(len(row[index]) for row in shown)])
        width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        dimensions = sheet.column_dimensions  # type: ignore[attr-defined]  # set by Worksheet._setup; stubs lack it
        dimensions[get_column_letter(index + 1)].width = width


def xlsx_bytes(table: ReportTable) -> bytes:
    """The table as a workbook: "report" as the page shows it, "codes" with keys and codes; headers frozen."""
    # Imported here: openpyxl adds about 7 MiB to each web worker that imports it, for the rare XLSX export.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sample = ReportTable(table.columns, table.rows[:WIDTH_SAMPLE]).display_rows()
    labels = _labels(table)
    report = workbook.create_sheet("report")
    titles = [column.title for column in table.columns]
    _size_columns(report, titles, sample)
    report.freeze_panes = "A2"
    report.append(titles)
    for row in table.rows:
        report.append([_shown(value, labels) for value in row])
    codes = workbook.create_sheet("codes")
    keys = [column.key for column in table.columns]
    _size_columns(codes, keys, [[str(_code(value) or "") for value in row] for row in table.rows[:WIDTH_SAMPLE]])
    codes.freeze_panes = "A2"
    codes.append(keys)
    for row in table.rows:
        codes.append([_code(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _labels(table: ReportTable) -> dict[Any, str]:
    """The page's text of every status, code and hidden count in the table, each translated once."""
    labelled = {
        value
        for row in table.rows
        for value in row
        if isinstance(value, CellState | Outcome | Coded) or value == SUPPRESSED
    }
    return dict(zip(labelled, ReportTable([], [list(labelled)]).display_rows()[0], strict=True)) if labelled else {}


def download(table: ReportTable, report: str, fmt: str) -> Response:
    """A download response: CSV streamed line by line, XLSX built in memory."""
    name = export_name(report, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if fmt == "csv":
        body = csv_lines(table)
        return Response(body, headers=headers, content_type="text/csv; charset=utf-8")
    return Response(xlsx_bytes(table), mimetype=XLSX_TYPE, headers=headers)
