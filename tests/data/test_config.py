"""Configuration fails fast and keeps secrets out of the repository."""

from __future__ import annotations

import importlib

import pytest

import config


def test_production_refuses_to_start_without_a_secret_and_a_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        config.ProdConfig.validate()


def test_production_refuses_a_short_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "too-short")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/learnapp")
    with pytest.raises(RuntimeError, match="at least 32"):
        config.ProdConfig.validate()


def test_the_default_environment_is_production(monkeypatch):
    monkeypatch.delenv("LEARNAPP_ENV", raising=False)
    assert config.config_from_env() is config.ProdConfig


def test_an_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("LEARNAPP_ENV", "staging")
    with pytest.raises(RuntimeError, match="LEARNAPP_ENV must be one of"):
        config.config_from_env()


def test_development_generates_a_secret_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.setenv("LEARNAPP_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    reloaded = importlib.reload(config)
    try:
        reloaded.DevConfig.validate()
        first = reloaded.DevConfig.SECRET_KEY
        reloaded = importlib.reload(config)
        reloaded.DevConfig.validate()
        assert first == reloaded.DevConfig.SECRET_KEY
        assert len(first) >= 48
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    finally:
        monkeypatch.undo()
        importlib.reload(config)


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
