"""What an operator reads: one JSON log line per request with a request id, and Prometheus metrics.

Log lines carry ids and codes only (request id, method, route, status, duration, user id), never an email, a
name, a password or free text; the route is the URL rule (``/attempts/<int:attempt_id>``), not the path, so
labels stay few and nothing typed by a user reaches the log or the metrics.

Metrics live in this process. Under gunicorn, with several workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty
directory (docs/deployment.md): prometheus-client then keeps each worker's values in files there and `/metrics`
adds them up.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from werkzeug.wrappers import Response

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; accept any short id of safe characters and replace anything else.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Fields a log record may carry into its JSON line (passed as `extra=`); anything else is left out.
FIELDS = ("request_id", "method", "route", "status", "duration_ms", "user_id", "event", "limit")

REQUESTS = Counter("learnapp_requests_total", "HTTP requests answered, by route and status.", ["route", "status"])
LATENCY = Histogram(
    "learnapp_request_duration_seconds",
    "Time to answer a request, by route.",
    ["route"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SIGN_IN_FAILURES = Counter("learnapp_sign_in_failures_total", "Sign-in attempts refused (any reason).")
RATE_LIMITED = Counter("learnapp_rate_limited_total", "Requests refused with 429, by route.", ["route"])
QUEUE_DEPTH = Gauge("learnapp_job_queue_depth", "Jobs waiting in the queue.", multiprocess_mode="max")
QUEUE_OLDEST_AGE = Gauge(
    "learnapp_job_queue_oldest_age_seconds", "Age of the oldest waiting job.", multiprocess_mode="max"
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request id and any allowed extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line; a traceback, if any, goes in ``exception`` on the same line."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            line["request_id"] = request_id
        line.update({name: getattr(record, name) for name in FIELDS if getattr(record, name, None) is not None})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def current_request_id() -> str | None:
    """The id of the request being served, None outside a request."""
    if not has_request_context():
        return None
    request_id: str | None = g.get("request_id")
    return request_id


def configure_logging(app: Flask) -> None:
    """Send the app's and the libraries' log records to stderr, as JSON lines when LOG_FORMAT is "json".

    The tests leave logging alone (pytest captures it). Gunicorn's own loggers keep their handlers; its access
    log is switched off in gunicorn.conf.py because the app writes a richer line per request.
    """
    if app.testing:
        return
    root = logging.getLogger()
    if not any(isinstance(handler, AppLogHandler) for handler in root.handlers):
        handler = AppLogHandler(sys.stderr)
        if app.config["LOG_FORMAT"] == "json":
            handler.setFormatter(JsonFormatter())
        else:
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    app.logger.handlers.clear()  # Flask's default handler would write each record a second time
    warn_about_trusted_proxies(app)


class AppLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The app's handler on the root logger, added once per process however many apps are built."""


def warn_about_trusted_proxies(app: Flask) -> None:
    """In production, say at start-up that forwarded headers are trusted and what that requires."""
    if app.config["PROXY_COUNT"] and app.config["ENV_NAME"] == "production":
        logger.warning(
            "Trusting X-Forwarded-For/-Proto/-Host from %d proxy(ies) (LEARNAPP_PROXY_COUNT): gunicorn must be "
            "reachable only through that proxy, or anyone can fake their address and bypass the sign-in limit.",
            app.config["PROXY_COUNT"],
        )


def start_request() -> None:
    """Take the request id from the proxy (X-Request-ID) or make one, and start the clock.

    A request that is dispatched again (`database.RetryingFlask`) keeps its id and its start time.
    """
    if "request_id" in g:
        return
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def finish_request(response: Response) -> Response:
    """Echo the request id, count the request, and write its one log line."""
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    route = request.url_rule.rule if request.url_rule else "unmatched"
    duration = time.perf_counter() - g.get("request_started", time.perf_counter())
    REQUESTS.labels(route=route, status=str(response.status_code)).inc()
    LATENCY.labels(route=route).observe(duration)
    if response.status_code == 429:
        RATE_LIMITED.labels(route=route).inc()
    level = logging.WARNING if response.status_code == 429 or response.status_code >= 500 else logging.INFO
    logger.log(
        level,
        "%s %s %s",
        request.method,
        route,
        response.status_code,
        extra={
            "event": "request",
            "request_id": request_id,
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "user_id": signed_in_user_id(),
        },
    )
    return response


def signed_in_user_id() -> int | None:
    """The id of the user Flask-Login already loaded for this request, without loading one (no query)."""
    user = g.get("_login_user")
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


def register(app: Flask) -> None:
    """Request ids, per-request log lines and metrics; the first hook to run, so every response has an id."""
    configure_logging(app)
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(finish_request)


def metrics_page(queue_depth: int | None, oldest_age: float | None) -> Response:
    """The Prometheus text exposition of every metric, gunicorn's workers added up when multiprocess."""
    if queue_depth is not None:
        QUEUE_DEPTH.set(queue_depth)
    if oldest_age is not None:
        QUEUE_OLDEST_AGE.set(oldest_age)
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, mimetype="text/plain; version=0.0.4")
