"""Password hashing with argon2id, parameters taken from the configuration."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# A valid hash of a random password, verified when the account does not exist, so that an unknown email
# takes as long to refuse as a wrong password.
_DUMMY_PASSWORD = "no account has this password"


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["ARGON2_TIME_COST"], memory_cost=config["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; an account without a password never matches."""
    if password_hash is None:
        verify_nothing(password)
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    return _hasher().check_needs_rehash(password_hash)


def verify_nothing(password: str) -> None:
    """Spend the time of one verification, for requests about accounts that do not exist."""
    hasher = _hasher()
    with contextlib.suppress(VerificationError):
        hasher.verify(hasher.hash(_DUMMY_PASSWORD), password)
