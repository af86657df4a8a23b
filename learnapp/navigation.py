"""The main navigation, by role; templates only print what this returns."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import get_locale
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
    ("author.home", _l("Studio"), frozenset({Role.TRAINER, Role.ADMIN})),
    ("reports.index", _l("Reports"), frozenset({Role.TRAINER, Role.OBSERVER, Role.COORDINATOR, Role.ADMIN})),
    ("questionbank.index", _l("Question bank"), frozenset({Role.TRAINER, Role.ADMIN})),
    ("admin.list_users", _l("Users"), frozenset({Role.ADMIN})),
    ("auth.edit_profile", _l("My account"), frozenset()),
)


def navigation_for(user: Any, current_endpoint: str | None) -> list[NavItem]:
    """The links `user` may follow, with the current page marked."""
    if not user.is_authenticated:
        return []
    return list(_navigation(Role(user.role), current_endpoint, str(get_locale()), request.script_root))


@dataclass(frozen=True)
class SiteLinks:
    """The links of every page's header and footer (base.html): the same on every page of a site."""

    stylesheet: str
    icon: str
    home: str
    set_language: str
    sign_out: str
    privacy_notice: str
    verify_certificate: str


def site_links() -> SiteLinks:
    """The header's and footer's links, built once per process (`url_for` costs a few microseconds each)."""
    return _site_links(request.script_root)


@functools.lru_cache(maxsize=16)
def _site_links(script_root: str) -> SiteLinks:
    """`script_root` is in the key because every link starts with it."""
    return SiteLinks(
        stylesheet=url_for("static", filename="css/app.css"),
        icon=url_for("static", filename="favicon.svg"),
        home=url_for("site.home"),
        set_language=url_for("site.set_language"),
        sign_out=url_for("auth.sign_out"),
        privacy_notice=url_for("privacy.show_notice"),
        verify_certificate=url_for("certificates.verify_form"),
    )


@functools.lru_cache(maxsize=1024)
def _navigation(role: Role, current_endpoint: str | None, language: str, script_root: str) -> tuple[NavItem, ...]:
    """The same for every user of a role on a page in a language: built once per process (links and labels).

    `language` and `script_root` are in the key because the labels and the links depend on them.
    """
    return tuple(
        NavItem(label=str(label), url=url_for(endpoint), is_current=endpoint == current_endpoint)
        for endpoint, label, roles in NAV_ENTRIES
        if not roles or role in roles
    )
