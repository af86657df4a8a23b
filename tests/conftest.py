"""Shared fixtures in the style of flaskr and Indico: app, client, runner, db, login_as, factories, count_queries.

Every test that touches the database runs once on SQLite and, when TEST_DATABASE_URL is set, once more on
PostgreSQL.

How a test gets its database (the pattern Indico uses). The schema is created once per session and backend: SQLite
in memory (one shared connection, StaticPool), PostgreSQL in a throw-away database that is dropped at the end of the
session (`tests.support.postgres`). Each test then runs inside one outer transaction on one connection, rolled back
at the end of the test, so no test sees what another wrote (`tests.support.database.SessionSchema.rolled_back`).

How the app's sessions join that transaction. Flask-SQLAlchemy 3.1 scopes `db.session` to the app context, and its
`Session.get_bind` takes the engine from ``db.engines`` (the mapping kept for each app in
``app.extensions["sqlalchemy"]``), ignoring a ``bind=`` session option. So the fixture puts the test's connection in
that mapping in place of the engine, as the Flask-SQLAlchemy maintainers suggest (pallets-eco/flask-sqlalchemy#1167):
every session of the test binds to it, the test's own and the one of each request, which `FormClient` runs in an app
context of its own. The session factory has ``join_transaction_mode="create_savepoint"``, so each session works in a
SAVEPOINT: the app's `commit()` releases it, its `rollback()` returns to it, and neither ends the outer transaction.
On SQLite, SQLAlchemy rather than pysqlite begins transactions, or the first RELEASE would commit
(`use_explicit_sqlite_transactions`); the app's connect hook still turns foreign keys on. PostgreSQL sequences ignore
rollbacks, so each test first sets them to the next free id: ids start at 1 in an empty database, as before.

Apps are built once per backend and set of ``@pytest.mark.app_config(NAME=value)`` overrides (building one costs
about 20 ms, more than most tests) and all share the backend's engine; Flask-Limiter keeps its switch and counters
on the global `limiter`, so the fixture resets them for each test.

Opting out: ``@pytest.mark.committing`` gives a test the old fresh-schema behaviour (an app and engine of its own, a
schema created before and dropped after the test), for a test that needs committed data, several connections or
threads, or that checks the app's own transaction handling. A module whose many tests read the same data can build it
once per backend with ``pytestmark = pytest.mark.module_data(build=build)``; its tests that ask for the
`module_data` fixture then run on top of it (see `module_data`).
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from config import TestConfig
from learnapp import create_app
from learnapp.domain.profiles import Role
from learnapp.extensions import db as _db
from learnapp.extensions import limiter
from learnapp.frames import forget_site_frames
from learnapp.learn.content import forget_cached_contents
from learnapp.learn.pages import forget_lesson_frames
from learnapp.models import User
from learnapp.progress.cards import forget_card_contents
from tests.support.database import ModuleWorld, SessionSchema
from tests.support.postgres import postgres_database
from tests.support.publishing import publisher
from tests.support.users import TEST_PASSWORD, user_factory

IS_CI = os.environ.get("CI") == "true"


def database_backends() -> list[Any]:
    """SQLite always; PostgreSQL when TEST_DATABASE_URL names a server (in CI it must)."""
    backends: list[Any] = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("TEST_DATABASE_URL") or IS_CI:
        backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql))
    return backends


def postgres_server_url() -> str:
    """The server of TEST_DATABASE_URL; the PostgreSQL tests fail without it."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run.")
    return server_url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An empty database of its own on the PostgreSQL server, for tests that build their own schema; dropped at the
    end of the session."""
    with postgres_database(postgres_server_url()) as url:
        yield url


@pytest.fixture(scope="session", autouse=True)
def savepoint_sessions() -> Iterator[None]:
    """Sessions bound to a test's connection work in SAVEPOINTs (no effect on sessions bound to an engine)."""
    factory = _db.session.session_factory
    factory.configure(join_transaction_mode="create_savepoint")
    yield
    factory.kw.pop("join_transaction_mode")


@pytest.fixture(autouse=True)
def empty_content_caches() -> None:
    """Each test starts with empty per-process content caches: rolled-back data reuses ids from test to test."""
    forget_cached_contents()
    forget_card_contents()
    forget_lesson_frames()
    forget_site_frames()


@pytest.fixture(scope="session")
def sqlite_schema() -> Iterator[SessionSchema]:
    """The session's schema on SQLite, in memory."""
    schema = SessionSchema("sqlite://")
    yield schema
    schema.dispose()


@pytest.fixture(scope="session")
def postgresql_schema() -> Iterator[SessionSchema]:
    """The session's schema on PostgreSQL, in a throw-away database of its own, dropped at the end."""
    with postgres_database(postgres_server_url()) as url:
        schema = SessionSchema(url)
        yield schema
        schema.dispose()


@pytest.fixture(params=database_backends())
def backend(request: pytest.FixtureRequest) -> str:
    """The database the test runs on: ``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture()
def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, for a test that builds its own schema."""
    if backend == "sqlite":
        return "sqlite://"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def module_worlds() -> Iterator[dict[str, ModuleWorld]]:
    """The module's shared data, per backend, rolled back when the module's tests are done."""
    worlds: dict[str, ModuleWorld] = {}
    yield worlds
    for world in worlds.values():
        world.close()


