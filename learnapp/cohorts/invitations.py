"""Invitation links: a single-use, expiring link that lets an enrolled person set their password once.

Only the sha256 of the token is stored, so a copy of the database cannot be used to sign in as anyone.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from learnapp.accounts.operations import set_password
from learnapp.domain.enrolment import (
    INVITATION_LIFETIME,
    InvitationState,
    expiry_from,
    invitation_state,
    new_token,
    token_hash,
)
from learnapp.extensions import db
from learnapp.mail import send_message
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


def withdraw_invitation(token: str) -> None:
    """Spend a link that never reached its person (the email failed), so that they count as not invited."""
    db.session.execute(sa.update(Invitation).where(Invitation.token_hash == token_hash(token)).values(used_at=utcnow()))
    db.session.flush()


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


def open_invitations(user_ids: Collection[int]) -> dict[int, datetime]:
    """For each of `user_ids` holding an unused, unexpired link, when it expires (the latest): one statement."""
    rows = db.session.execute(
        sa.select(Invitation.user_id, sa.func.max(Invitation.expires_at))
        .where(Invitation.user_id.in_(list(user_ids)), Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
        .group_by(Invitation.user_id)
    )
    return {user_id: expires_at for user_id, expires_at in rows}


def invitation_link(token: str) -> str:
    """The full address of the invitation page for `token`."""
    return url_for("invitations.accept_invitation", token=token, _external=True)


def email_invitation(user: User, token: str, cohort: Cohort) -> bool:
    """Send the invitation link to the person, in their language; False when mail is not set up or fails."""
    with force_locale(user.preferred_language):
        subject = _("Your invitation to %(cohort)s", cohort=cohort.name)
        body = _(
            "Hello %(name)s,\n\n"
            "You have been enrolled in “%(cohort)s” on PVE Learning. Open this link within %(days)d days to "
            "choose your password; it works once:\n%(link)s\n\n"
            "Your account is %(email)s. If you did not expect this message, ignore it.",
            name=user.full_name,
            cohort=cohort.name,
            days=INVITATION_LIFETIME.days,
            link=invitation_link(token),
            email=user.email,
        )
    return send_message(user.email, subject, body)
