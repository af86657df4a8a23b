"""Migrations build the schema the models describe, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

import sqlalchemy as sa

from config import TestConfig
from learnapp import create_app
from learnapp.extensions import db


def table_names(app):
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_builds_the_schema_and_check_finds_no_drift(empty_app):
    runner = empty_app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    assert {"users", "alembic_version"} <= table_names(empty_app)
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output


def test_check_fails_when_a_model_changes_without_a_migration(empty_app):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    probe = sa.Table("drift_probe", db.metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        check = runner.invoke(args=["db", "check"])
    finally:
        db.metadata.remove(probe)
    assert check.exit_code != 0
    assert check.exit_code == 1


def test_downgrade_to_base_removes_every_table(empty_app):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert table_names(empty_app) <= {"alembic_version"}


def test_sqlite_runs_with_foreign_keys_and_write_ahead_logging(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.db'}")
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        db.engine.dispose()
