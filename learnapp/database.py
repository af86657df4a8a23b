"""Database engine settings that SQLAlchemy cannot express in a URL."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for every new SQLite connection.

    WAL lets readers work while a writer commits; foreign keys are off by default in SQLite. An in-memory
    database cannot use WAL and keeps its default journal, which SQLite handles by itself.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def register_sqlite_pragmas() -> None:
    """Listen for new connections once per process."""
    if not sa.event.contains(sa.engine.Engine, "connect", _set_sqlite_pragmas):
        sa.event.listen(sa.engine.Engine, "connect", _set_sqlite_pragmas)
