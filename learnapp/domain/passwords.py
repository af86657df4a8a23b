"""The password policy: long enough and not easy to guess.

zxcvbn scores a password against lists of common passwords, names, keyboard patterns and dates; a score
below 3 ("safely unguessable: moderate protection from offline attacks") is refused, following NIST SP 800-63B's
advice to check new passwords against commonly used values rather than impose composition rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_STRENGTH = 3


class PasswordProblem(StrEnum):
    """Why a password is refused; the web layer turns each into a translated message."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_COMMON = "too_common"


def password_problem(password: str, personal_words: Sequence[str] = ()) -> PasswordProblem | None:
    """Return why `password` is not acceptable, or None when it is.

    `personal_words` (the email, the name) count as easy to guess, so "Aigerim2016!!" is refused for Aigerim.
    """
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    # zxcvbn's word lists take about 12 MiB: loaded by the first password checked (a sign-up, a reset, a change),
    # not by every web worker at start-up.
    from zxcvbn import zxcvbn

    if zxcvbn(password, user_inputs=list(personal_words))["score"] < MIN_STRENGTH:
        return PasswordProblem.TOO_COMMON
    return None
