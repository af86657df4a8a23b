"""Liveness, readiness and metrics: what a load balancer and monitoring read."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from learnapp.extensions import db
from learnapp.site.health import expected_heads
from tests.support.redis_server import free_port


def record_migration(app, revisions):
    """Give the test's schema (built by create_all) the alembic_version table `flask db upgrade` would leave."""
    db.session.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    for revision in revisions:
        db.session.execute(sa.text("INSERT INTO alembic_version VALUES (:revision)"), {"revision": revision})
    db.session.commit()


def heads(app):
    return sorted(expected_heads(app.extensions["migrate"].directory))


def fail(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, Exception("connection refused"))


def test_liveness_answers_without_touching_the_database(client, monkeypatch):
    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_ready_when_the_database_is_at_the_code_s_migration_head(app, client):
    record_migration(app, heads(app))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == {"status": "ok", "migration": heads(app)}
    assert response.json["job_queue"] == {"status": "inline"}


def test_not_ready_when_the_database_is_at_another_migration(app, client):
    record_migration(app, ["0000aaaa0000"])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["database"]["status"] == "wrong_migration"
    assert response.json["database"]["found"] == ["0000aaaa0000"]


def test_not_ready_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(db.session, "scalars", fail)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == {"status": "unreachable"}


def test_redis_down_is_degraded_but_still_ready(app, client, monkeypatch):
    # Set on the config, not through app_config: the shared limiter must not be bound to a dead Redis.
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", f"redis://127.0.0.1:{free_port()}/1")
    record_migration(app, heads(app))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "degraded"
    assert response.json["redis"] == {"rate_limits": "unreachable", "job_queue": "unreachable"}
    assert response.json["job_queue"] == {"status": "unreachable"}


def test_metrics_count_requests_by_route_for_allowed_addresses(client):
    client.get("/sign-in")
    text = client.get("/metrics").text
    assert 'learnapp_requests_total{route="/sign-in",status="200"}' in text
    assert "learnapp_request_duration_seconds_bucket" in text
    assert "learnapp_sign_in_failures_total" in text


def test_metrics_are_hidden_from_other_addresses(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404


def test_the_expected_migration_head_is_the_one_alembic_finds(app):
    from alembic.script import ScriptDirectory

    directory = app.extensions["migrate"].directory
    assert expected_heads(directory) == frozenset(ScriptDirectory(directory).get_heads())
