"""Database engine settings that SQLAlchemy cannot express in a URL."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import sqlalchemy as sa
from flask import Flask, request
from flask.wrappers import Response
from sqlalchemy.exc import DBAPIError

from learnapp.domain.report_rules import median
from learnapp.extensions import db

logger = logging.getLogger(__name__)
# Requests that change nothing may be run twice; a POST is never replayed behind the user's back.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for every new SQLite connection, and add ``median``.

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
    # typeshed's aggregate protocol wants int in and out; SQLite passes and takes any SQL value (here REAL or NULL).
    dbapi_connection.create_aggregate("median", 1, _Median)  # type: ignore[arg-type]


class _Median:
    """SQLite's missing ``median(x)`` aggregate (PostgreSQL has ``percentile_cont``); NULLs are left out."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        """Take one row's value."""
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        """The median of the values taken, None when there were none."""
        return median(self.values)


def register_sqlite_pragmas() -> None:
    """Listen for new connections once per process."""
    if not sa.event.contains(sa.engine.Engine, "connect", _set_sqlite_pragmas):
        sa.event.listen(sa.engine.Engine, "connect", _set_sqlite_pragmas)


def is_dropped_connection(error: BaseException) -> bool:
    """Whether `error` is the database connection going away (server restart, ``pg_terminate_backend``)."""
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class RetryingFlask(Flask):
    """A Flask app that answers a read once more when its database connection dropped under it.

    pool_pre_ping replaces dead connections before a request starts; this covers the connection that dies while
    the request runs. Only idempotent requests are retried, once, from the start (before-request hooks
    included), on a fresh connection; anything else reaches the error page as before.
    """

    def full_dispatch_request(self) -> Response:
        """Dispatch; on a dropped connection during a GET, HEAD or OPTIONS, roll back and dispatch again."""
        try:
            return super().full_dispatch_request()
        except DBAPIError as error:
            if request.method not in IDEMPOTENT_METHODS or not is_dropped_connection(error):
                raise
            logger.warning("Database connection dropped during %s %s: retrying once", request.method, _route())
            db.session.rollback()
            return super().full_dispatch_request()


def close_session(error: BaseException | None = None) -> None:
    """End the request's session, even when its connection died after the response was ready.

    Flask-SQLAlchemy's own teardown rolls back on the connection; a connection that was cut meanwhile makes that
    rollback raise after the view succeeded, and the exception would escape to gunicorn (its bare 500 page). This
    teardown runs first: on a dropped connection it discards the session and lets the pool replace the connection.
    """
    try:
        db.session.remove()
    except DBAPIError as failure:
        if not is_dropped_connection(failure):
            raise
        logger.warning("Database connection dropped after the response was ready: session discarded")
        db.session.registry.clear()


def register_session_teardown(app: Flask) -> None:
    """Run `close_session` before Flask-SQLAlchemy's teardown (teardowns run in reverse order of registration)."""
    app.teardown_appcontext(close_session)


def _route() -> str:
    return request.url_rule.rule if request.url_rule else "unmatched"
