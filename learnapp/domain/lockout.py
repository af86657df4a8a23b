"""Per-account lockout after repeated failed sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    """After `threshold` failures in a row the account is locked for `duration`."""

    threshold: int
    duration: timedelta


@dataclass(frozen=True)
class SignInState:
    """What the database keeps about an account's recent failures."""

    failed_sign_ins: int
    locked_until: datetime | None


def is_locked(state: SignInState, now: datetime) -> bool:
    """True while a lock set by earlier failures has not yet expired."""
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: SignInState, policy: LockoutPolicy, now: datetime) -> SignInState:
    """Count one more failure; lock the account when the count reaches the threshold.

    The count restarts after a lock, so an expired lock gives a fresh series of attempts rather than
    locking again at the next single mistake.
    """
    failures = 0 if state.locked_until is not None and not is_locked(state, now) else state.failed_sign_ins
    failures += 1
    if failures >= policy.threshold:
        return SignInState(failed_sign_ins=0, locked_until=now + policy.duration)
    return SignInState(failed_sign_ins=failures, locked_until=state.locked_until)


def after_success() -> SignInState:
    """A successful sign-in clears the failures and any expired lock."""
    return SignInState(failed_sign_ins=0, locked_until=None)
