"""Each report route's time as a ratio to its own SQL statements, on a large data set, on SQLite and PostgreSQL.

For each engine: a fresh database (a file in a temporary folder; a throw-away database on the PostgreSQL server),
the real migrations, then `bench.report_data` at the chosen scale (10,000 trainees, 600,000 attempts at 1.0).
Each route is called once in-process with the Flask test client, signed in as the role that reads it, while a
``before_cursor_execute`` listener records every statement and its parameters. Then, round after round, the route
is timed, and so are those same statements replayed on a raw DBAPI connection (every row fetched, one commit):
the bare SQL. Goal: every route within 1.2 times its bare SQL.

With ``--baseline COMMIT`` the same routes are also timed, round by round, with that commit's code (checked out in a
temporary `git worktree`, removed at the end) on the same database, and a second table prints old ms, new ms and
their ratio. Goal (issue 16): the reports over all cohorts at 1/5 of the baseline's time or less.

Run ``make bench-reports`` (options: ``python -m bench.reports --help``). It exits 0 whatever the numbers: it is a
benchmark, not a test. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from bench import median, ratio
from bench.bulk_load import finish, vacuum
from bench.report_data import Plan, attempt_id, generate, module_slug, session_token
from config import DevConfig, database_url
from learnapp import create_app
from learnapp.extensions import db
from learnapp.progress.standing_rows import rebuild_standings

GOAL = 1.2
BASELINE_GOAL = 5.0
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
ENGINES = ("sqlite", "postgresql")
ITEM_MODULE = 2


@dataclass(frozen=True)
class Route:
    """A report request: what the table calls it, its path, and the user id it is made as."""

    name: str
    path: str
    user_id: int
    # A report over all 50 cohorts, whose goal against the baseline commit is 1/5 of its time.
    is_all_cohorts: bool = False


@dataclass(frozen=True)
class Statement:
    """One statement a route ran, as the driver received it."""

    sql: str
    parameters: Any
    is_many: bool


@dataclass(frozen=True)
class Result:
    """One route's measurement: its status, statements, and the seconds of each round, route and bare SQL."""

    route: Route
    status: int
    statements: tuple[Statement, ...]
    route_seconds: tuple[float, ...]
    bare_seconds: tuple[float, ...]
    baseline_status: int | None = None
    baseline_seconds: tuple[float, ...] = field(default=())
    # This code timed the way the baseline is (a child process of its own), for the comparison with it.
    current_seconds: tuple[float, ...] = field(default=())

    @property
    def ratio(self) -> float:
        """The median over rounds of route time / bare SQL time of the same round."""
        return ratio(self.route_seconds, self.bare_seconds)


