"""Choosing the interface language, and the values every template shares."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from learnapp.domain.time_zones import PROGRAMME_TIME_ZONE, account_time_zone
from learnapp.labels import CERTIFICATE_KIND_LABELS, COHORT_OUTCOME_LABELS, PURPOSE_LABELS, STATUS_LABELS
from learnapp.navigation import navigation_for, site_links

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


class TemplateTranslations:
    """A language's `_`, `gettext` and `ngettext` for templates, with Jinja's new-style semantics, made faster.

    Jinja's own callables go through three calls and a fresh ``Markup % {}`` for every string of every page (about
    40 on a lesson page): a third of its rendering. A string without variables always gives the same result in a
    language, so it is translated and formatted once per process and kept (a catalogue holds under a thousand).
    Strings with variables, and templates without autoescaping, are formatted on each call as Jinja does.
    """

    def __init__(self, translations: NullTranslations) -> None:
        self.translations = translations
        self.constants: dict[str, Markup] = {}

    @pass_eval_context
    def gettext(self, eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        """``_("...")``: the translation, formatted with `variables` (escaped when the template autoescapes)."""
        if eval_ctx.autoescape and not variables:
            constant = self.constants.get(string)
            if constant is None:
                constant = self.constants[string] = Markup(self.translations.ugettext(string)) % variables
            return constant
        translated = self.translations.ugettext(string)
        return (Markup(translated) if eval_ctx.autoescape else translated) % variables

    @pass_eval_context
    def ngettext(self, eval_ctx: EvalContext, singular: str, plural: str, number: int, /, **variables: Any) -> str:
        """``ngettext("...", "...", n)``: the plural form for `number`, formatted like `gettext`.

        ``num`` is `number` unless the template passes its own (a points total such as 2.5).
        """
        variables.setdefault("num", number)
        translated = self.translations.ungettext(singular, plural, number)
        return (Markup(translated) if eval_ctx.autoescape else translated) % variables


# One per catalogue (Flask-Babel keeps one translations object per language for the life of the process).
_template_translations: dict[int, TemplateTranslations] = {}


def template_translations() -> TemplateTranslations:
    """The request language's template callables, made once per language and process."""
    translations = request_translations()
    callables = _template_translations.get(id(translations))
    if callables is None or callables.translations is not translations:
        callables = _template_translations[id(translations)] = TemplateTranslations(translations)
    return callables


def template_context() -> dict[str, Any]:
    """Language switch choices and the navigation, computed here so templates only display them.

    Also the request language's `_`, `gettext` and `ngettext` (`TemplateTranslations`), which take precedence over
    the slower ones installed in the Jinja environment for templates rendered outside a request.
    """
    current = str(get_locale())
    translate = template_translations()
    return {
        "_": translate.gettext,
        "gettext": translate.gettext,
        "ngettext": translate.ngettext,
        "current_language": current,
        "language_choices": [
            {"code": code, "name": name, "is_current": code == current} for code, name in LANGUAGE_NAMES.items()
        ],
        "navigation": navigation_for(current_user, request.endpoint),
        "links": site_links(),
        "here": request.full_path.rstrip("?") if request.endpoint else "/",
        "status_labels": STATUS_LABELS,
        "cohort_outcome_labels": COHORT_OUTCOME_LABELS,
        "certificate_kind_labels": CERTIFICATE_KIND_LABELS,
        "purpose_labels": PURPOSE_LABELS,
    }
