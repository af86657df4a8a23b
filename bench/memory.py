"""Memory of the served app: gunicorn's master and two sync workers, after 2,000 mixed requests and after 2,000 more.

The data set is `bench.pages`' (the curriculum in English and Russian, 300 trainees, signed-in bench trainees).
Gunicorn runs with the repository's `gunicorn.conf.py` (its garbage-collector hooks), two sync workers, the app
preloaded in the master (``GUNICORN_PRELOAD=1``, the smallest footprint; ``--no-preload`` for the default, which
loads it in each worker), ``MALLOC_ARENA_MAX=2`` as in the systemd unit, and no ``max_requests``: a worker replaced
during the run would hide any growth. Clients request, in turn, every lesson of the curriculum, every module page,
My learning and the glossary, in both languages.

Before serving, it prints what importing the app costs one process (RSS after ``import flask``, after
``create_app()``, and which heavy libraries that loads). After each batch it reads, for the master and each worker,
the resident set size (RSS, ``/proc/<pid>/status``: pages shared with the other processes counted in each), the
proportional set size (PSS: each shared page divided between the processes sharing it, so the PSS of all the
processes adds up to the memory they really take) and the private memory (USS), from ``/proc/<pid>/smaps_rollup``.
Goals: 150 MiB or less in all, and no growth between the two readings. It prints the readings and exits 0 whatever
they are.

Run ``python -m bench.memory`` (options: ``--help``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import sqlalchemy as sa

from bench import HOST, Client, _wait_until_up, free_port, stop
from bench.pages import ROOT, bench_email, bench_env, prepare_database, sign_in
from learnapp.extensions import db
from learnapp.models import Lesson, Module

GOAL_MIB = 150.0
# Libraries that only rare paths need (PDFs, exports, uploads, the job queue, migrations, password checks).
HEAVY = (
    "weasyprint",
    "fontTools",
    "openpyxl",
    "PIL",
    "rq",
    "redis",
    "alembic",
    "flask_migrate",
    "zxcvbn",
    "hypothesis",
)
IMPORT_PROBE = f"""
import json, os, sys
def rss():
    for line in open(f"/proc/{{os.getpid()}}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
found = {{"python": rss()}}
import flask
found["import flask"] = rss()
from learnapp import create_app
create_app()
found["create_app()"] = rss()
found["modules"] = len(sys.modules)
found["heavy"] = [name for name in {HEAVY!r} if name in sys.modules]
print(json.dumps(found))
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, serve, send the requests, print the memory readings."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch (default 2000)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--no-preload", action="store_true", help="do not preload the app in the master")
    parser.add_argument(
        "--batches", type=int, default=2, help="batches of requests (default 2; more shows whether growth levels off)"
    )
    options = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="learnapp-bench-memory-")))
        env = {**bench_env(folder), "MALLOC_ARENA_MAX": "2"}
        print(_import_costs(env), flush=True)
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
        readings = [_memory_by_process(pid)]
        for batch in range(1, max(options.batches, 2) + 1):
            errors = _send(clients, paths, options.requests)
            readings.append(_memory_by_process(pid))
            print(f"Batch {batch}: {options.requests} requests, {errors} errors.", flush=True)
    print()
    print(f"gunicorn, 2 sync workers, {'no preload' if options.no_preload else 'preloaded'}, MiB:")
    print(_table(readings))
    first, second = (_total(reading) for reading in readings[-2:])
    print()
    for kind in ("rss", "pss"):
        met = "met" if second[kind] <= GOAL_MIB else "NOT met"
        print(f"Goal: {GOAL_MIB:.0f} MiB or less in all, {kind.upper()}: {met} ({second[kind]:.1f} MiB).")
    for kind in ("rss", "pss"):
        growth = second[kind] - first[kind]
        met = "met" if growth <= 0.5 else "NOT met"  # half a MiB: the kernel's page accounting moves by that much
        print(f"Goal: no growth over the last batch, {kind.upper()}: {met} ({growth:+.1f} MiB).")
    return 0


def _import_costs(env: dict[str, str]) -> str:
    """What importing the app and building it costs one fresh process, and which heavy libraries it loads."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout.splitlines()[-1])
    heavy = ", ".join(found["heavy"]) or "none"
    return (
        f"One process: python {found['python']:.1f} MiB RSS, after `import flask` {found['import flask']:.1f}, "
        f"after `create_app()` {found['create_app()']:.1f} ({found['modules']} modules); heavy libraries: {heavy}."
    )


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
    """gunicorn.conf.py with two sync workers on a free port, never replaced; yields (port, master's pid)."""
    port = free_port()
    options = ["--workers", "2", "--worker-class", "sync", "--max-requests", "0", "--log-level", "warning"]
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_PRELOAD": "1" if preload else "0"}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *options, "wsgi:app"]
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)
    try:
        _wait_until_up(server, port, log, seconds=120.0)
        yield port, server.pid
    finally:
        stop(server)


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


def _memory_by_process(master: int) -> dict[str, dict[str, float]]:
    """RSS, PSS and USS in MiB of the master and of each of its children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    found = {"master": _memory(master)}
    for number, child in enumerate(children, start=1):
        found[f"worker {number}"] = _memory(int(child))
    return found


def _memory(pid: int) -> dict[str, float]:
    """One process's RSS, PSS and USS (private clean and dirty pages), in MiB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            fields[name] = int(parts[0])
    return {
        "rss": fields["Rss"] / 1024,
        "pss": fields["Pss"] / 1024,
        "uss": (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024,
    }


def _total(reading: dict[str, dict[str, float]]) -> dict[str, float]:
    return {kind: sum(process[kind] for process in reading.values()) for kind in ("rss", "pss", "uss")}


def _table(readings: list[dict[str, dict[str, float]]]) -> str:
    """Per process and in all: RSS, PSS and USS before the requests, after each batch, and the last one's growth."""
    headers = ("started", *(f"batch {number}" for number in range(1, len(readings))), "growth")
    lines = [f"{'process':<10}{'':<5}" + "".join(f"{header:>11}" for header in headers)]
    rows = [*((name, [reading[name] for reading in readings]) for name in readings[0])]
    rows.append(("total", [_total(reading) for reading in readings]))
    for name, values in rows:
        for kind in ("rss", "pss", "uss"):
            cells = [value[kind] for value in values]
            label = name if kind == "rss" else ""
            numbers = "".join(f"{cell:>11.1f}" for cell in cells)
            lines.append(f"{label:<10}{kind.upper():<5}{numbers}{cells[-1] - cells[-2]:>+11.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
