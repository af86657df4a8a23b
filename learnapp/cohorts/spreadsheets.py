"""Participant files as spreadsheets: reading an uploaded XLSX into the same rows as a CSV, and the templates.

The rows read here go through the same checks as a CSV file (`domain.user_records.check_enrolment_table`):
control characters, the 200-character limit on names and organisations, the limit on every other cell. openpyxl
reads in read-only mode, which streams the sheet instead of building it in memory, and reading stops after
`MAX_ROWS` rows, so that a small compressed file cannot make the server work through a million rows; an archive
that would unpack to more than `MAX_UNPACKED_BYTES` is refused before it is opened.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from learnapp.domain.user_records import ENROLMENT_COLUMNS, RecordProblem, Row

MAX_ROWS = 5000
# A 1 MB upload can unpack to gigabytes (a zip bomb): the archive's declared sizes are checked before anything is
# unpacked, and zipfile never unpacks more than an entry declares.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
XLSX_SIGNATURE = b"PK\x03\x04"  # every XLSX file is a zip archive
EXAMPLE_ROW = ("aida.bekova@example.org", "Aida Bekova", "KG", "Youth centre, Osh", "youth_institution", "female", "ru")


def is_xlsx(filename: str, data: bytes) -> bool:
    """Whether an upload is meant as a spreadsheet: by its name, or by its first bytes when the name says nothing."""
    return filename.lower().endswith(".xlsx") or data.startswith(XLSX_SIGNATURE)


def _text(value: Any) -> str:
    """A cell as the text a person typed: whole numbers without ".0", dates as ISO dates, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _rows(cells: Iterable[Sequence[Any]]) -> list[Row] | RecordProblem:
    rows: list[Row] = []
    for number, values in enumerate(cells, start=1):
        if number > MAX_ROWS + 1:
            message = f"the file has more than {MAX_ROWS} rows; split it"
            return RecordProblem(number, "-", message, "too_many_rows", (("limit", str(MAX_ROWS)),))
        texts = [_text(value) for value in values]
        while texts and not texts[-1].strip():  # formatted but empty cells at the end of a row
            texts.pop()
        if texts or number == 1:
            rows.append((texts, number))
    return rows


def read_xlsx_table(data: bytes) -> tuple[list[str], list[Row]] | RecordProblem:
    """The header and rows of the first sheet of an XLSX file, or the problem that stops it being read."""
    unreadable = RecordProblem(1, "-", "cannot be read as an XLSX file", "unreadable_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return unreadable
    if unpacked > MAX_UNPACKED_BYTES:
        megabytes = str(MAX_UNPACKED_BYTES // (1024 * 1024))
        message = f"the workbook unpacks to more than {megabytes} MB; upload a CSV file instead"
        return RecordProblem(1, "-", message, "unpacks_too_large", (("limit", megabytes),))
    # openpyxl (7 MiB, and Pillow with it) is imported only when a workbook is read or written: most web workers
    # never handle one (tests/test_start_up.py).
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops (data validation, styles)
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # a hostile or broken file: zip, XML and value errors of every kind
            return unreadable
        try:
            rows = _rows(workbook.worksheets[0].iter_rows(values_only=True)) if workbook.worksheets else []
        except Exception:  # the sheet's XML is read only now, row by row
            return unreadable
        finally:
            workbook.close()
    if isinstance(rows, RecordProblem):
        return rows
    if not rows:
        return [], []
    (header, _line), *body = rows
    return [name.strip() for name in header], body


def template_csv() -> bytes:
    """The CSV template: the header row and one example row, UTF-8 with a BOM so that Excel reads it right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([ENROLMENT_COLUMNS, EXAMPLE_ROW])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(sheet_titles: tuple[str, str], value_header: Sequence[str], values: Iterable[Sequence[str]]) -> bytes:
    """The XLSX template: a sheet with the header row and one example row, a second listing the allowed values.

    `values` are rows of (column, code, label in the reader's language) under `value_header`.
    """
    from openpyxl import Workbook  # see read_xlsx_table

    workbook = Workbook()
    people = workbook.active
    assert people is not None  # a new workbook always has one sheet
    people.title = sheet_titles[0][:31]
    people.append(list(ENROLMENT_COLUMNS))
    people.append(list(EXAMPLE_ROW))
    people.freeze_panes = "A2"
    for letter in "ABCDEFG":
        people.column_dimensions[letter].width = 24
    allowed = workbook.create_sheet(sheet_titles[1][:31])
    allowed.append(list(value_header))
    for row in values:
        allowed.append(list(row))
    allowed.freeze_panes = "A2"
    for letter, width in zip("ABC", (20, 22, 44), strict=True):
        allowed.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
