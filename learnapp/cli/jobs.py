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
    """Take jobs from the queue and run them until stopped (SIGTERM finishes the current job first).

    WeasyPrint is warmed up first, once (`certificates.pdf.warm_up`): each job runs in a child forked from this
    process, so a certificate's PDF, rendered as soon as it is issued, then takes a tenth of a second rather than
    half of one.
    """
    if current_app.config["JOB_QUEUE_URL"]:
        # Imported here: the app factory imports this command group, and web workers must not load WeasyPrint.
        from learnapp.certificates import pdf

        pdf.warm_up()
    try:
        work(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
