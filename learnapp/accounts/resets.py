"""Password reset links: random, stored hashed, single use, 24 hours.

A new link spends the person's earlier unused ones; choosing a new password through it spends it, and so does
signing in with the old password (the person remembered it, so a link lying in a mailbox should not stay usable).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from learnapp.accounts.operations import set_password
from learnapp.domain.enrolment import InvitationState, expiry_from, invitation_state, new_token, token_hash
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.mail import send_message
from learnapp.models import PasswordReset, User
from learnapp.models.types import utcnow

RESET_LIFETIME = timedelta(hours=24)


def may_issue_reset(issuer_role: str, user_role: str) -> bool:
    """An administrator may reset anyone; a coordinator only a trainee of their cohorts.

    Staff can be enrolled in a cohort (security review F4): they must not become a coordinator's to take over.
    """
    return issuer_role == Role.ADMIN or (issuer_role == Role.COORDINATOR and user_role == Role.TRAINEE)


def create_reset(user: User, issued_by: User | None = None) -> str:
    """A new reset link for `user`; returns the token, which is shown or sent once and never stored."""
    now = utcnow()
    spend_open_resets(user)
    token = new_token()
    db.session.add(
        PasswordReset(
            user_id=user.id,
            issued_by_id=issued_by.id if issued_by else None,
            token_hash=token_hash(token),
            expires_at=expiry_from(now, RESET_LIFETIME),
        )
    )
    db.session.flush()
    return token


def find_reset(token: str) -> PasswordReset | None:
    """The reset a token stands for, if any."""
    return db.session.scalar(sa.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token)))


def reset_state(reset: PasswordReset) -> InvitationState:
    """Whether the link can be used now (the same three states as an invitation link)."""
    return invitation_state(reset.expires_at, reset.used_at, utcnow())


def spend_reset(reset: PasswordReset, user: User, password: str) -> None:
    """Set the new password (ending every session) and spend the link."""
    set_password(user, password)
    reset.used_at = utcnow()
    db.session.flush()


def spend_open_resets(user: User) -> None:
    """Spend every unused link of the user (one statement)."""
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )


def email_reset(user: User, token: str) -> bool:
    """Send the reset link to the person, in their language; False when mail is not set up or fails."""
    link = url_for("auth.reset_password", token=token, _external=True)
    with force_locale(user.preferred_language):
        subject = _("Choose a new password")
        body = _(
            "Someone, probably you or your programme coordinator, asked for a new password for %(email)s.\n\n"
            "Open this link within 24 hours to choose one; it works once:\n%(link)s\n\n"
            "If you did not ask, ignore this message: your password stays as it is.",
            email=user.email,
            link=link,
        )
    return send_message(user.email, subject, body)


def reset_link_page(user: User, token: str, back_url: str, back_label: str) -> tuple[str, int, dict[str, str]]:
    """The staff page that shows a new reset link once (a secret: never cached), emailing it too when set up."""
    link = url_for("auth.reset_password", token=token, _external=True)
    page = render_template(
        "accounts/reset_link.html",
        user=user,
        link=link,
        is_sent=email_reset(user, token),
        back_url=back_url,
        back_label=back_label,
    )
    return page, 200, {"Cache-Control": "no-store"}
