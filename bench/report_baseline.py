"""Time report routes with another commit's code, for `bench.reports --baseline`: run as a script, not imported.

`bench.reports` checks the baseline commit out in a temporary `git worktree` and runs this file with that worktree
as the working directory and first import path, so `learnapp` and `config` are the old commit's. It reads JSON
lines on standard input: first the job (``url``: the database; ``secret``; ``routes``: [path, user id, session
token] triples), answered with each route's status after one untimed call (the warm-up); then one line per round,
answered with the seconds of one call of each route, in order. It ends at the end of its input. It uses nothing of
the new commit, so it runs against any old one that has the same app factory and sign-in session (the
Flask-Login identifier ``<id>:<session token>``).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def main() -> int:
    """Read the job, warm every route up, then time each once per round asked for."""
    job = json.loads(sys.stdin.readline())
    from config import DevConfig  # the old commit's, from the working directory
    from learnapp import create_app
    from learnapp.extensions import db

    app = create_app(DevConfig, environ={"DATABASE_URL": job["url"], "SECRET_KEY": job["secret"]})
    clients = [(_client(app, user_id, token), path) for path, user_id, token in job["routes"]]
    _answer([client.get(path).status_code for client, path in clients])
    for _line in sys.stdin:
        _answer([_seconds(client, path) for client, path in clients])
    with app.app_context():
        db.engine.dispose()
    return 0


def _answer(values: list[Any]) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


def _client(app: Any, user_id: int, token: str) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
        session["_fresh"] = True
    return client


def _seconds(client: Any, path: str) -> float:
    started = time.perf_counter()
    client.get(path).get_data()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
