"""Choosing the interface language, and the values every template shares."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user

from learnapp.domain.time_zones import PROGRAMME_TIME_ZONE, account_time_zone
from learnapp.labels import CERTIFICATE_KIND_LABELS, COHORT_OUTCOME_LABELS, PURPOSE_LABELS, STATUS_LABELS
from learnapp.navigation import navigation_for

LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
SESSION_KEY = "language"


def select_locale() -> str:
    """The signed-in user's preference, else the visitor's choice, else the browser's Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if current_user.is_authenticated and current_user.preferred_language in languages:
        return str(current_user.preferred_language)
    if session.get(SESSION_KEY) in languages:
        return str(session[SESSION_KEY])
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """The signed-in account's zone (chosen, else its country's); the programme's for visitors."""
    if has_request_context() and current_user.is_authenticated:
        return account_time_zone(current_user.time_zone, current_user.country)
    return PROGRAMME_TIME_ZONE


def request_translations() -> NullTranslations:
    """The request's translations, asked of Flask-Babel once per request.

    Flask-Babel's own template functions ask for the translations on every string, which walks several of its
    context lookups each time: about a third of a lesson page's rendering went there.
    """
    translations: NullTranslations | None = g.get("_learnapp_translations")
    if translations is None:
        translations = g._learnapp_translations = get_translations()
    return translations


def install_template_gettext(app: Flask) -> None:
    """Make the templates' `_`, `gettext` and `ngettext` read the request's translations, looked up once."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(context, singular, plural, n),
        newstyle=True,
    )


def template_context() -> dict[str, Any]:
    """Language switch choices and the navigation, computed here so templates only display them."""
    current = str(get_locale())
    return {
        "current_language": current,
        "language_choices": [
            {"code": code, "name": name, "is_current": code == current} for code, name in LANGUAGE_NAMES.items()
        ],
        "navigation": navigation_for(current_user, request.endpoint),
        "here": request.full_path.rstrip("?") if request.endpoint else "/",
        "status_labels": STATUS_LABELS,
        "cohort_outcome_labels": COHORT_OUTCOME_LABELS,
        "certificate_kind_labels": CERTIFICATE_KIND_LABELS,
        "purpose_labels": PURPOSE_LABELS,
    }
