"""Bulk loading for the benchmarks: rows written in batches, by executemany, or by COPY on PostgreSQL.

Rows are dicts of column values with explicit ids; nothing is read back. After a load, `finish` moves PostgreSQL's
sequences past those ids (in the load's transaction) and `vacuum` gathers statistics (after it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

BATCH = 20_000


def insert(connection: sa.Connection, model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Insert `rows` in batches: executemany, or COPY on PostgreSQL (several times faster); return how many."""
    write = _copy if connection.dialect.name == "postgresql" else _executemany
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            write(connection, model.__table__, batch)
            count, batch = count + len(batch), []
    if batch:
        write(connection, model.__table__, batch)
    return count + len(batch)


def _executemany(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    connection.execute(sa.insert(table), rows)


def _copy(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """COPY the rows in the connection's transaction, with the columns' Python defaults filled in as an insert would.

    JSON values go as their text, as SQLAlchemy would send them.
    """
    defaults = {
        column.name: column.default for column in table.columns if column.default and column.name not in rows[0]
    }
    columns = [*rows[0], *defaults]
    is_json = [isinstance(table.columns[name].type, sa.JSON) for name in rows[0]]
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            values = [
                json.dumps(value) if as_json else value for value, as_json in zip(row.values(), is_json, strict=True)
            ]
            missing = [default.arg if default.is_scalar else default.arg(None) for default in defaults.values()]
            copy.write_row([*values, *missing])


def finish(connection: sa.Connection) -> None:
    """On PostgreSQL, move the sequences past the explicit ids, as inserts without ids would have."""
    if connection.dialect.name != "postgresql":
        return
    inspector = sa.inspect(connection)
    for table in inspector.get_table_names():
        if any(column["name"] == "id" for column in inspector.get_columns(table)):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(
                sa.text(f"SELECT setval({sequence}, coalesce((SELECT max(id) FROM {table}), 0) + 1, false)")
            )


def vacuum(engine: sa.Engine) -> None:
    """On PostgreSQL, VACUUM ANALYZE, as autovacuum soon would after a bulk load: statistics, visibility map."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
