"""Writes of the auth area. Operations flush; the view (or the CLI) commits once."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from learnapp.accounts.hashing import hash_password, needs_rehash, verify_nothing, verify_password
from learnapp.accounts.operations import set_password
from learnapp.accounts.resets import create_reset, email_reset, spend_open_resets
from learnapp.domain.lockout import LockoutPolicy, SignInState, after_failure, after_success, is_locked
from learnapp.extensions import db
from learnapp.models import User
from learnapp.models.types import utcnow

logger = logging.getLogger(__name__)


def _policy() -> LockoutPolicy:
    config = current_app.config
    return LockoutPolicy(threshold=config["LOCKOUT_THRESHOLD"], duration=timedelta(minutes=config["LOCKOUT_MINUTES"]))


def _state(user: User) -> SignInState:
    return SignInState(failed_sign_ins=user.failed_sign_ins, locked_until=user.locked_until)


def _store(user: User, state: SignInState) -> None:
    user.failed_sign_ins = state.failed_sign_ins
    user.locked_until = state.locked_until


def find_user_by_email(email: str) -> User | None:
    """The account with this email, compared case-insensitively."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The user if the credentials are right and the account is active and not locked; else None.

    Failures are counted per account and lock it for a while; callers show one message for every failure, so
    the response never tells whether the account exists or is locked.
    """
    user = find_user_by_email(email)
    now = utcnow()
    if user is None or not user.is_active:
        verify_nothing(password)
        _log_refusal("no active account", user)
        return None
    if is_locked(_state(user), now):
        verify_nothing(password)
        _log_refusal("account locked", user)
        return None
    if not verify_password(user.password_hash, password):
        state = after_failure(_state(user), _policy(), now)
        _store(user, state)
        db.session.flush()
        _log_refusal("wrong password", user)
        if is_locked(state, now):
            logger.warning(
                "Sign-in: account %s locked until %s after repeated failures",
                user.id,
                state.locked_until,
                extra={"event": "lockout", "user_id": user.id},
            )
        return None
    _record_success(user, password, now)
    logger.info("Sign-in: user %s signed in", user.id, extra={"event": "sign_in", "user_id": user.id})
    return user


def _log_refusal(reason: str, user: User | None) -> None:
    """A refused sign-in, with the account's id when there is one; never the email that was typed."""
    user_id = user.id if user is not None else None
    logger.info("Sign-in refused: %s", reason, extra={"event": "sign_in_failed", "user_id": user_id})


def change_password(user: User, current: str, new: str) -> bool:
    """Set `new` as the password if `current` is right (ending every other session); False when it is not."""
    if not verify_password(user.password_hash, current):
        return False
    set_password(user, new)
    return True


def email_reset_link(email: str) -> None:
    """Email a reset link to an active account with this address; nothing for any other address.

    The caller answers the same either way, so the form never tells whether an account exists.
    """
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        email_reset(user, create_reset(user))


def _record_success(user: User, password: str, now: datetime) -> None:
    spend_open_resets(user)
    _store(user, after_success())
    user.last_sign_in_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.flush()
