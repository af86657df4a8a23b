"""Where one request of each `make bench` row spends its time, in process: cProfile over many requests.

`python -m bench.profile` builds the same data set as `bench.pages` (real migrations and sync, 300 trainees),
signs one bench trainee in through Flask's test client (the sign-in form, the privacy notice and the pre-test, as
the benchmark's clients do), then for each row times `--requests` requests without a profiler (milliseconds of CPU
and elapsed per request, and the SQL statements of one request after a warm-up), and profiles as many again,
printing the function calls per request and the top lines sorted by cumulative and by own time. Options:
`--rows lesson,module` to pick rows, `--lines`, `--requests`, `--trainees`, `--save DIR` (the profiles, for pstats).

The numbers are the app's alone (no HTTP server, no TCP): use them to find a fixed per-request cost, and
`make bench` to see what a change is worth.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bench import Fields, Reply
from bench.pages import (
    LESSON_PATH,
    MODULE_PATH,
    MY_LEARNING_PATH,
    QUIZ_MODULE,
    bench_email,
    bench_env,
    forget_quiz_attempts,
    prepare_database,
    quiz_answers,
    sign_in,
)
from learnapp import create_app
from learnapp.extensions import db


class InProcessClient:
    """`bench.Client`'s interface over Flask's test client, so `bench.pages.sign_in` works unchanged."""

    def __init__(self, app: Flask) -> None:
        self.client: FlaskClient = app.test_client()
        self.form_token = ""

    def get(self, path: str) -> Reply:
        """GET a path."""
        return self._reply(self.client.get(path))

    def post(self, path: str, fields: Fields) -> Reply:
        """POST a form, urlencoded."""
        body = urlencode(fields)
        return self._reply(self.client.post(path, data=body, content_type="application/x-www-form-urlencoded"))

    @staticmethod
    def _reply(response: object) -> Reply:
        status = response.status_code  # type: ignore[attr-defined]
        location = urlsplit(response.headers.get("Location", "")).path  # type: ignore[attr-defined]
        return Reply(status, location, response.get_data())  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, sign in, time and profile each row."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="lesson,module,my-learning,quiz-submit", help="rows, comma-separated")
    parser.add_argument("--requests", type=int, default=300, help="requests timed, then profiled (default 300)")
    parser.add_argument("--lines", type=int, default=15, help="profile lines per sort (default 15)")
    parser.add_argument("--trainees", type=int, default=300, help="trainees in the data set (default 300)")
    parser.add_argument("--save", type=Path, help="also write each row's profile to SAVE/<row>.prof (for pstats)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="learnapp-profile-") as name:
        folder = Path(name)
        env = bench_env(folder)
        data = argparse.Namespace(trainees=options.trainees, clients=1)
        print(f"Preparing a database with {options.trainees} trainees in {folder} ...", flush=True)
        prepare_database(env, folder, data)
        app = create_app(environ=env)
        client = InProcessClient(app)
        sign_in(client, bench_email(0))  # type: ignore[arg-type]
        steps = _steps(app, client)
        for row in options.rows.split(","):
            _profile(app, row, steps[row], options)
        with app.app_context():
            db.engine.dispose()
    return 0


def _steps(app: Flask, client: InProcessClient) -> dict[str, Callable[[], None]]:
    answers = quiz_answers(client)  # type: ignore[arg-type]

    def get(path: str) -> Callable[[], None]:
        def step() -> None:
            reply = client.get(path)
            if reply.status != 200:
                raise RuntimeError(f"GET {path}: {reply.status}")

        return step

    def submit() -> None:
        token = [("csrf_token", client.form_token)]
        attempt = client.post(f"/modules/{QUIZ_MODULE}/quiz/start", token).location
        reply = client.post(f"{attempt}/submit", [*token, *answers, ("confirm", "1")])
        if reply.status != 302:
            raise RuntimeError(f"submit: {reply.status}")

    return {
        "lesson": get(LESSON_PATH),
        "module": get(MODULE_PATH),
        "my-learning": get(MY_LEARNING_PATH),
        "quiz-submit": submit,
    }


def _profile(app: Flask, row: str, step: Callable[[], None], options: argparse.Namespace) -> None:
    for _ in range(20):
        step()
    statements = _count_statements(app, step)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(options.requests):
        step()
    per_request = (time.perf_counter() - started) / options.requests * 1000
    cpu_per_request = (time.process_time() - cpu_started) / options.requests * 1000
    forget_quiz_attempts(app)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(options.requests):
        step()
    profile.disable()
    forget_quiz_attempts(app)
    if options.save:
        options.save.mkdir(parents=True, exist_ok=True)
        profile.dump_stats(options.save / f"{row}.prof")
    print(
        f"\n=== {row}: {cpu_per_request:.2f} ms of CPU per request ({per_request:.2f} ms elapsed; quiz submit: start "
        f"and submit), {statements} statements, {profile_calls(profile) / options.requests:.0f} function calls"
    )
    for sort in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(sort).print_stats(options.lines)
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print(f"--- by {sort}")
        print("\n".join(lines[start : start + options.lines + 1]))


def profile_calls(profile: cProfile.Profile) -> int:
    """Function calls the profile saw: a measure of Python work that a busy machine does not blur."""
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def _count_statements(app: Flask, step: Callable[[], None]) -> int:
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        step()
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return count


if __name__ == "__main__":
    sys.exit(main())
