"""Configuration classes, read once from the environment.

`LEARNAPP_ENV` picks the class: ``production`` (the default, so that a forgotten setting fails safe),
``development`` or ``test``. Every variable is documented in `.env.example`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(os.environ.get("LEARNAPP_INSTANCE_DIR", Path(__file__).parent / "instance"))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def database_url(url: str | None) -> str | None:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way (``postgres://``, ``postgresql://``)."""
    if url is None:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_DATABASE_URI: str | None = database_url(os.environ.get("DATABASE_URL"))
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
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
    PERMANENT_SESSION_LIFETIME = _env_int("LEARNAPP_SESSION_HOURS", 12) * 3600
    RATELIMIT_STORAGE_URI = os.environ.get("LEARNAPP_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    SIGN_IN_RATE_LIMIT = os.environ.get("LEARNAPP_SIGN_IN_RATE_LIMIT", "10 per minute;100 per hour")
    LOCKOUT_THRESHOLD = _env_int("LEARNAPP_LOCKOUT_THRESHOLD", 5)
    LOCKOUT_MINUTES = _env_int("LEARNAPP_LOCKOUT_MINUTES", 15)
    # argon2id parameters (RFC 9106 "second recommended option" is 64 MiB, t=3); tests lower them.
    ARGON2_TIME_COST = _env_int("LEARNAPP_ARGON2_TIME_COST", 3)
    ARGON2_MEMORY_COST = _env_int("LEARNAPP_ARGON2_MEMORY_KIB", 65536)
    HSTS_ENABLED = False
    IS_DEMO_ALLOWED = False
    # How many reverse proxies (nginx) sit in front of the app and set X-Forwarded-*; 0 trusts none.
    PROXY_COUNT = _env_int("LEARNAPP_PROXY_COUNT", 0)

    @classmethod
    def validate(cls) -> None:
        """Fail fast on settings that cannot work; subclasses add their own checks."""


class ProdConfig(Config):
    """Production: every secret comes from the environment, cookies are Secure."""

    ENV_NAME = "production"
    PROXY_COUNT = _env_int("LEARNAPP_PROXY_COUNT", 1)
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_ENABLED = True

    @classmethod
    def validate(cls) -> None:
        """Refuse to start without a real secret and a database."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                f"Production configuration needs {', '.join(missing)} in the environment "
                "(see .env.example); set LEARNAPP_ENV=development to run locally."
            )
        if len(os.environ["SECRET_KEY"]) < 32:
            raise RuntimeError("SECRET_KEY must be at least 32 characters long.")


class DevConfig(Config):
    """Local development: SQLite in instance/, a secret generated once and kept there."""

    ENV_NAME = "development"
    IS_DEMO_ALLOWED = True
    SQLALCHEMY_DATABASE_URI = (
        database_url(os.environ.get("DATABASE_URL")) or f"sqlite:///{INSTANCE_DIR / 'learnapp.db'}"
    )
    SECRET_KEY = os.environ.get("SECRET_KEY")

    @classmethod
    def validate(cls) -> None:
        """Create the instance folder and the development secret on first use."""
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _instance_secret(INSTANCE_DIR / "secret_key")


class TestConfig(Config):
    """The test suite: fast hashing, no rate limit unless a test turns it on."""

    ENV_NAME = "test"
    TESTING = True
    IS_DEMO_ALLOWED = True
    SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_ENABLED = False
    # The smallest argon2id parameters (64 KiB, one pass): a test user costs about 1 ms to hash, not 10 ms.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 64


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


def config_from_env() -> type[Config]:
    """Return the configuration class named by LEARNAPP_ENV (production when unset)."""
    name = os.environ.get("LEARNAPP_ENV", "production")
    if name not in CONFIGS:
        raise RuntimeError(f"LEARNAPP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]
