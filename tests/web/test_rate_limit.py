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
