"""Who may use each route.

Every view declares its audience with one of the decorators below. The factory refuses to start when a view
has no declaration, and one `before_request` hook enforces them all, so a new route cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.domain.profiles import Role

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Audience:
    """Who may call a view: anyone, any signed-in user, or users with one of `roles`."""

    needs_sign_in: bool
    roles: frozenset[Role] = frozenset()

    def admits(self, role: Role | None) -> bool:
        """True when a user with `role` (None when signed out) may use the view."""
        if not self.needs_sign_in:
            return True
        return role is not None and (not self.roles or role in self.roles)


PUBLIC = Audience(needs_sign_in=False)
SIGNED_IN = Audience(needs_sign_in=True)

# Everyone who takes part in the training; observers see aggregate reports only.
LEARNERS = (Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _declare(audience: Audience) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        view.audience = audience  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: View) -> View:
    """Anyone, signed in or not."""
    return _declare(PUBLIC)(view)


def signed_in(view: View) -> View:
    """Any signed-in user, whatever the role."""
    return _declare(SIGNED_IN)(view)


def roles(*allowed: Role) -> Callable[[View], View]:
    """Signed-in users whose role is one of `allowed`."""
    return _declare(Audience(needs_sign_in=True, roles=frozenset(allowed)))


def audience_of(app: Flask, endpoint: str) -> Audience | None:
    """The declared audience of `endpoint`; the static files are public."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, "audience", None)


def check_declarations(app: Flask) -> None:
    """Raise at start-up if any route lacks an audience declaration."""
    undeclared = sorted(rule.endpoint for rule in app.url_map.iter_rules() if audience_of(app, rule.endpoint) is None)
    if undeclared:
        raise RuntimeError(f"Routes without an access declaration: {', '.join(undeclared)}")


def enforce_audience() -> Response | None:
    """`before_request` hook: send signed-out visitors to sign in, refuse other roles with 403."""
    if request.endpoint is None:
        return None
    audience = audience_of(current_app, request.endpoint)
    role = Role(current_user.role) if current_user.is_authenticated else None
    if audience is not None and audience.admits(role):
        return None
    if role is None:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    abort(403)
