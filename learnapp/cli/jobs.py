"""`flask jobs work`: the RQ worker that runs background jobs (systemd unit in docs/deployment.md)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from learnapp.jobs import work

jobs_cli = AppGroup("jobs", help="Run background jobs (needs LEARNAPP_JOB_QUEUE_URL).")


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty instead of waiting for more.")
def run_worker(burst: bool) -> None:
    """Take jobs from the queue and run them until stopped (SIGTERM finishes the current job first)."""
    try:
        work(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
