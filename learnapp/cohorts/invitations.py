"""Invitation links: a single-use, expiring link that lets an enrolled person set their password once.

Only the sha256 of the token is stored, so a copy of the database cannot be used to sign in as anyone.
"""

from __future__ import annotations

import sqlalchemy as sa

from learnapp.accounts.operations import set_password
from learnapp.domain.enrolment import InvitationState, expiry_from, invitation_state, new_token, token_hash
from learnapp.extensions import db
from learnapp.models import Cohort, Invitation, User
from learnapp.models.types import utcnow


def create_invitation(user: User, cohort: Cohort | None) -> str:
    """A new link for `user`; earlier unused links of theirs stop working. Returns the token, shown only once.

    `cohort` is None when an operator invites someone from the command line (`flask users invite`).
    """
    now = utcnow()
    db.session.execute(
        sa.update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None)).values(used_at=now)
    )
    token = new_token()
    db.session.add(
        Invitation(
            user_id=user.id,
            cohort_id=cohort.id if cohort else None,
            token_hash=token_hash(token),
            expires_at=expiry_from(now),
        )
    )
    db.session.flush()
    return token


def find_invitation(token: str) -> Invitation | None:
    """The invitation a token stands for, if any."""
    return db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == token_hash(token)))


def state_of(invitation: Invitation, user: User) -> InvitationState:
    """Whether the link can be used now; an account that already has a password counts as used."""
    if user.password_hash is not None:
        return InvitationState.USED
    return invitation_state(invitation.expires_at, invitation.used_at, utcnow())


def accept_invitation(invitation: Invitation, user: User, password: str) -> None:
    """Set the password and spend the link."""
    set_password(user, password)
    invitation.used_at = utcnow()
    db.session.flush()
