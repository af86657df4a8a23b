"""Reads for the site-wide pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from learnapp.domain.profiles import Role
from learnapp.labels import ROLE_LABELS
from learnapp.models import User


@dataclass(frozen=True)
class Shortcut:
    """A link on the home page to a place the user's role works in."""

    label: str
    url: str


@dataclass(frozen=True)
class HomeSummary:
    """What the home page shows: who is signed in, as what, and where they can go."""

    name: str
    role_label: str
    shortcuts: list[Shortcut]


def home_summary(user: User) -> HomeSummary:
    """Computed from the already-loaded user: the home page runs no query of its own."""
    shortcuts = [Shortcut(str(_l("My account")), url_for("auth.edit_profile"))]
    if user.role == Role.ADMIN:
        shortcuts.insert(0, Shortcut(str(_l("Manage users and roles")), url_for("admin.list_users")))
    return HomeSummary(name=user.full_name, role_label=str(ROLE_LABELS[user.role]), shortcuts=shortcuts)
