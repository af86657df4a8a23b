"""The session cookie: re-signed when it changes, and otherwise at most every few minutes (the idle timeout slides)."""

from __future__ import annotations

import time

import pytest

from learnapp.domain.profiles import Role
from tests.conftest import sign_in


def _sets_session_cookie(response) -> bool:
    return any(header.startswith("learnapp_session=") for header in response.headers.getlist("Set-Cookie"))


def test_pages_read_just_after_signing_in_send_no_new_session_cookie(client, login_as):
    login_as(Role.TRAINEE)
    client.get("/privacy")  # the first form of the session adds its CSRF token to the session: that one is sent
    response = client.get("/privacy")
    assert response.status_code == 200
    assert not _sets_session_cookie(response)


def test_signing_in_and_changing_the_session_send_the_cookie_at_once(client, login_as, create_user):
    user = create_user(Role.TRAINEE)
    assert _sets_session_cookie(sign_in(client, user.email))
    switched = client.post("/language", data={"language": "ru", "next": "/privacy"})
    assert switched.status_code == 302
    assert _sets_session_cookie(switched)


@pytest.mark.app_config(SESSION_REFRESH_AFTER_SECONDS=0)
def test_an_unchanged_session_is_re_signed_once_the_refresh_interval_has_passed(client, login_as):
    """The idle timeout slides with use: past the interval, a page read sends the cookie again, still valid."""
    login_as(Role.TRAINEE)
    response = client.get("/privacy")
    assert _sets_session_cookie(response)
    assert client.get("/account").status_code == 200


def test_a_session_cookie_older_than_the_session_lifetime_signs_the_user_out(app, client, login_as, monkeypatch):
    login_as(Role.TRAINEE)
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    response = client.get("/")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
