"""One schema per test session and backend, and one rolled-back transaction per test (see `tests/conftest.py`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask

from config import TestConfig
from learnapp import create_app
from learnapp.extensions import db

# A builder of data shared by a module's tests: called as ``build(tmp_path)`` in an application context whose
# session writes into the module's transaction; it commits and returns plain values (ids), not ORM objects.
Builder = Callable[[Any], Any]


def app_engines(app: Flask) -> dict[str | None, Any]:
    """The mapping of bind keys to engines that Flask-SQLAlchemy's session reads for `app` (mutable)."""
    with app.app_context():
        return db.engines  # type: ignore[return-value]


def use_explicit_sqlite_transactions(engine: sa.Engine) -> None:
    """Let SQLAlchemy, not pysqlite, begin SQLite transactions, so that SAVEPOINT and RELEASE nest properly.

    pysqlite begins a transaction only before DML; a SAVEPOINT issued first would become the outermost
    transaction and its RELEASE a commit. This is the recipe of SQLAlchemy's pysqlite documentation
    ("Serializable isolation / Savepoints / Transactional DDL"). The app's own connect hook (foreign keys, WAL,
    ``median``) still runs: it listens on every engine.
    """

    @sa.event.listens_for(engine, "connect")
    def driver_autocommit(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def emit_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")


class SessionSchema:
    """The schema of one backend, created once for the session; apps for it, one per set of config overrides.

    Every app shares this schema's engine. A test runs in `rolled_back`: one connection, one outer transaction
    rolled back at the end, and the app's sessions bound to that connection in SAVEPOINTs of their own.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self._apps: dict[tuple[tuple[str, str], ...], Flask] = {}
        base = self.app_for({})
        with base.app_context():
            self.engine: sa.Engine = db.engine
            if self.is_sqlite:
                use_explicit_sqlite_transactions(self.engine)
            db.create_all()
            self._restart_ids = restart_ids_statement(self.engine)

    def app_for(self, overrides: dict[str, Any]) -> Flask:
        """The app for these ``app_config`` overrides, built on first use and kept for the session."""
        key = tuple(sorted((name, repr(value)) for name, value in overrides.items()))
        if key not in self._apps:
            app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=self.url, **overrides)
            if self._apps:
                engines = app_engines(app)
                engines[None].dispose()
                engines[None] = self.engine
            self._apps[key] = app
        return self._apps[key]

    @contextmanager
    def rolled_back(self, app: Flask, world: ModuleWorld | None = None) -> Iterator[sa.Connection]:
        """Bind every session of `app` to one connection inside a transaction that is rolled back afterwards.

        With a `world`, the test runs in a SAVEPOINT inside the module's transaction, on top of its shared data.
        """
        if world is not None:
            connection = world.connection
            transaction = connection.begin_nested()
        else:
            connection = self.engine.connect()
            transaction = connection.begin()
        engines = app_engines(app)
        try:
            self.restart_ids(connection)
            engines[None] = connection
            yield connection
        finally:
            engines[None] = self.engine
            if transaction.is_active:
                transaction.rollback()
            if world is None:
                connection.close()

    def restart_ids(self, connection: sa.Connection) -> None:
        """PostgreSQL sequences ignore rollbacks: set each to the next free id, as SQLite's rowids are."""
        if self._restart_ids is not None:
            connection.execute(self._restart_ids)

    def dispose(self) -> None:
        """Close the engine's connections (the PostgreSQL database is dropped by its own fixture)."""
        self.engine.dispose()


def restart_ids_statement(engine: sa.Engine) -> sa.TextClause | None:
    """One statement that moves every PostgreSQL id sequence to the table's largest id plus one (None on SQLite).

    The sequences are looked up when it runs, in the connection's search path, so that it serves a module's own
    schema (`ModuleWorld`) as well as the session's.
    """
    if engine.dialect.name != "postgresql":
        return None
    resets = []
    with engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            column = table.autoincrement_column
            serial = f"pg_get_serial_sequence('{table.name}', '{column.name}')" if column is not None else None
            if serial is not None and connection.scalar(sa.text(f"SELECT {serial}")) is not None:
                resets.append(
                    f"setval({serial}, COALESCE((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
                )
    return sa.text(f"SELECT {', '.join(resets)}") if resets else None


class ModuleWorld:
    """Data that some tests of a module share on one backend, built once in a transaction that wraps the module.

    The data lives in a database of its own, so that the module's other tests never see it: on SQLite another
    in-memory database, on PostgreSQL a schema created inside the module's transaction (first in its search path).
    Each test that asks for it runs in a SAVEPOINT inside that transaction (`SessionSchema.rolled_back`): it sees the
    data, may change it, and leaves it as it found it. The transaction, schema and all, is rolled back at the end.
    """

    def __init__(self, schema: SessionSchema, app: Flask, build: Builder, tmp_path: Any) -> None:
        self._engine: sa.Engine | None = None
        if schema.is_sqlite:
            self._engine = sa.create_engine(
                "sqlite://", poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
            )
            use_explicit_sqlite_transactions(self._engine)
            db.metadata.create_all(self._engine)
            self.connection = self._engine.connect()
        else:
            self.connection = schema.engine.connect()
        self._transaction = self.connection.begin()
        engines = app_engines(app)
        try:
            if not schema.is_sqlite:
                name = f"module_data_{uuid.uuid4().hex[:12]}"
                self.connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
                self.connection.exec_driver_sql(f'SET LOCAL search_path TO "{name}"')
                db.metadata.create_all(self.connection)
            schema.restart_ids(self.connection)
            engines[None] = self.connection
            with app.app_context():
                self.data = build(tmp_path)
                db.session.commit()
                db.session.remove()
        except BaseException:
            self.close()
            raise
        finally:
            engines[None] = schema.engine

    def close(self) -> None:
        """Roll the module's data back and give the connection back."""
        self._transaction.rollback()
        self.connection.close()
        if self._engine is not None:
            self._engine.dispose()
