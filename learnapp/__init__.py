"""The application factory: it wires extensions, blueprints, hooks and commands, and does nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale, get_translations
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, config_from_env
from learnapp import access, i18n, models, observability, request_input, security
from learnapp.accounts.sessions import RefreshingSessionInterface, load_user_from_session
from learnapp.admin.views import blueprint as admin_blueprint
from learnapp.auth.views import blueprint as auth_blueprint
from learnapp.author.views import blueprint as author_blueprint
from learnapp.certificates import preparation as certificate_preparation
from learnapp.certificates.views import blueprint as certificates_blueprint
from learnapp.cli.backup import backup_cli
from learnapp.cli.demo import demo_cli
from learnapp.cli.jobs import jobs_cli
from learnapp.cli.modules import modules_cli
from learnapp.cli.privacy import privacy_cli
from learnapp.cli.questions import questions_cli
from learnapp.cli.users import users_cli
from learnapp.cohorts.views import blueprint as cohorts_blueprint
from learnapp.cohorts.views import invitations_blueprint
from learnapp.database import RetryingFlask, register_session_teardown, register_sqlite_pragmas
from learnapp.extensions import babel, csrf, db, limiter, login_manager, migrate
from learnapp.learn.views import blueprint as learn_blueprint
from learnapp.privacy.views import blueprint as privacy_blueprint
from learnapp.questionbank.views import blueprint as questionbank_blueprint
from learnapp.quiz.views import blueprint as quiz_blueprint
from learnapp.reports.views import blueprint as reports_blueprint
from learnapp.site import errors
from learnapp.site.views import blueprint as site_blueprint

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BLUEPRINTS = (
    site_blueprint,
    auth_blueprint,
    admin_blueprint,
    learn_blueprint,
    quiz_blueprint,
    certificates_blueprint,
    cohorts_blueprint,
    invitations_blueprint,
    reports_blueprint,
    author_blueprint,
    privacy_blueprint,
    questionbank_blueprint,
)
__all__ = ["create_app", "models", "warm_up"]


def create_app(
    config: type[Config] | None = None, *, environ: Mapping[str, str] | None = None, **overrides: Any
) -> Flask:
    """Build the app from a configuration class (LEARNAPP_ENV's when None) and optional overrides.

    The environment (`environ`, or the process's) is read here, once, by the class's `from_env()`.
    """
    config = config or config_from_env(environ)
    app = RetryingFlask(__name__)
    app.config.from_mapping(config.from_env(environ))
    app.config.update(overrides)
    register_proxy(app)
    register_body_limits(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_hooks(app)
    register_errorhandlers(app)
    register_commands(app)
    access.check_declarations(app)
    return app


def warm_up(app: Flask) -> None:
    """Build what each process would otherwise build on its first requests: the mappers, templates, translations.

    gunicorn's master calls it when it preloads the app (gunicorn.conf.py), so that the workers forked from it
    share these pages rather than each making its own copy. Not part of `create_app`, which only wires.
    """
    sa.orm.configure_mappers()
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                get_translations()


def register_proxy(app: Flask) -> None:
    """Behind a reverse proxy, trust its X-Forwarded-For, -Proto and -Host headers.

    Rate limits then see the visitor's address, and external URLs (a certificate's verification link) use the
    public https:// host.
    """
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]


def register_body_limits(app: Flask) -> None:
    """A route's own body limit (`request_input.accepts_body_up_to`), set before any hook reads the body."""
    app.before_request(request_input.apply_body_limit)


def register_extensions(app: Flask) -> None:
    """Bind each extension to the app."""
    db.init_app(app)
    register_session_teardown(app)
    register_sqlite_pragmas()
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    app.session_interface = RefreshingSessionInterface()
    limiter.init_app(app)
    limit_decorated_routes_only(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session)


def limit_decorated_routes_only(app: Flask) -> None:
    """Drop Flask-Limiter's check before every request: only the routes it decorates have limits.

    There are no default or application-wide limits, so that check found nothing to count on every other request;
    the decorated routes (sign-in, reset request) check their limits, and the in-memory fallback's, themselves.
    """
    check = limiter._check_request_limit
    app.before_request_funcs[None] = [hook for hook in app.before_request_funcs[None] if hook != check]


def register_url_converters(app: Flask) -> None:
    """Bounded ids in every ``<int:...>`` (before the blueprints add their routes)."""
    app.url_map.converters["int"] = request_input.BoundedIntegerConverter


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_hooks(app: Flask) -> None:
    """Request ids, logs and metrics around each request, access checks before it, security headers after.

    Also what every template shares, and the job that prepares each certificate's PDF once it is issued.
    """
    observability.register(app)
    certificate_preparation.register()
    app.before_request(access.enforce_audience)
    app.before_request(request_input.refuse_control_characters)
    app.after_request(security.set_security_headers)
    app.context_processor(i18n.template_context)
    app.jinja_env.add_extension("jinja2.ext.do")


def register_errorhandlers(app: Flask) -> None:
    """Friendly, translated error pages."""
    errors.register(app)


def register_commands(app: Flask) -> None:
    """The `flask users`, `modules`, `questions`, `demo`, `privacy`, `backup` and `jobs` command groups."""
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(modules_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(privacy_cli)
