"""`enqueue`: inline without a queue (development, tests), through RQ and `flask jobs work` with one, inline again
when Redis does not answer."""

from __future__ import annotations

import logging
from pathlib import Path

from learnapp.jobs import enqueue, queue_state
from tests.support.redis_server import free_port, own_redis_server


def write_marker(path: str, text: str) -> None:
    """A job: leaves a file behind, so the test sees it ran (and where: the worker is another process)."""
    Path(path).write_text(text)


def test_without_a_queue_a_job_runs_at_once(app, tmp_path):
    marker = tmp_path / "ran"
    enqueue(write_marker, str(marker), "inline")
    assert marker.read_text() == "inline"


def test_with_a_queue_the_worker_runs_the_job(app, runner, tmp_path, monkeypatch):
    port = free_port()
    with own_redis_server(port):
        monkeypatch.setitem(app.config, "JOB_QUEUE_URL", f"redis://127.0.0.1:{port}/0")
        marker = tmp_path / "ran"
        enqueue(write_marker, str(marker), "queued")
        assert not marker.exists()
        waiting = queue_state(app.config["JOB_QUEUE_URL"])
        assert waiting.depth == 1
        assert waiting.oldest_age_seconds is not None and waiting.oldest_age_seconds >= 0

        result = runner.invoke(args=["jobs", "work", "--burst"])
        assert result.exit_code == 0, result.output
        assert marker.read_text() == "queued"
        assert queue_state(app.config["JOB_QUEUE_URL"]).depth == 0


def test_when_redis_does_not_answer_the_job_runs_inline_with_a_warning(app, tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", f"redis://127.0.0.1:{free_port()}/0")
    marker = tmp_path / "ran"
    enqueue(write_marker, str(marker), "fallback")
    assert marker.read_text() == "fallback"
    assert any(r.levelno == logging.WARNING and "Job queue unreachable" in r.getMessage() for r in caplog.records)


def test_the_worker_refuses_to_start_without_a_queue(runner):
    result = runner.invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0
    assert "LEARNAPP_JOB_QUEUE_URL is not set" in result.output
