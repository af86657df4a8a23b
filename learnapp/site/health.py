"""Readiness: can this instance serve? The database at the expected migration head, Redis, and the job queue.

Only the database decides: without it nothing works, and a database behind (or ahead of) the code's migrations
means a deploy went wrong. Redis down is "degraded": sign-in rate limits count in memory and jobs run inline, so
the instance keeps serving and a load balancer should keep sending it traffic.
"""

from __future__ import annotations

import ast
import logging
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from learnapp.extensions import db
from learnapp.jobs import queue_state

logger = logging.getLogger(__name__)


@cache
def expected_heads(migrations_dir: str) -> frozenset[str]:
    """The head revision(s) of the migrations shipped with this code: the revisions no other migration revises.

    Read from each file's ``revision`` and ``down_revision`` rather than with Alembic's ScriptDirectory, which would
    import Alembic and Mako (about 10 MiB) into every worker the health check reaches, that is every worker.
    `tests/web/test_health.py` checks that Alembic finds the same heads.
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in Path(migrations_dir, "versions").glob("*.py"):
        values = _module_constants(path)
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        revised.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions - revised)


def _module_constants(path: Path) -> dict[str, Any]:
    """The literal values assigned to plain names at the top level of a Python file (without running it)."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        try:
            found[name] = ast.literal_eval(value)
        except ValueError:
            continue  # not a literal: nothing the heads depend on
    return found


def database_check() -> dict[str, Any]:
    """Status "ok" when the database answers at the code's migration head; else what is wrong."""
    expected = expected_heads(current_app.extensions["migrate"].directory)
    try:
        found = frozenset(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        logger.warning("Readiness: the database is unreachable or has no migration table")
        db.session.rollback()
        return {"status": "unreachable"}
    if found != expected:
        return {"status": "wrong_migration", "found": sorted(found), "expected": sorted(expected)}
    return {"status": "ok", "migration": sorted(found)}


def redis_urls() -> dict[str, str]:
    """The Redis servers this instance uses, by purpose."""
    urls = {"rate_limits": str(current_app.config["RATELIMIT_STORAGE_URI"])}
    if current_app.config["JOB_QUEUE_URL"]:
        urls["job_queue"] = str(current_app.config["JOB_QUEUE_URL"])
    return {purpose: url for purpose, url in urls.items() if url.startswith(("redis://", "rediss://"))}


def redis_check(url: str) -> str:
    """Status "ok" or "unreachable"."""
    from redis import Redis  # as in learnapp.jobs: only where Redis is used
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except RedisError:
        return "unreachable"
    return "ok"


def queue_check() -> dict[str, Any]:
    """Depth and oldest job's age, or "inline" when jobs run in the request."""
    url = current_app.config["JOB_QUEUE_URL"]
    if not url:
        return {"status": "inline"}
    from redis.exceptions import RedisError

    try:
        state = queue_state(url)
    except RedisError:
        return {"status": "unreachable"}
    return {"status": "ok", "depth": state.depth, "oldest_age_seconds": state.oldest_age_seconds}


def readiness() -> tuple[dict[str, Any], int]:
    """The JSON detail and the status code: 503 only when the database cannot serve."""
    database = database_check()
    redis = {purpose: redis_check(url) for purpose, url in redis_urls().items()}
    queue = queue_check()
    if database["status"] != "ok":
        status, code = "unavailable", 503
    elif any(state != "ok" for state in redis.values()) or queue["status"] == "unreachable":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status, "database": database, "redis": redis, "job_queue": queue}, code
