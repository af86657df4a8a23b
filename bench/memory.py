"""Memory of the served app: gunicorn's master and two sync workers, after 2,000 mixed requests and after 2,000 more.

The data set is `bench.pages`' (the curriculum in English and Russian, 300 trainees, signed-in bench trainees).
Gunicorn runs two sync workers with the app preloaded in the master (the smallest footprint; `gunicorn.conf.py`
loads it per worker instead, for reloads without dropped requests: compare with ``--no-preload``). Clients request,
in turn, every lesson of the curriculum, every module page, My learning and the glossary, in both languages. The
resident set size (RSS) of the master and of each worker is read from ``/proc/<pid>/status`` after the first and
after the second 2,000 requests. Goals: 150 MiB or less in all, and no growth between the two readings. It prints
the readings and exits 0 whatever they are.

Run ``python -m bench.memory`` (options: ``--help``).
"""

from __future__ import annotations

import argparse
import itertools
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import sqlalchemy as sa

from bench import HOST, Client, _wait_until_up, free_port
from bench.pages import ROOT, bench_email, bench_env, prepare_database, sign_in
from learnapp.extensions import db
from learnapp.models import Lesson, Module

GOAL_MIB = 150.0


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, serve, send the requests, print the memory readings."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch (default 2000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--no-preload", action="store_true", help="do not preload the app in the master")
    options = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="learnapp-bench-memory-")))
        env = bench_env(folder)
        print(f"Preparing a database in {folder} ...", flush=True)
        app = prepare_database(env, folder, argparse.Namespace(trainees=300, clients=options.clients))
        with app.app_context():
            paths = _paths()
            db.engine.dispose()
        master = stack.enter_context(_gunicorn(env, folder / "app.log", preload=not options.no_preload))
        port, pid = master
        clients = [stack.enter_context(closing(Client(port))) for _ in range(options.clients)]
        for number, client in enumerate(clients):
            sign_in(client, bench_email(number))
        readings = []
        for batch in (1, 2):
            errors = _send(clients, paths, options.requests)
            readings.append(_rss_by_process(pid))
            pss = _pss_total(pid)
            print(f"Batch {batch}: {options.requests} requests, {errors} errors; PSS in all {pss:.1f} MiB.", flush=True)
    print()
    print(_table(readings))
    first, second = sum(readings[0].values()), sum(readings[1].values())
    print()
    print(f"Goal: {GOAL_MIB:.0f} MiB or less in all: {'met' if second <= GOAL_MIB else 'NOT met'} ({second:.1f} MiB).")
    print(
        f"Goal: no growth over the second batch: {'met' if second <= first else 'NOT met'} ({second - first:+.1f} MiB)."
    )
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _paths() -> list[str]:
    """Every lesson and module page of the curriculum, My learning and the glossary."""
    rows = db.session.execute(
        sa.select(Module.slug, Lesson.slug)
        .join(Lesson, Lesson.version_id == Module.current_version_id)
        .order_by(Module.slug, Lesson.position)
    ).all()
    lessons = [f"/modules/{module}/lessons/{lesson}" for module, lesson in rows if not module.startswith("bench")]
    modules = sorted({f"/modules/{module}" for module, _ in rows if not module.startswith("bench")})
    return [*lessons, *modules, "/", "/glossary"]


@contextmanager
def _gunicorn(env: dict[str, str], log: Path, preload: bool) -> Iterator[tuple[int, int]]:
    """gunicorn with two sync workers on a free port; yields (port, master's pid)."""
    port = free_port()
    options = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning", "--bind", f"{HOST}:{port}"]
    if preload:
        options.append("--preload")
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *options, "wsgi:app"], cwd=ROOT, env=env, stdout=sink, stderr=sink
        )
    try:
        _wait_until_up(server, port, log, seconds=120.0)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _send(clients: list[Client], paths: list[str], count: int) -> int:
    """`count` requests spread over the clients, each client walking the paths in turn; the errors."""
    errors = 0
    cycle = itertools.cycle(paths)
    per_client = max(count // len(clients), 1)
    for _ in range(per_client):
        for client in clients:
            path = next(cycle)
            language = "ru" if hash(path) % 2 else "en"
            if path == "/":
                client.post("/language", [("csrf_token", client.form_token), ("language", language), ("next", "/")])
            try:
                if client.get(path).status != 200:
                    errors += 1
            except OSError:
                errors += 1
    return errors


def _rss_by_process(master: int) -> dict[str, float]:
    """RSS in MiB of the master and of each of its children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    found = {"master": _rss(master)}
    for number, child in enumerate(children, start=1):
        found[f"worker {number}"] = _rss(int(child))
    return found


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pss_total(master: int) -> float:
    """Proportional set size of the master and its workers in MiB: shared pages counted once, not once per process."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0.0
    for pid in [master, *map(int, children)]:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
    return total


def _table(readings: list[dict[str, float]]) -> str:
    names = list(readings[0])
    lines = [f"{'process':<12}{'after 1st batch':>18}{'after 2nd batch':>18}{'growth':>10}   (MiB RSS)"]
    for name in names:
        first, second = readings[0].get(name, 0.0), readings[1].get(name, 0.0)
        lines.append(f"{name:<12}{first:>18.1f}{second:>18.1f}{second - first:>+10.1f}")
    first, second = sum(readings[0].values()), sum(readings[1].values())
    lines.append(f"{'total':<12}{first:>18.1f}{second:>18.1f}{second - first:>+10.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
