"""Redis down: sign-in keeps working, rate limits fall back to per-process memory, the lockout still holds."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from config import TestConfig
from learnapp import create_app
from learnapp.domain.profiles import Role
from learnapp.extensions import limiter
from tests.conftest import TEST_PASSWORD, sign_in
from tests.support.redis_server import free_port, own_redis_server, stop

REDIS_PORT = free_port()
FAILURE_MESSAGE = "The email or password is not right, or the account is locked."

pytestmark = pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{REDIS_PORT}/0",
    SIGN_IN_RATE_LIMIT="6 per minute",
    LOCKOUT_THRESHOLD=3,
)


@pytest.fixture()
def redis_server() -> Iterator[object]:
    """This test's own redis-server; afterwards the shared limiter goes back to memory for the other tests."""
    with own_redis_server(REDIS_PORT) as process:
        yield process
    create_app(TestConfig)  # binds the global limiter to a memory:// storage again
    # Flask-Limiter keeps "storage is dead" on the global object and warns only on the way in: start the next run
    # (the other backend) from a live storage, so that it sees the switch and its WARNING too.
    limiter._storage_dead = False


def test_sign_in_survives_redis_going_down_and_limits_fall_back_to_memory(
    redis_server, app, client, create_user, caplog
):
    trainee, target = create_user(Role.TRAINEE), create_user(Role.TRAINEE)
    assert sign_in(client, trainee.email).status_code == 302

    stop(redis_server)
    caplog.set_level(logging.WARNING)
    other_browser = app.test_client()
    assert sign_in(other_browser, trainee.email).status_code == 302
    assert any("falling back to in-memory storage" in record.getMessage() for record in caplog.records)

    attacker = app.test_client()
    wrong = [sign_in(attacker, target.email, "not the right password") for _ in range(3)]
    locked = sign_in(attacker, target.email, TEST_PASSWORD)
    assert [response.status_code for response in (*wrong, locked)] == [200, 200, 200, 200]
    assert FAILURE_MESSAGE in locked.text  # the database lockout holds without Redis

    assert sign_in(attacker, target.email, "not the right password").status_code == 200
    refused = sign_in(attacker, target.email, "not the right password")
    assert refused.status_code == 429  # the seventh attempt in a minute, counted in this process's memory
