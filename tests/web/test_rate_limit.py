"""Sign-in attempts are rate-limited per address, on top of the per-account lockout."""

from __future__ import annotations

import pytest

from config import TestConfig
from learnapp import create_app
from learnapp.extensions import db
from tests.conftest import FormClient


@pytest.fixture()
def limited_app(database_url):
    app = create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute"
    )
    app.test_client_class = FormClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_too_many_sign_in_attempts_from_one_address_are_refused(limited_app):
    client = limited_app.test_client()
    attempts = [
        client.post("/sign-in", data={"email": f"x{n}@example.org", "password": "nope nope nope"}) for n in range(4)
    ]
    assert [response.status_code for response in attempts] == [200, 200, 200, 429]
    assert "Too many attempts" in attempts[-1].text


def test_reading_the_sign_in_page_is_not_limited(limited_app):
    client = limited_app.test_client()
    assert {client.get("/sign-in").status_code for _ in range(6)} == {200}
