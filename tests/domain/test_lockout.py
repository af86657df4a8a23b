"""Locking an account after repeated failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from learnapp.domain.lockout import LockoutPolicy, SignInState, after_failure, after_success, is_locked

POLICY = LockoutPolicy(threshold=3, duration=timedelta(minutes=15))
NOW = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
FRESH = SignInState(failed_sign_ins=0, locked_until=None)


def fail(times: int, state: SignInState = FRESH, at: datetime = NOW) -> SignInState:
    for _ in range(times):
        state = after_failure(state, POLICY, at)
    return state


def test_failures_below_the_threshold_do_not_lock():
    state = fail(2)
    assert state.failed_sign_ins == 2
    assert not is_locked(state, NOW)


def test_reaching_the_threshold_locks_for_the_policy_duration():
    state = fail(3)
    assert is_locked(state, NOW + timedelta(minutes=14))
    assert not is_locked(state, NOW + timedelta(minutes=15))


def test_after_a_lock_expires_the_count_starts_again():
    later = NOW + timedelta(minutes=16)
    state = fail(1, fail(3), at=later)
    assert state.failed_sign_ins == 1
    assert not is_locked(state, later)


def test_success_clears_failures():
    assert after_success() == FRESH