def routes(plan: Plan) -> list[Route]:
    """Every report route of `learnapp/reports/views.py`, made as the role that reads it, on cohort 1."""
    coordinator, admin, trainer = plan.coordinator_id(1), plan.admin_id, plan.trainer_id
    matrix, trainee = "/reports/cohorts/1/matrix", plan.trainee_ids(1).start
    items = f"/reports/modules/{module_slug(ITEM_MODULE)}/items"
    return [
        Route("reports index (coordinator)", "/reports/", coordinator),
        Route("matrix, one cohort (coordinator)", matrix, coordinator),
        Route("matrix CSV", f"{matrix}.csv", coordinator),
        Route("matrix XLSX", f"{matrix}.xlsx", coordinator),
        Route("trainee detail (coordinator)", f"/reports/cohorts/1/trainees/{trainee}", coordinator),
        Route(
            "trainee attempt (coordinator)",
            f"/reports/cohorts/1/trainees/{trainee}/attempts/{attempt_id(plan, trainee, ITEM_MODULE)}",
            coordinator,
        ),
        Route("module summary (admin, all cohorts)", "/reports/modules", admin, is_all_cohorts=True),
        Route("module summary CSV (admin)", "/reports/modules.csv", admin, is_all_cohorts=True),
        Route("module summary XLSX (admin)", "/reports/modules.xlsx", admin, is_all_cohorts=True),
        Route("module summary (coordinator)", "/reports/modules", coordinator),
        Route("knowledge gain by cohort (admin)", "/reports/knowledge-gain", admin, is_all_cohorts=True),
        Route("knowledge gain CSV by country", "/reports/knowledge-gain.csv?by=country", admin, is_all_cohorts=True),
        Route("knowledge gain XLSX by gender", "/reports/knowledge-gain.xlsx?by=gender", admin, is_all_cohorts=True),
        Route("knowledge gain (coordinator)", "/reports/knowledge-gain", coordinator),
        Route("completion by country (admin)", "/reports/completion", admin, is_all_cohorts=True),
        Route("completion CSV by gender (admin)", "/reports/completion.csv?by=gender", admin, is_all_cohorts=True),
        Route("completion XLSX, one cohort (admin)", "/reports/completion.xlsx?cohort=1", admin),
        Route("completion, own cohort (coordinator)", "/reports/completion?cohort=1", coordinator),
        Route("item analysis (trainer)", items, trainer),
        Route("item analysis CSV (trainer)", f"{items}.csv", trainer),
        Route("item analysis XLSX (trainer)", f"{items}.xlsx", trainer),
        Route("item analysis (coordinator)", items, coordinator),
        Route("audit log (admin)", "/reports/audit", admin),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Measure on each engine asked for; always remove what was created."""
    options = _options(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    plan = Plan.at_scale(options.scale)
    try:
        with baseline_tree(options.baseline) as old_tree:
            for engine in options.engines:
                with database(engine, options.postgres) as url:
                    if url is None:
                        server = sa.make_url(options.postgres).render_as_string(hide_password=True)
                        print(f"\n{engine}: no server answers at {server}, skipped.", flush=True)
                        continue
                    measured = run(url, plan, options.rounds, old_tree)
                    print(report(engine, *measured), flush=True)
                    if old_tree is not None:
                        print(baseline_report(options.baseline, measured[3]), flush=True)
    except KeyboardInterrupt:
        print("\nInterrupted: databases removed.", file=sys.stderr)
        return 130
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """Treat a polite kill like Ctrl-C, so that the databases go."""
    raise KeyboardInterrupt


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data set size, 1.0 = 10,000 trainees (default 1)")
    parser.add_argument("--engines", type=_engines, default=ENGINES, help="comma-separated (default sqlite,postgresql)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds after a warm-up (default 5)")
    parser.add_argument(
        "--baseline",
        metavar="COMMIT",
        help="also time every route with this commit's code, on the same database (e.g. ecb40dc)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES),
        help=f"PostgreSQL server (default $BENCH_DATABASE_URL or {DEFAULT_POSTGRES})",
    )
    return parser.parse_args(argv)


def _engines(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = set(names) - set(ENGINES)
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"engines are {', '.join(ENGINES)}")
    return names


@contextmanager
def database(engine: str, server_url: str) -> Iterator[str | None]:
    """The URL of a new, empty database, removed afterwards; None when the PostgreSQL server does not answer."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="learnapp-bench-reports-") as folder:
            yield f"sqlite:///{Path(folder) / 'reports.db'}"
        return
    server = sa.make_url(database_url(server_url) or "")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    name = f"learnapp_bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        yield None
        return
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_app(url: str) -> Flask:
    """Development settings on the benchmark's database, creating nothing in the project's instance folder."""

    return create_app(DevConfig, environ={"DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(48)})


def run(
    url: str, plan: Plan, rounds: int, old_tree: Path | None = None
) -> tuple[Plan, dict[str, int], float, list[Result]]:
    """Migrate, fill, rebuild the module standings, and measure every route; return what `report` prints.

    The data are written straight into the tables, past the operations that keep the module standings, so the
    standings are then rebuilt from them (`rebuild_standings`, the rules of the migration's backfill): the one
    database serves the new code and the baseline's, which has no such table and ignores it.
    """
    app = bench_app(url)
    with app.app_context():
        upgrade()
        print(f"Generating {plan.trainees:,} trainees in {plan.cohorts} cohorts on {db.engine.dialect.name} ...")
        started = time.perf_counter()
        with db.engine.begin() as connection:
            counts = generate(connection, plan)
            finish(connection)
        seconds = time.perf_counter() - started
        rebuilt = time.perf_counter()
        rebuild_standings()
        db.session.commit()
        print(f"Module standings rebuilt from the raw rows in {time.perf_counter() - rebuilt:.1f} s.", flush=True)
        vacuum(db.engine)
        engine = db.engine
    try:
        secret = app.config["SECRET_KEY"]
        with (
            baseline_process(old_tree, url, secret, routes(plan)) as baseline,
            baseline_process(old_tree and REPOSITORY, url, secret, routes(plan)) as current,
        ):
            pair = (current, baseline) if current and baseline else None
            return plan, counts, seconds, measure(app, engine, routes(plan), rounds, pair)
    finally:
        engine.dispose()


@contextmanager
def baseline_tree(commit: str | None) -> Iterator[Path | None]:
    """`commit` checked out in a temporary git worktree (None without a commit), removed at the end."""
    if commit is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="learnapp-bench-baseline-") as folder:
        tree = Path(folder) / "tree"
        git = ["git", "-C", str(REPOSITORY), "worktree"]
        subprocess.run([*git, "add", "--detach", "--quiet", str(tree), commit], check=True)
        try:
            yield tree
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], check=False)


