"""Background jobs: `enqueue(func, *args)` hands work to RQ on Redis, or runs it at once when no queue is set.

Why RQ: the platform already runs Redis for its rate limits, RQ needs nothing else (no broker, no result
backend, no scheduler process), its jobs are plain functions, and it is small, well kept and easy to inspect
(`rq info`). Celery would bring a second configuration language and features we do not use.

With ``LEARNAPP_JOB_QUEUE_URL`` unset (development, tests, a one-host install) a job runs inline, in the request,
so `make run` needs no worker. With it set, `flask jobs work` (or `python worker.py`, systemd unit in
docs/deployment.md) runs them. If Redis cannot take a job, it runs inline too, with a WARNING: the user still
gets their result, only slower.

A job function is like a command: it takes plain values (ids, codes, never ORM objects), runs in an application
context, commits its own work and is safe to run twice (RQ retries a failed job). Enqueue it after the caller's
commit, so the worker finds the rows it needs.

Work that the app also does on demand goes through `enqueue_if_queued` instead: with no queue (or Redis down) it
is not done at all, rather than inline. A certificate's PDF is the case: it is stored by a job when the certificate
is issued, but the first download renders and stores it anyway if no job did. Rendering it inline at issue would add
WeasyPrint's second or two to every quiz submit that completes a module (and to the test suite), for a file the
trainee may never download; without a worker, the first download pays that cost once, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from flask import Flask, current_app

from learnapp.extensions import db

if TYPE_CHECKING:
    from redis import Redis

# RQ and the Redis client (about 6 MiB with their imports) are imported inside the functions that use them: a web
# worker without a queue (development, a one-host install) never needs them, and one with a queue only once it
# queues a job.

logger = logging.getLogger(__name__)

QUEUE_NAME = "learnapp"
# A job that fails is tried again after 10 s, 1 min and 5 min before RQ keeps it as failed.
RETRY_INTERVALS_SECONDS = [10, 60, 300]
JOB_TIMEOUT_SECONDS = 300


class QueueState(NamedTuple):
    """What the health check and the metrics report about the queue."""

    depth: int
    oldest_age_seconds: float | None


def _connection(url: str) -> Redis:
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def enqueue(func: Callable[..., object], *args: Any) -> None:
    """Run `func(*args)` in a worker, or here and now when there is no queue or Redis does not answer."""
    if not _queued(func, args, instead="running it inline"):
        func(*args)


def enqueue_if_queued(func: Callable[..., object], *args: Any) -> bool:
    """Hand `func(*args)` to a worker if a queue is configured and answers; whether it was (else nothing runs).

    For work the caller does its own way when there is no queue: on demand when its result is first needed (see
    the module's docstring), or now with its failure handled rather than raised.
    """
    return _queued(func, args, instead="not queued")


def _queued(func: Callable[..., object], args: tuple[Any, ...], instead: str) -> bool:
    url = current_app.config["JOB_QUEUE_URL"]
    if not url:
        return False
    from redis.exceptions import RedisError
    from rq import Queue, Retry

    retry = Retry(max=len(RETRY_INTERVALS_SECONDS), interval=RETRY_INTERVALS_SECONDS)
    try:
        Queue(QUEUE_NAME, connection=_connection(url)).enqueue(
            run_job, func, *args, retry=retry, job_timeout=JOB_TIMEOUT_SECONDS
        )
    except RedisError:
        logger.warning("Job queue unreachable: %s %s", func.__qualname__, instead)
        return False
    return True


def run_job(func: Callable[..., object], *args: Any) -> None:
    """What a worker runs for each job: the function, then a clean session for the next one."""
    try:
        func(*args)
    except Exception:
        db.session.rollback()
        raise
    finally:
        db.session.remove()


def queue_state(url: str) -> QueueState:
    """How many jobs wait and how old the oldest is; RedisError when Redis does not answer."""
    from rq import Queue

    queue = Queue(QUEUE_NAME, connection=_connection(url))
    oldest = queue.get_jobs(0, 1)
    age = None
    if oldest and oldest[0].enqueued_at is not None:
        enqueued = oldest[0].enqueued_at
        enqueued = enqueued if enqueued.tzinfo else enqueued.replace(tzinfo=UTC)
        age = (datetime.now(UTC) - enqueued).total_seconds()
    return QueueState(depth=queue.count, oldest_age_seconds=age)


def work(app: Flask, *, burst: bool = False) -> None:
    """Run jobs until stopped (or, with `burst`, until the queue is empty), inside an application context.

    RQ's default worker forks a child for each job, so whatever a job allocates (WeasyPrint's font and image
    caches) is given back when it ends, and a job that hangs is killed after JOB_TIMEOUT_SECONDS. The parent
    opens no database connection, so no child inherits one. The connection has no read timeout: the worker
    blocks on Redis while it waits for work.
    """
    url = app.config["JOB_QUEUE_URL"]
    if not url:
        raise RuntimeError("LEARNAPP_JOB_QUEUE_URL is not set: jobs run inline and no worker is needed.")
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(url)
    with app.app_context():
        Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)
