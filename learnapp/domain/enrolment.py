"""Pure rules of enrolment: invitation tokens and their lifetime, and blended completion by attendance."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

INVITATION_LIFETIME = timedelta(days=14)
TOKEN_BYTES = 32


class InvitationState(StrEnum):
    """Whether an invitation link can still be used."""

    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"


def new_token() -> str:
    """A random, URL-safe invitation token (32 bytes of entropy); only its hash is ever stored."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The hex sha256 of a token, as stored in the database."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def expiry_from(now: datetime, lifetime: timedelta = INVITATION_LIFETIME) -> datetime:
    """When an invitation created at `now` stops working."""
    return now + lifetime


def invitation_state(expires_at: datetime, used_at: datetime | None, now: datetime) -> InvitationState:
    """A used link stays used; an unused one is valid until (not including) its expiry."""
    if used_at is not None:
        return InvitationState.USED
    if now >= expires_at:
        return InvitationState.EXPIRED
    return InvitationState.VALID


@dataclass(frozen=True)
class AttendanceSummary:
    """How many in-person sessions a participant attended, against how many the cohort requires."""

    attended: int
    required: int

    @property
    def is_met(self) -> bool:
        """True when the attendance part of blended completion is satisfied (always, when none is required)."""
        return self.attended >= self.required
