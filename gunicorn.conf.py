"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/deployment.md explains each).

Every value can be changed without editing this file, through the environment variable named next to it, so one
file serves every host; the systemd unit sets them in /etc/learnapp/env.
"""

from __future__ import annotations

import gc
import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

# Where nginx reaches this instance. Loopback, or a private address nginx alone can reach: gunicorn must never
# be reachable from outside, because the app trusts the X-Forwarded-For header that nginx sets.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes, and threads in each. Sign-in hashes with argon2id (about 0.3 s of CPU, released from the GIL) and
# certificate PDFs are CPU-bound, so processes track the cores; threads cover requests waiting on PostgreSQL.
# Each process keeps a database pool of up to 5 + 10 connections: size PostgreSQL's max_connections for
# hosts x workers x 15, plus the job worker and the operators.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A worker that has not answered in 30 s is killed and replaced (nginx waits 35 s, then shows its error page).
# The database gives up on any statement after 20 s first (LEARNAPP_DB_STATEMENT_TIMEOUT_MS), so this is the
# net for a request stuck elsewhere. On SIGTERM or a reload, workers get 30 s to finish their requests.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# nginx keeps connections to the upstream open (keepalive in the nginx site); close idle ones after 5 s.
keepalive = 5

# Each worker is replaced after 10,000 to 11,000 requests (the jitter keeps them from restarting together): a net
# for slow growth in long-lived processes, not a fix for a leak. Not fewer: a new worker spends about 1.5 s of CPU
# importing the app, then compiles its templates and fills its caches again, which at 1000 requests cost as much
# per request, on average, as serving a lesson page.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000

# Preloading (GUNICORN_PRELOAD=1) imports the app once in the master and forks the workers from it, so they share
# its pages copy-on-write; but the master then holds a full copy too, and Python's reference counts copy many shared
# pages into each worker anyway. With two workers it saves 6-10 MiB in all (PSS 145-148 MiB against 154-155,
# bench/memory.py); a worker's own share is smaller preloaded (PSS 50-56 MiB against 68-74), so each further worker
# saves more. The price: a reload (SIGHUP) forks new workers from the master's old code, so a deploy needs
# `systemctl restart`. Off by default, so reloads roll out new code without dropped requests (docs/deployment.md,
# section 10).
preload_app = os.environ.get("GUNICORN_PRELOAD", "").lower() in {"1", "true", "yes", "on"}
if preload_app:
    # Python's collector writes to every object it visits, which would copy the shared pages into each worker one
    # by one. No collection in the master while it imports the app (no holes left in its pages), then the objects
    # it holds are frozen (the collector never visits them again) before any worker is forked: the order the
    # documentation of gc.freeze() recommends. See when_ready and pre_fork.
    gc.disable()

# gunicorn 27's control socket (`gunicornc`) defaults to one path per user; several instances on one host would
# share it. systemd's reload (SIGHUP) and stop (SIGTERM) need no socket.
control_socket_disable = True
# The workers' heartbeat files on tmpfs: a slow disk must not make gunicorn think a worker hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs go to stderr (journald). The app writes one JSON line per request with its route, status, duration, user
# id and request id, so gunicorn's own access log is off by default; set GUNICORN_ACCESS_LOG=- to have it too,
# in this JSON format, with the same request id nginx sends.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    '{"logger": "gunicorn.access", "request_id": "%({x-request-id}i)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class GunicornJsonFormatter(logging.Formatter):
    """gunicorn's own messages as JSON lines, in the app's shape (time, level, logger, message).

    Defined here rather than imported from the app: the master must not import `learnapp`, or workers forked after
    a reload would inherit the old code.
    """

    def format(self, record: logging.LogRecord) -> str:
        """One JSON object per line."""
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


# gunicorn's own messages (worker started, worker timeout) as JSON lines too, like the app's. gunicorn merges this
# over its defaults key by key, so "root" is set here: without a handler, as the app adds its own (JSON) handler
# to the root logger in each worker, and a second one would write every line twice.
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING", "handlers": []},
    "formatters": {
        "json": {"()": GunicornJsonFormatter},
        "as_is": {"format": "%(message)s"},  # the access line is JSON already (access_log_format)
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "as_is", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


def when_ready(server: Any) -> None:
    """In the master, the app loaded (if preloaded) and no worker forked yet: freeze what it holds, collect again.

    A preloaded app first builds what its workers would each build on their first requests (`learnapp.warm_up`).
    """
    if preload_app:
        from learnapp import warm_up

        warm_up(server.app.wsgi())
    gc.freeze()
    gc.enable()


def pre_fork(server: Any, worker: Any) -> None:
    """In the master, before each worker is forked (a replacement too): freeze what the master holds since."""
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live metrics (prometheus-client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
