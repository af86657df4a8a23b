"""Configuration classes: fixed defaults as class attributes, the environment read once by `from_env()`.

Importing this module computes nothing and reads no environment variable. `create_app` calls
`config_class.from_env()` once, which starts from the class's defaults, applies the variables of `ENVIRONMENT`
that are set, checks the result (production refuses to start without a real secret and a database) and returns a
plain mapping for `app.config`. `LEARNAPP_ENV` picks the class: ``production`` (the default, so that a forgotten
setting fails safe), ``development`` or ``test``. Every variable is documented in `.env.example`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

DEFAULT_INSTANCE_DIR = Path(__file__).parent / "instance"
DEFAULT_MODULES_DIR = Path(__file__).parent / "modules"
Environ = Mapping[str, str]


def database_url(url: str | None) -> str | None:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way (``postgres://``, ``postgresql://``)."""
    if url is None:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _hours(value: str) -> int:
    return int(value) * 3600


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _addresses(value: str) -> tuple[str, ...]:
    return tuple(address.strip() for address in value.split(",") if address.strip())


def engine_options(url: str | None, connect_timeout: int, statement_timeout_ms: int) -> dict[str, Any]:
    """SQLAlchemy engine options for `url`: a bounded wait everywhere, and SQL parameters kept out of every log.

    pool_pre_ping replaces a connection the server closed (a restart, ``pg_terminate_backend``) before a request
    uses it; hide_parameters keeps bound values (an email, a name) out of error messages and tracebacks. On
    PostgreSQL a connect timeout and a per-statement timeout make a hung database fail a request in seconds
    instead of holding a gunicorn worker until it is killed.
    """
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url and url.startswith("postgresql"):
        options["connect_args"] = {
            "connect_timeout": connect_timeout,
            "options": f"-c statement_timeout={statement_timeout_ms}",
        }
    return options


# setting: (environment variable, how to read its text)
ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "SQLALCHEMY_DATABASE_URI": ("DATABASE_URL", database_url),
    "SECRET_KEY": ("SECRET_KEY", str),
    "PERMANENT_SESSION_LIFETIME": ("LEARNAPP_SESSION_HOURS", _hours),
    "RATELIMIT_STORAGE_URI": ("LEARNAPP_RATELIMIT_STORAGE_URI", str),
    "SIGN_IN_RATE_LIMIT": ("LEARNAPP_SIGN_IN_RATE_LIMIT", str),
    "LOCKOUT_THRESHOLD": ("LEARNAPP_LOCKOUT_THRESHOLD", int),
    "LOCKOUT_MINUTES": ("LEARNAPP_LOCKOUT_MINUTES", int),
    "ARGON2_TIME_COST": ("LEARNAPP_ARGON2_TIME_COST", int),
    "ARGON2_MEMORY_COST": ("LEARNAPP_ARGON2_MEMORY_KIB", int),
    "PROXY_COUNT": ("LEARNAPP_PROXY_COUNT", int),
    "MODULES_DIR": ("LEARNAPP_MODULES_DIR", Path),
    "MAIL_SERVER": ("LEARNAPP_MAIL_SERVER", str),
    "MAIL_PORT": ("LEARNAPP_MAIL_PORT", int),
    "MAIL_USE_TLS": ("LEARNAPP_MAIL_USE_TLS", _flag),
    "MAIL_USERNAME": ("LEARNAPP_MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("LEARNAPP_MAIL_PASSWORD", str),
    "MAIL_SENDER": ("LEARNAPP_MAIL_SENDER", str),
    "RESET_REQUEST_RATE_LIMIT": ("LEARNAPP_RESET_REQUEST_RATE_LIMIT", str),
    "RETENTION_MONTHS": ("LEARNAPP_RETENTION_MONTHS", int),
    "AUDIT_RETENTION_MONTHS": ("LEARNAPP_AUDIT_RETENTION_MONTHS", int),
    "JOB_QUEUE_URL": ("LEARNAPP_JOB_QUEUE_URL", str),
    "PUBLIC_URL": ("LEARNAPP_PUBLIC_URL", str),
    "METRICS_ALLOWED_ADDRESSES": ("LEARNAPP_METRICS_ALLOWED", _addresses),
    "DATABASE_CONNECT_TIMEOUT": ("LEARNAPP_DB_CONNECT_TIMEOUT", int),
    "DATABASE_STATEMENT_TIMEOUT_MS": ("LEARNAPP_DB_STATEMENT_TIMEOUT_MS", int),
    "LOG_FORMAT": ("LEARNAPP_LOG_FORMAT", str),
    "LOG_LEVEL": ("LEARNAPP_LOG_LEVEL", str),
    "MEDIA_DIR": ("LEARNAPP_MEDIA_DIR", Path),
}


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_DATABASE_URI: str | None = None
    SECRET_KEY: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: Mapping[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    # Seconds to wait for a PostgreSQL connection, and milliseconds any one statement may run (engine_options).
    DATABASE_CONNECT_TIMEOUT = 5
    DATABASE_STATEMENT_TIMEOUT_MS = 20000
    # A CSRF token lasts as long as the session, not one hour: a trainee reading a long lesson must not lose a form.
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "ru")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "learnapp_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    # The idle timeout above slides with use; an unchanged session's cookie is re-signed and re-sent at most this
    # often rather than on every response (accounts.sessions.RefreshingSessionInterface).
    SESSION_REFRESH_AFTER_SECONDS = 300
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # When Redis is down, rate limits fall back to per-process memory (extensions.limiter) and are logged at WARNING;
    # a Redis that hangs fails in a second instead of holding the request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: Mapping[str, Any] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    SIGN_IN_RATE_LIMIT = "10 per minute;100 per hour"
    # Every request body: the largest upload is a 1 MB participants file; the rest is form text (security F8).
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Asking for a reset link by email: per address, low, because each request may send a message.
    RESET_REQUEST_RATE_LIMIT = "3 per minute;10 per hour"
    # Email is off unless a server and a sender are set (learnapp/mail.py).
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER: str | None = None
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_MINUTES = 15
    # Retention (docs/privacy.md): `flask privacy purge` anonymises inactive accounts and deletes old audit entries.
    RETENTION_MONTHS = 36
    AUDIT_RETENTION_MONTHS = 24
    # argon2id parameters (RFC 9106 "second recommended option" is 64 MiB, t=3); tests lower them.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    HSTS_ENABLED = False
    IS_DEMO_ALLOWED = False
    # How many reverse proxies (nginx) sit in front of the app and set X-Forwarded-*; 0 trusts none.
    PROXY_COUNT = 0
    # The curriculum folder; the glossary page reads its glossary.yaml (the terms of every module, in both languages).
    MODULES_DIR = DEFAULT_MODULES_DIR
    # The Redis URL of the RQ job queue; None runs every job inline, in the request (development, tests).
    JOB_QUEUE_URL: str | None = None
    # The site's address (https://learn.example.org), for links made outside a request: certificate PDFs issued by
    # a command; a request's own address is used when there is one.
    PUBLIC_URL: str | None = None
    # Client addresses that may read /metrics (as the app sees them, after LEARNAPP_PROXY_COUNT).
    METRICS_ALLOWED_ADDRESSES: tuple[str, ...] = ("127.0.0.1", "::1")
    # "json": one JSON object per line (production); "text": the usual human-readable lines.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # Files written at run time that a backup must keep besides the database (module media live in the database).
    MEDIA_DIR = DEFAULT_INSTANCE_DIR / "media"

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Every setting of the class, before the environment."""
        return {name: getattr(cls, name) for name in dir(cls) if name.isupper()}

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> dict[str, Any]:
        """The settings: the defaults, then the variables of `environ` (the process's when None); checked."""
        env = os.environ if environ is None else environ
        settings = cls.defaults()
        settings.update(
            {name: read(env[variable]) for name, (variable, read) in ENVIRONMENT.items() if env.get(variable)}
        )
        cls.complete(settings, env)
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
            settings["SQLALCHEMY_DATABASE_URI"],
            settings["DATABASE_CONNECT_TIMEOUT"],
            settings["DATABASE_STATEMENT_TIMEOUT_MS"],
        )
        return settings

    @classmethod
    def complete(cls, settings: dict[str, Any], env: Environ) -> None:
        """Fail fast on settings that cannot work, or fill in what an environment derives; subclasses add theirs."""


