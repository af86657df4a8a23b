"""Loading the signed-in user from the session cookie.

The cookie holds ``<user id>:<session token>``. Rotating a user's token (sign-out, password change,
deactivation) makes every copy of an older cookie worthless, even one copied to another machine.
"""

from __future__ import annotations

import hmac

from flask import session
from flask_login import current_user, login_user

from learnapp.extensions import db
from learnapp.models import User


def load_user_from_session(session_id: str) -> User | None:
    """Return the active user whose id and current token match, else None (treated as signed out)."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def signed_in_user() -> User:
    """The signed-in user as a model instance (not Flask-Login's proxy), for operations that store it."""
    user: User = current_user._get_current_object()
    return user


def start_session(user: User) -> None:
    """Sign `user` in on a fresh, permanent session: nothing of the visitor's earlier session is carried over."""
    session.clear()
    login_user(user)
    session.permanent = True
