"""The main navigation, by role; templates only print what this returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from learnapp.domain.profiles import Role


@dataclass(frozen=True)
class NavItem:
    """One link of the main navigation."""

    label: str
    url: str
    is_current: bool


# (endpoint, label, roles that see it; empty = every signed-in user)
NAV_ENTRIES: tuple[tuple[str, Any, frozenset[Role]], ...] = (
    ("site.home", _l("My learning"), frozenset()),
    ("cohorts.list_cohorts", _l("Cohorts"), frozenset({Role.COORDINATOR, Role.ADMIN})),
    ("reports.index", _l("Reports"), frozenset({Role.TRAINER, Role.OBSERVER, Role.COORDINATOR, Role.ADMIN})),
    ("questionbank.index", _l("Question bank"), frozenset({Role.TRAINER, Role.ADMIN})),
    ("admin.list_users", _l("Users"), frozenset({Role.ADMIN})),
    ("auth.edit_profile", _l("My account"), frozenset()),
)


def navigation_for(user: Any, current_endpoint: str | None) -> list[NavItem]:
    """The links `user` may follow, with the current page marked."""
    if not user.is_authenticated:
        return []
    return [
        NavItem(label=str(label), url=url_for(endpoint), is_current=endpoint == current_endpoint)
        for endpoint, label, roles in NAV_ENTRIES
        if not roles or user.role in roles
    ]
