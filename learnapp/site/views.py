"""Site-wide pages: the signed-in home, the language switch, the health check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.access import public, signed_in
from learnapp.accounts.operations import set_preferred_language
from learnapp.accounts.sessions import signed_in_user
from learnapp.domain.profiles import Role
from learnapp.domain.redirects import is_safe_next
from learnapp.extensions import db
from learnapp.i18n import SESSION_KEY
from learnapp.jobs import queue_state
from learnapp.models.types import utcnow
from learnapp.observability import metrics_page
from learnapp.progress.cards import my_learning
from learnapp.site.forms import LanguageForm
from learnapp.site.health import readiness
from learnapp.site.queries import home_summary

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
def healthz() -> dict[str, str]:
    """Liveness: the process answers. It reads nothing, so a database outage never restarts healthy workers."""
    return {"status": "ok"}


@blueprint.route("/readyz")
@public
def readyz() -> tuple[dict[str, Any], int]:
    """Readiness, for load balancers and monitoring: 503 when the database cannot serve, JSON detail always."""
    return readiness()


@blueprint.route("/metrics")
@public
def metrics() -> Response:
    """Prometheus metrics, for the addresses in LEARNAPP_METRICS_ALLOWED only; 404 for everyone else."""
    if request.remote_addr not in current_app.config["METRICS_ALLOWED_ADDRESSES"]:
        abort(404)
    url = current_app.config["JOB_QUEUE_URL"]
    state = None
    if url:
        from redis.exceptions import RedisError  # as in learnapp.jobs: only where Redis is used

        try:
            state = queue_state(url)
        except RedisError:
            state = None
    return metrics_page(state.depth if state else None, state.oldest_age_seconds if state else None)
