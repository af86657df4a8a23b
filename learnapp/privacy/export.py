"""Download my data: a .zip with one JSON file of everything about a person and one readable CSV file per table.

What goes in comes from the register (`register.exported_columns`): every personal table, its rows that belong to
the person, and their registered columns (secrets left out). Audit entries are those the person made and those
about them (a target ending in ``user:<id>``). One statement per table, whatever the person's history.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import AuditEvent, User
from learnapp.models.types import utcnow
from learnapp.privacy.notice import NOTICE_VERSION
from learnapp.privacy.register import REGISTER, SUBJECT_COLUMN, THROUGH_PARENT, exported_columns

AUDIT_EXPORT = "privacy.export"


def subject_target(user_id: int) -> str:
    """The audit target of an action about a person (never their name or email)."""
    return f"user:{user_id}"


def _table(name: str) -> sa.Table:
    return db.Model.metadata.tables[name]


def _owned_rows_query(name: str, user_id: int) -> sa.Select[Any]:
    table = _table(name)
    columns = [table.c[column] for column in exported_columns(name)]
    condition: sa.ColumnElement[bool]
    if name in THROUGH_PARENT:
        link, parent_name = THROUGH_PARENT[name]
        parent = _table(parent_name)
        owned = sa.select(parent.c.id).where(parent.c[SUBJECT_COLUMN[parent_name]] == user_id)
        condition = table.c[link].in_(owned)
    else:
        condition = table.c[SUBJECT_COLUMN[name]] == user_id
    if name == AuditEvent.__tablename__:
        target = table.c.target
        about = sa.or_(target == subject_target(user_id), target.like(f"%:{subject_target(user_id)}"))
        condition = sa.or_(condition, about)
    return sa.select(*columns).where(condition).order_by(*table.primary_key.columns)


def personal_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every registered table's rows about `user`, as plain dictionaries of the exported columns."""
    return {
        name: [dict(row._mapping) for row in db.session.execute(_owned_rows_query(name, user.id))] for name in REGISTER
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _csv_cell(value: Any) -> str:
    """A readable cell: dates as ISO text, JSON values as JSON, a leading quote before formula characters."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(_plain(value))
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) else text


def _csv(name: str, rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(exported_columns(name))
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in exported_columns(name)])
    return buffer.getvalue()


def export_archive(user: User) -> bytes:
    """The person's data as a .zip: ``data.json`` and one CSV per table (UTF-8 with a BOM, for spreadsheets)."""
    data = personal_data(user)
    document = {
        "generated_at": utcnow().isoformat(),
        "privacy_notice_version": NOTICE_VERSION,
        "tables": {
            name: [{key: _plain(value) for key, value in row.items()} for row in rows] for name, rows in data.items()
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in data.items():
            archive.writestr(f"{name}.csv", "\ufeff" + _csv(name, rows))
    return buffer.getvalue()


def archive_name(user: User) -> str:
    """The download's file name: the account number and the date, never the name or email."""
    return f"my-data-{user.id}-{utcnow().date().isoformat()}.zip"


def record_export(user: User, actor: User | None) -> None:
    """Log the export in the audit log: who asked (None for the command line) and whose data it was."""
    event = AuditEvent(user_id=actor.id if actor else None, action=AUDIT_EXPORT, target=subject_target(user.id))
    db.session.add(event)
    db.session.flush()