class ProdConfig(Config):
    """Production: every secret comes from the environment, cookies are Secure."""

    ENV_NAME = "production"
    PROXY_COUNT = 1
    LOG_FORMAT = "json"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_ENABLED = True

    @classmethod
    def complete(cls, settings: dict[str, Any], env: Environ) -> None:
        """Refuse to start without a real secret and a database."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not env.get(name)]
        if missing:
            raise RuntimeError(
                f"Production configuration needs {', '.join(missing)} in the environment "
                "(see .env.example); set LEARNAPP_ENV=development to run locally."
            )
        if len(settings["SECRET_KEY"]) < 32:
            raise RuntimeError("SECRET_KEY must be at least 32 characters long.")


class DevConfig(Config):
    """Local development: SQLite in the instance folder, a secret generated once and kept there."""

    ENV_NAME = "development"
    IS_DEMO_ALLOWED = True

    @classmethod
    def complete(cls, settings: dict[str, Any], env: Environ) -> None:
        """Use SQLite and a kept secret in the instance folder (LEARNAPP_INSTANCE_DIR) unless the environment says."""
        instance = Path(env.get("LEARNAPP_INSTANCE_DIR") or DEFAULT_INSTANCE_DIR)
        if not settings["SQLALCHEMY_DATABASE_URI"]:
            instance.mkdir(parents=True, exist_ok=True)
            settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'learnapp.db'}"
        if not settings["SECRET_KEY"]:
            instance.mkdir(parents=True, exist_ok=True)
            settings["SECRET_KEY"] = _instance_secret(instance / "secret_key")


class TestConfig(Config):
    """The test suite: fast hashing, no rate limit unless a test turns it on, and no environment variable read."""

    ENV_NAME = "test"
    TESTING = True
    IS_DEMO_ALLOWED = True
    SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_ENABLED = False
    # The smallest argon2id parameters (64 KiB, one pass): a test user costs about 1 ms to hash, not 10 ms.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 64

    @classmethod
    def from_env(cls, environ: Environ | None = None) -> dict[str, Any]:
        """The test settings alone: a developer's shell variables never reach the tests."""
        return cls.defaults()


def _instance_secret(path: Path) -> str:
    """Return the secret kept in `path`, creating it (readable by the owner only) the first time."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS: dict[str, type[Config]] = {
    "production": ProdConfig,
    "development": DevConfig,
    "test": TestConfig,
}


def config_from_env(environ: Environ | None = None) -> type[Config]:
    """Return the configuration class named by LEARNAPP_ENV (production when unset)."""
    env = os.environ if environ is None else environ
    name = env.get("LEARNAPP_ENV", "production")
    if name not in CONFIGS:
        raise RuntimeError(f"LEARNAPP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