def _module_world(request: pytest.FixtureRequest, backend: str, schema: SessionSchema, app: Flask) -> Any:
    """The module's shared data on this backend, built on first use, for a test that asks for `module_data`."""
    if "module_data" not in request.fixturenames:
        return None
    module = request.node.getparent(pytest.Module)
    marker = module.get_closest_marker("module_data") if module else None
    if marker is None:
        pytest.fail("module_data needs pytestmark = pytest.mark.module_data(build=build) in the test module")
    worlds = request.getfixturevalue("module_worlds")
    if backend not in worlds:
        tmp_path = request.getfixturevalue("tmp_path_factory").mktemp("module-data")
        worlds[backend] = ModuleWorld(schema, app, marker.kwargs["build"], tmp_path)
    return worlds[backend]


@pytest.fixture()
def app(backend: str, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """The app, in a transaction of the session's schema that is rolled back after the test.

    ``@pytest.mark.app_config(NAME=value, ...)`` on a test overrides configuration values;
    ``@pytest.mark.committing`` gives it a fresh schema of its own instead (see the module docstring).
    """
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    if request.node.get_closest_marker("committing"):
        yield from _fresh_schema_app(request.getfixturevalue("database_url"), overrides)
        return
    schema: SessionSchema = request.getfixturevalue(f"{backend}_schema")
    app = schema.app_for(overrides)
    app.test_client_class = FormClient
    _reset_rate_limits(app)
    world = _module_world(request, backend, schema, app)
    with schema.rolled_back(app, world), app.app_context():
        yield app
        _db.session.remove()


def _fresh_schema_app(database_url: str, overrides: dict[str, Any]) -> Iterator[Flask]:
    """An app on a fresh schema, dropped after the test."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **overrides)
    app.test_client_class = FormClient
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def _reset_rate_limits(app: Flask) -> None:
    """Flask-Limiter's switch is the last app's ``RATELIMIT_ENABLED``, and its counters outlive a test: reset both."""
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    if limiter.enabled:
        limiter.reset()


@pytest.fixture()
def module_data(app: Flask, backend: str, request: pytest.FixtureRequest) -> Any:
    """What the module's ``pytestmark = pytest.mark.module_data(build=build)`` built, once per backend.

    ``build(tmp_path)`` runs in an app context before the first test that asks for `module_data` on each backend,
    commits into a transaction that wraps the module (in a database of its own: `tests.support.database.ModuleWorld`),
    and returns plain values (ids): its objects belong to no test's session. A test that asks for `module_data` runs
    in a SAVEPOINT on top of that data and leaves it as it found it; the module's other tests never see it.
    """
    worlds = request.getfixturevalue("module_worlds")
    if backend not in worlds:
        pytest.fail("a committing test has a database of its own, without the module's data")
    return worlds[backend].data


@pytest.fixture()
def db(app: Flask) -> Any:
    """The database handle, bound to the test's app."""
    return _db


class FormClient(FlaskClient):
    """A test client that sends a valid CSRF token with every POST, as a browser with the page open would.

    Pass ``csrf=False`` to send a POST without one.

    Each request runs in an application context of its own, as in production: Flask reuses an already pushed
    context, and the test's would otherwise carry `g` (Flask-Login's cached user) and the database session
    from one request into the next, hiding exactly the bugs these tests look for.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        def fresh_context_request() -> Any:
            _cv_app.set(None)  # type: ignore[arg-type]
            return super(FormClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(fresh_context_request)

    def post(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        if csrf:
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)

    def csrf_token(self) -> str:
        """Sign the session's raw token the way Flask-WTF does, creating it if needed."""
        app = self.application
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", os.urandom(20).hex())
        serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        return str(serializer.dumps(raw))


@pytest.fixture()
def client(app: Flask) -> FormClient:
    """A browser-like client."""
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture()
def runner(app: Flask) -> Any:
    """Runs `flask` commands against the test app."""
    return app.test_cli_runner()


@pytest.fixture()
def create_user(app: Flask) -> Callable[..., User]:
    """Factory: a committed user with a known password; any profile field can be overridden."""
    return user_factory()


def sign_in(client: FormClient, email: str, password: str = TEST_PASSWORD, next_url: str = "") -> Any:
    """Post the sign-in form as a person would."""
    return client.post("/sign-in", data={"email": email, "password": password, "next": next_url})


@pytest.fixture()
def login_as(client: FormClient, create_user: Callable[..., User]) -> Callable[..., User]:
    """Sign the test client in as a new user of `role` and return that user."""

    def login(role: Role, **fields: Any) -> User:
        user = create_user(role, **fields)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.text
        return user

    return login


@dataclass
class QueryCounter:
    """The SQL statements run inside a `count_queries` block."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)


@pytest.fixture()
def count_queries(app: Flask) -> Callable[[], Any]:
    """Context manager counting the SQL statements the app runs, e.g. during one request.

    Savepoint statements (SAVEPOINT, RELEASE, ROLLBACK TO SAVEPOINT) are not counted: the test's transaction adds
    them around each session, where the app alone would send BEGIN, COMMIT and ROLLBACK, which the driver sends
    without a cursor and which were never counted either.
    """

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK TO SAVEPOINT|PRAGMA)", statement, re.IGNORECASE):
                counter.statements.append(statement)

        engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture()
def publish(app: Flask, tmp_path: Any) -> Callable[..., Any]:
    """Factory: write modules with `tests.support.module_tree.write_module` options, sync them, return the tree.

    ``publish("alpha", order=1, body="...")`` publishes one module; call it again to add or change modules.
    Returns the `Module` row of the module just published. ``publish(None)`` syncs the tree again as it is on disk
    (after a test edited or removed a file).
    """
    return publisher(tmp_path / "published-modules")
