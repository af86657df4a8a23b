"""Shared fixtures in the style of flaskr: app, client, runner, db, login_as, factories, count_queries.

Every test that touches the database runs once on SQLite and, when TEST_DATABASE_URL is set, once more on
PostgreSQL, in a database of its own that is dropped at the end of the session.
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
from learnapp.accounts.operations import create_user as create_user_operation
from learnapp.domain.profiles import Role, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db as _db
from learnapp.models import User
from tests.support.postgres import postgres_database

IS_CI = os.environ.get("CI") == "true"
TEST_PASSWORD = "correct horse battery staple"


def database_backends() -> list[Any]:
    """SQLite always; PostgreSQL when TEST_DATABASE_URL names a server (in CI it must)."""
    backends: list[Any] = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("TEST_DATABASE_URL") or IS_CI:
        backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql))
    return backends


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, dropped at the end of the session."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run.")
    with postgres_database(server_url) as url:
        yield url


@pytest.fixture(params=database_backends())
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database for one test."""
    if request.param == "sqlite":
        return "sqlite://"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture()
def app(database_url: str, request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app on a fresh schema; the schema is dropped after the test.

    ``@pytest.mark.app_config(NAME=value, ...)`` on a test overrides configuration values.
    """
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **overrides)
    app.test_client_class = FormClient
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


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
    counter = iter(range(1, 1_000_000))

    def make(role: Role = Role.TRAINEE, password: str | None = TEST_PASSWORD, **fields: Any) -> User:
        number = next(counter)
        record = UserRecord(
            email=fields.pop("email", f"{role.value}{number}@example.org"),
            full_name=fields.pop("full_name", f"{role.value.title()} Number{number}"),
            role=role,
            country=fields.pop("country", "KZ"),
            stakeholder_group=fields.pop("stakeholder_group", StakeholderGroup.CIVIL_SOCIETY),
        )
        user = create_user_operation(record, password)
        for name, value in fields.items():
            setattr(user, name, value)
        _db.session.commit()
        return user

    return make


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
    """Context manager counting the SQL statements the app runs, e.g. during one request."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not re.match(r"\s*(SAVEPOINT|RELEASE|PRAGMA)", statement, re.IGNORECASE):
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
    from learnapp.author.sync import MEDIA_BASE, sync_modules
    from learnapp.domain.loader import load_tree
    from learnapp.models import Module
    from tests.support.module_tree import write_module

    root = tmp_path / "published-modules"

    def make(module_id: str | None = "alpha", **options: Any) -> Any:
        if module_id is not None:
            write_module(root, module_id, **options)
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, [str(problem) for problem in result.problems]
        sync_modules(result.modules)
        _db.session.commit()
        return _db.session.scalar(sa.select(Module).filter_by(slug=module_id))

    return make
