"""Configuration fails fast and keeps secrets out of the repository."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

import config
from learnapp import create_app


def test_production_refuses_to_start_without_a_secret_and_a_database():
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        config.ProdConfig.from_env({})


def test_production_refuses_a_short_secret():
    with pytest.raises(RuntimeError, match="at least 32"):
        config.ProdConfig.from_env({"SECRET_KEY": "too-short", "DATABASE_URL": "postgresql://db/learnapp"})


def test_production_reads_its_settings_from_the_environment():
    settings = config.ProdConfig.from_env(
        {
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": "postgres://db/learnapp",
            "LEARNAPP_LOCKOUT_THRESHOLD": "7",
            "LEARNAPP_SESSION_HOURS": "2",
        }
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/learnapp"
    assert (settings["LOCKOUT_THRESHOLD"], settings["PERMANENT_SESSION_LIFETIME"]) == (7, 7200)
    assert (settings["PROXY_COUNT"], settings["SESSION_COOKIE_SECURE"]) == (1, True)


def test_importing_the_configuration_reads_no_environment_variable():
    source = Path(config.__file__).read_text(encoding="utf-8")
    module_level = [node for node in ast.parse(source).body if not isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    class_level = [
        statement
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef)
        for statement in node.body
        if not isinstance(statement, ast.FunctionDef)
    ]
    reads = [ast.unparse(node) for node in [*module_level, *class_level] if "os.environ" in ast.unparse(node)]
    assert reads == []


def test_the_default_environment_is_production():
    assert config.config_from_env({}) is config.ProdConfig


def test_an_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="LEARNAPP_ENV must be one of"):
        config.config_from_env({"LEARNAPP_ENV": "staging"})


def test_development_generates_a_secret_once_and_keeps_it(tmp_path):
    environ = {"LEARNAPP_INSTANCE_DIR": str(tmp_path)}
    first = config.DevConfig.from_env(environ)["SECRET_KEY"]
    assert config.DevConfig.from_env(environ)["SECRET_KEY"] == first
    assert len(first) >= 48
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert config.DevConfig.from_env(environ)["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'learnapp.db'}"


def test_the_tests_ignore_the_developers_environment():
    assert (
        config.TestConfig.from_env({"DATABASE_URL": "postgresql://real/db"})["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    )


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_use_the_psycopg_driver(given, used):
    assert config.database_url(given) == used


def test_postgresql_connections_get_timeouts_and_no_setting_logs_sql_parameters():
    settings = config.ProdConfig.from_env(
        {"SECRET_KEY": "x" * 40, "DATABASE_URL": "postgresql://db/learnapp", "LEARNAPP_DB_STATEMENT_TIMEOUT_MS": "5000"}
    )
    options = settings["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] and options["hide_parameters"]
    assert options["connect_args"] == {"connect_timeout": 5, "options": "-c statement_timeout=5000"}
    assert config.TestConfig.from_env()["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True


def test_production_warns_at_start_up_that_it_trusts_forwarded_headers(tmp_path, caplog):
    environ = {"SECRET_KEY": "x" * 40, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    root = logging.getLogger()
    root_handlers, root_level = list(root.handlers), root.level
    try:
        create_app(config.ProdConfig, environ=environ)
        create_app(config.ProdConfig, environ={**environ, "LEARNAPP_PROXY_COUNT": "0"})
    finally:
        root.handlers, root.level = root_handlers, root_level
    warnings = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "X-Forwarded" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert "gunicorn must be reachable only through that proxy" in warnings[0]
