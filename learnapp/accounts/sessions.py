"""Loading the signed-in user from the session cookie.

The cookie holds ``<user id>:<session token>``. Rotating a user's token (sign-out, password change,
deactivation) makes every copy of an older cookie worthless, even one copied to another machine.
"""

from __future__ import annotations

import functools
import hmac
import time
from typing import Any

import sqlalchemy as sa
from flask import Flask, Request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import current_user, login_user
from itsdangerous import BadSignature

from learnapp.extensions import db
from learnapp.models import User


def load_user_from_session(session_id: str) -> User | None:
    """Return the active user whose id and current token match, else None (treated as signed out)."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.execute(_user_by_id(), {"id": int(user_id)}).scalar_one_or_none()
    if user is None or not user.is_active or not hmac.compare_digest(user.session_token, token):
        return None
    return user


@functools.cache
def _user_by_id() -> sa.Select[User]:
    """The statement that loads the signed-in user on every request, built once: a third cheaper than `get`."""
    return sa.select(User).where(User.id == sa.bindparam("id", type_=sa.Integer))


def signed_in_user() -> User:
    """The signed-in user as a model instance (not Flask-Login's proxy), for operations that store it."""
    user: User = current_user._get_current_object()
    return user


def start_session(user: User) -> None:
    """Sign `user` in on a fresh, permanent session: nothing of the visitor's earlier session is carried over."""
    session.clear()
    login_user(user)
    session.permanent = True


class SignedCookieSession(SecureCookieSession):
    """Flask's cookie session, knowing when its cookie was signed (None for a new session)."""

    signed_at: float | None = None


class RefreshingSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, re-signed at most every ``SESSION_REFRESH_AFTER_SECONDS`` when unchanged.

    Flask re-signs and re-sends a permanent session's cookie on every response so that it expires a fixed time
    after the last request (``PERMANENT_SESSION_LIFETIME``: an idle timeout). Doing so at most once every few
    minutes keeps that idle timeout, to within those minutes, and saves every other response the signing and a
    ``Set-Cookie`` header of about 200 bytes. A session that changed is always sent at once, as before; the
    cookie's age is read from its own signed timestamp, which the browser cannot alter.
    """

    session_class = SignedCookieSession

    def open_session(self, app: Flask, request: Request) -> SignedCookieSession | None:
        """The session of the request's cookie, with the time it was signed; an empty one if there is none."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            data, signed_at = serializer.loads(
                value, max_age=int(app.permanent_session_lifetime.total_seconds()), return_timestamp=True
            )
        except BadSignature:
            return self.session_class()
        opened = self.session_class(data)
        opened.signed_at = signed_at.timestamp()
        return opened

    def should_set_cookie(self, app: Flask, session: Any) -> bool:
        """A changed session always; an unchanged permanent one once its cookie is older than the refresh interval."""
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= app.config["SESSION_REFRESH_AFTER_SECONDS"]
