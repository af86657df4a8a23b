"""A database connection cut while a request runs (``pg_terminate_backend``): reads are retried once, writes get
the app's own error page, and the next request is served normally."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from tests.conftest import sign_in

pytestmark = pytest.mark.committing


@contextmanager
def terminate_backend_on_next_statement(app, matching: str) -> Iterator[list[int]]:
    """Kill the app's own PostgreSQL backend, from another connection, just before its next statement containing
    `matching` runs, once; yields the list of killed backend pids."""
    killed: list[int] = []
    admin = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)

    def kill(conn, cursor, statement, *args):
        if killed or matching not in statement:
            return
        pid = conn.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        killed.append(pid)

    sa.event.listen(db.engine, "before_cursor_execute", kill)
    try:
        yield killed
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", kill)
        admin.dispose()


@pytest.fixture()
def signed_in(app, client, create_user, backend):
    if backend != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    user = create_user(Role.TRAINEE)
    assert sign_in(client, user.email).status_code == 302
    return user


def test_a_read_whose_connection_is_cut_is_retried_once_and_succeeds(app, client, signed_in):
    with terminate_backend_on_next_statement(app, "FROM users") as killed:
        response = client.get("/account")
    assert killed, "the backend was not terminated"
    assert response.status_code == 200
    assert signed_in.full_name in response.text


def test_a_write_whose_connection_is_cut_gets_our_error_page_and_the_next_request_works(app, client, signed_in):
    with terminate_backend_on_next_statement(app, "FROM users") as killed:
        response = client.post("/language", data={"language": "ru", "next": "/account"})
    assert killed
    assert response.status_code == 500
    assert "X-Request-ID" in response.headers
    assert response.headers["X-Request-ID"] in response.text
    assert client.get("/account").status_code == 200


def test_a_connection_cut_after_the_page_was_ready_still_gives_the_page(app, client, signed_in):
    admin = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)

    def cut_my_connection(error=None):
        # Runs after the view, before the session is closed: the moment the reliability test caught.
        connection = db.session.connection()
        pid = connection.connection.dbapi_connection.info.backend_pid
        with admin.connect() as other:
            other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    app.teardown_request_funcs.setdefault(None, []).append(cut_my_connection)
    try:
        response = client.get("/account")
    finally:
        app.teardown_request_funcs[None].remove(cut_my_connection)
        admin.dispose()
    assert response.status_code == 200
    assert signed_in.full_name in response.text
    assert client.get("/account").status_code == 200
