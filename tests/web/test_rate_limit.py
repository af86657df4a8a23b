"""Sign-in attempts are rate-limited per address, on top of the per-account lockout."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute")


def test_too_many_sign_in_attempts_from_one_address_are_refused(client):
    attempts = [
        client.post("/sign-in", data={"email": f"x{n}@example.org", "password": "nope nope nope"}) for n in range(4)
    ]
    assert [response.status_code for response in attempts] == [200, 200, 200, 429]
    assert "Too many attempts" in attempts[-1].text


def test_reading_the_sign_in_page_is_not_limited(client):
    assert {client.get("/sign-in").status_code for _ in range(6)} == {200}


def test_the_reset_request_is_limited_too(client):
    answers = [client.post("/forgot-password", data={"email": "x@example.org"}).status_code for _ in range(4)]
    assert answers[-1] == 429


def test_pages_other_than_the_limited_forms_are_never_counted(app, client):
    """Only the decorated POSTs are checked: 20 page reads leave the sign-in allowance untouched."""
    for _ in range(20):
        client.get("/sign-in")
        client.get("/privacy")
    attempts = [
        client.post("/sign-in", data={"email": "x@example.org", "password": "nope nope nope"}) for _ in range(3)
    ]
    assert [response.status_code for response in attempts] == [200, 200, 200]
