"""Site-wide pages: the signed-in home, the language switch, the health check."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from learnapp.access import public, signed_in
from learnapp.accounts.operations import set_preferred_language
from learnapp.accounts.sessions import signed_in_user
from learnapp.domain.profiles import Role
from learnapp.domain.redirects import is_safe_next
from learnapp.extensions import db
from learnapp.i18n import SESSION_KEY
from learnapp.models.types import utcnow
from learnapp.progress.cards import my_learning
from learnapp.site.forms import LanguageForm
from learnapp.site.queries import home_summary

logger = logging.getLogger(__name__)
blueprint = Blueprint("site", __name__, template_folder="templates")


@blueprint.route("/")
@signed_in
def home() -> str:
    """My learning for everyone who learns; observers, who see aggregate reports only, get their shortcuts."""
    user = signed_in_user()
    if user.role == Role.OBSERVER:
        return render_template("site/home.html", summary=home_summary(user))
    learning = my_learning(user, str(get_locale()), utcnow().date())
    return render_template("site/my_learning.html", learning=learning)


@blueprint.route("/language", methods=["POST"])
@public
def set_language() -> Response:
    """Switch the interface language, remember it, and return to the same page."""
    form = LanguageForm()
    language = form.language.data or ""
    if form.validate_on_submit() and language in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = language
        if current_user.is_authenticated:
            set_preferred_language(signed_in_user(), language)
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("site.home"))


@blueprint.route("/healthz")
@public
def healthz() -> tuple[dict[str, str], int]:
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        logger.exception("Health check: the database is unreachable")
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
