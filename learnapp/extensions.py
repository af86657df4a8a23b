"""Extension objects, unbound; `create_app` binds them with ``init_app``."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app, request
from flask_babel import Babel
from flask_limiter import Limit, Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

if TYPE_CHECKING:
    from flask_migrate import Migrate

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraints get predictable names, so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class MigrateConfig:
    """What Flask-Migrate and `migrations/env.py` read from ``app.extensions["migrate"]``; its Migrate made on use.

    Flask-Migrate imports Alembic and Mako when it is imported (about 11 MiB in each process); a web worker never
    migrates, so it is imported only by a `flask db` command or a call such as ``flask_migrate.upgrade()``.
    """

    def __init__(self, db: SQLAlchemy, directory: str, configure_args: dict[str, Any]) -> None:
        self.db = db
        self.directory = directory
        self.configure_args = configure_args

    @property
    def metadata(self) -> Any:
        """The models' metadata (Flask-Migrate's older name for it)."""
        return self.db.metadata

    @cached_property
    def migrate(self) -> Migrate:
        """Flask-Migrate's object, which makes the Alembic configuration."""
        from flask_migrate import Migrate

        return Migrate(db=self.db, directory=self.directory, **self.configure_args)


class MigrateCommands(click.Group):
    """`flask db ...`: Flask-Migrate's command group, imported when the command runs or is listed in detail."""

    def real_group(self) -> click.Group:
        """Flask-Migrate's `db` group."""
        from flask_migrate.cli import db as db_group  # type: ignore[import-not-found]  # ships no types

        group: click.Group = db_group
        return group

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """The real group's context: click then invokes the real group."""
        return self.real_group().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The real group's subcommands."""
        return self.real_group().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """One of the real group's subcommands."""
        return self.real_group().get_command(ctx, cmd_name)


class LazyMigrate:
    """Flask-Migrate's ``Migrate`` as seen by the factory, without importing Flask-Migrate (see MigrateConfig)."""

    def init_app(self, app: Flask, db: SQLAlchemy, directory: str, **configure_args: Any) -> None:
        """Register the configuration and the `flask db` commands."""
        app.extensions["migrate"] = MigrateConfig(db, directory, configure_args)
        app.cli.add_command(MigrateCommands("db", help="Perform database migrations."))


db = SQLAlchemy(model_class=Base)
migrate = LazyMigrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def sign_in_limit() -> str:
    """The per-address limit on sign-in attempts (LEARNAPP_SIGN_IN_RATE_LIMIT)."""
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


def reset_request_limit() -> str:
    """The per-address limit on asking for a reset link by email (LEARNAPP_RESET_REQUEST_RATE_LIMIT)."""
    return str(current_app.config["RESET_REQUEST_RATE_LIMIT"])


def _not_a_sign_in_attempt() -> bool:
    return request.endpoint != "auth.sign_in"


def _not_a_reset_request() -> bool:
    return request.endpoint != "auth.forgot_password"


# While Redis is unreachable Flask-Limiter counts in this process's memory instead (and logs a WARNING once); its
# fallback limits apply to every route, so each is narrowed to the POST of one limited route (signing in, asking
# for a reset link). Each worker then counts on its own: an attacker gets the limit once per worker, and the
# per-account lockout, kept in the database, still holds.
SIGN_IN_FALLBACK = Limit(
    limit_provider=sign_in_limit,
    key_function=get_remote_address,
    methods=["POST"],
    exempt_when=_not_a_sign_in_attempt,
)
RESET_REQUEST_FALLBACK = Limit(
    limit_provider=reset_request_limit,
    key_function=get_remote_address,
    methods=["POST"],
    exempt_when=_not_a_reset_request,
)
# Flask-Limiter's annotation says list[str], but its code (and documentation) accept Limit objects too.
limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[],
    in_memory_fallback=[SIGN_IN_FALLBACK, RESET_REQUEST_FALLBACK],  # type: ignore[list-item]
)
