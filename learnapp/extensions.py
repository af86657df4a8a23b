"""Extension objects, unbound; `create_app` binds them with ``init_app``."""

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limit, Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
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