class Baseline:
    """The baseline commit's app in a child process (`bench/report_baseline.py`): one call per route per round."""

    def __init__(self, process: subprocess.Popen[str], statuses: list[int]) -> None:
        self.process = process
        self.statuses = statuses

    def round(self) -> list[float]:
        """Seconds of one call of each route, in order."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        return [float(value) for value in json.loads(self.process.stdout.readline())]


@contextmanager
def baseline_process(tree: Path | None, url: str, secret: str, plan: Sequence[Route]) -> Iterator[Baseline | None]:
    """Start the baseline's app on `url`, warm its routes up; stop it at the end (None without a baseline)."""
    if tree is None:
        yield None
        return
    script = Path(__file__).with_name("report_baseline.py")
    environment = {**os.environ, "PYTHONPATH": str(tree), "LEARNAPP_INSTANCE_DIR": str(tree / "instance")}
    command = [sys.executable, str(script)]
    with (
        tempfile.TemporaryFile("w+") as log,
        subprocess.Popen(
            command, cwd=tree, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
        ) as process,
    ):
        assert process.stdin is not None and process.stdout is not None
        try:
            job = {
                "url": url,
                "secret": secret,
                "routes": [[r.path, r.user_id, session_token(r.user_id)] for r in plan],
            }
            process.stdin.write(json.dumps(job) + "\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            if not answer:
                log.seek(0)
                raise RuntimeError(f"the baseline app did not start:\n{log.read()[-3000:]}")
            yield Baseline(process, [int(status) for status in json.loads(answer)])
        finally:
            process.stdin.close()
            process.wait(timeout=60)


def signed_in_client(app: Flask, user_id: int) -> FlaskClient:
    """A test client whose session holds `user_id`, as Flask-Login's sign-in leaves it."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{session_token(user_id)}"
        session["_fresh"] = True
    return client


def measure(
    app: Flask, engine: sa.Engine, plan: Sequence[Route], rounds: int, pair: tuple[Baseline, Baseline] | None = None
) -> list[Result]:
    """Capture each route's statements (its warm-up; the bare SQL runs once too), then time both, round by round.

    With a baseline, each round then times every route in two child processes alike, one running this code and one
    the baseline's (which goes first alternates from round to round): the process that generated the data and
    replays the SQL carries that work's memory, which slowed its small pages by a few milliseconds.
    """
    clients = {user_id: signed_in_client(app, user_id) for user_id in {route.user_id for route in plan}}
    captured = {route: capture(engine, clients[route.user_id], route.path) for route in plan}
    for _status, statements in captured.values():
        time_bare(engine, statements)
    timings: dict[Route, list[tuple[float, float]]] = {route: [] for route in plan}
    old: list[list[float]] = []
    new: list[list[float]] = []
    for number in range(1, rounds + 1):
        print(f"Round {number} of {rounds} ...", flush=True)
        for route in plan:
            statements = captured[route][1]
            timings[route].append((time_route(clients[route.user_id], route.path), time_bare(engine, statements)))
        if pair is not None:
            current, baseline = pair
            first, second = (current, baseline) if number % 2 else (baseline, current)
            first_round, second_round = first.round(), second.round()
            new.append(first_round if first is current else second_round)
            old.append(second_round if first is current else first_round)
    return [
        Result(
            route,
            status,
            tuple(statements),
            tuple(route_time for route_time, _ in timings[route]),
            tuple(bare_time for _, bare_time in timings[route]),
            baseline_status=pair[1].statuses[index] if pair else None,
            baseline_seconds=tuple(seconds[index] for seconds in old),
            current_seconds=tuple(seconds[index] for seconds in new),
        )
        for index, (route, (status, statements)) in enumerate(captured.items())
    ]


def capture(engine: sa.Engine, client: FlaskClient, path: str) -> tuple[int, list[Statement]]:
    """Call the route once; return its status and every statement it sent to the database."""
    statements: list[Statement] = []

    def record(connection: Any, cursor: Any, sql: str, parameters: Any, context: Any, executemany: bool) -> None:
        statements.append(Statement(sql, parameters, executemany))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
        response.get_data()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return response.status_code, statements


def time_route(client: FlaskClient, path: str) -> float:
    """Seconds to get the whole response (a streamed CSV included)."""
    started = time.perf_counter()
    client.get(path).get_data()
    return time.perf_counter() - started


def time_bare(engine: sa.Engine, statements: Sequence[Statement]) -> float:
    """Seconds to run the statements on a pooled DBAPI connection, fetch every row, and commit once."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        started = time.perf_counter()
        for statement in statements:
            run_statement = cursor.executemany if statement.is_many else cursor.execute
            run_statement(statement.sql, statement.parameters)
            if cursor.description is not None:
                cursor.fetchall()
        connection.commit()
        seconds = time.perf_counter() - started
        cursor.close()
    finally:
        connection.close()
    return seconds


def report(engine: str, plan: Plan, counts: dict[str, int], seconds: float, results: Sequence[Result]) -> str:
    """Generation time and sizes, the table, and the goal line."""
    sizes = ", ".join(f"{counts[name]:,} {name}" for name in ("users", "attempts", "attempt_answers", "completions"))
    rounds = len(results[0].route_seconds) if results else 0
    return "\n".join(
        [
            "",
            f"{engine}: generated in {seconds:.1f} s ({sizes}, {counts['lesson_reads']:,} lesson reads).",
            f"Milliseconds, median of {rounds} rounds after a warm-up; ratio: median over rounds of route / bare SQL.",
            "",
            format_results(results),
            "",
            goal_line(results),
        ]
    )


def format_results(results: Sequence[Result]) -> str:
    """One line per route: status, statements, route ms, bare SQL ms, ratio, within the goal or not."""
    lines = [["route", "status", "statements", "route ms", "bare SQL ms", "ratio", f"<= {GOAL}"]]
    for result in results:
        lines.append(
            [
                result.route.name,
                str(result.status),
                str(len(result.statements)),
                f"{1000 * median(result.route_seconds):.1f}",
                f"{1000 * median(result.bare_seconds):.1f}",
                f"{result.ratio:.2f}",
                "yes" if result.ratio <= GOAL else "NO",
            ]
        )
    return _columns(lines)


def _columns(lines: list[list[str]]) -> str:
    """A text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(line[column]) for line in lines) for column in range(len(lines[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def goal_line(results: Sequence[Result]) -> str:
    """Whether every route is within the goal, and the furthest from it."""
    missed = [result for result in results if result.ratio > GOAL]
    worst = max(results, key=lambda result: result.ratio)
    verdict = "met" if not missed else f"NOT met ({len(missed)} of {len(results)} routes over)"
    highest = f"{worst.route.name} ({worst.ratio:.2f})"
    return f"Goal: every report route within {GOAL}x its bare SQL: {verdict}; highest: {highest}."


def baseline_report(commit: str, results: Sequence[Result]) -> str:
    """Each route's median time with the baseline's code and with this code, their ratio, and the goal line."""
    lines = [["route", "old status", "old ms", "new ms", "old / new", f">= {BASELINE_GOAL:g}"]]
    for result in results:
        speed_up = median(result.baseline_seconds) / median(result.current_seconds)
        goal = ("yes" if speed_up >= BASELINE_GOAL else "NO") if result.route.is_all_cohorts else ""
        lines.append(
            [
                result.route.name,
                str(result.baseline_status),
                f"{1000 * median(result.baseline_seconds):.1f}",
                f"{1000 * median(result.current_seconds):.1f}",
                f"{speed_up:.2f}",
                goal,
            ]
        )
    goals = [result for result in results if result.route.is_all_cohorts]
    missed = [r for r in goals if median(r.baseline_seconds) / median(r.current_seconds) < BASELINE_GOAL]
    verdict = "met" if not missed else f"NOT met ({len(missed)} of {len(goals)} over)"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return "\n".join(
        [
            "",
            f"Against {commit}: its code and this one in two child processes alike, on the same database, in the same"
            f" rounds; load average {load}.",
            "",
            _columns(lines),
            "",
            f"Goal: every report over all cohorts at 1/{BASELINE_GOAL:g} of {commit}'s time or less: {verdict}.",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
