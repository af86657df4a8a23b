"""Fixtures of the data-layer tests."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import TestConfig
from learnapp import create_app
from learnapp.extensions import db


@pytest.fixture()
def empty_app(database_url, tmp_path):
    """An app on a database with no tables at all (SQLite as a file, as in development), for migration tests."""
    url = f"sqlite:///{tmp_path / 'empty.db'}" if database_url.startswith("sqlite") else database_url
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.drop_all()
        db.engine.dispose()
