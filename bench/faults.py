"""The fault suite: the production topology on loopback, a bounded load of trainees, and faults injected.

``make test-faults`` (``python -m bench.faults``; ``--reduced`` is the CI version) starts, all on 127.0.0.1 and
all its own: a throw-away PostgreSQL database on the server of TEST_DATABASE_URL, a redis-server on a free port
(never the machine's shared one), two gunicorn instances with the repository's gunicorn.conf.py in production
mode, and nginx (Debian's package) in front of them, configured as docs/deployment.md says. Threads play
trainees who sign in, read lessons (a committing POST) and take a quiz. Scenarios:

1. 50 concurrent submits of one attempt;
2. ``kill -9`` of a gunicorn worker while trainees submit;
3. ``pg_terminate_backend`` of every app connection under load, twice;
4. Redis stopped under load (sign-ins included), then started again;
5. a worker hung (SIGSTOP) past gunicorn's timeout under load.

After each, the database invariants are checked: every attempt graded at most once (no duplicate answer, no
submitted attempt without a score), completions and certificates unique, every lesson read unique, and no
committed write lost (every 302 to a write has its row). The table gives requests, 5xx (nginx's 502s and
connection errors included), lost, double and recovery (seconds from the fault to the last failed request; 0
when none failed). The exit status is 1 when anything is lost or doubled, or a 5xx happens where the goals allow
none (scenarios 1 and 4). Times are upper bounds on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from bench import HOST, Client, Fields, Reply, free_port, hidden_value
from config import ProdConfig
from learnapp import create_app
from learnapp.accounts.operations import create_user
from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain.loader import load_tree
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.privacy.notice import NOTICE_VERSION
from tests.support.module_tree import write_module
from tests.support.postgres import postgres_database

ROOT = Path(__file__).resolve().parent.parent
MODULE = "faults"
LESSONS = ("01-intro", "02-lesson-2", "03-lesson-3")
PASSWORD = "fault suite trainee passphrase"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
RECOVERY_GOAL_SECONDS = 2.0


@dataclass
class Outcome:
    """One request's result: when it ended, its status (0 for a connection error), and what it was."""

    at: float
    status: int
    kind: str
    user: int = 0
    lesson: str = ""


@dataclass
class Row:
    """One line of the table."""

    scenario: str
    requests: int
    server_errors: int
    lost: int
    double: int
    recovery: float | None
    allows_errors: bool
    note: str = ""


@dataclass
class Stack:
    """Everything the suite started, and how to reach it."""

    folder: Path
    database_url: str
    env: dict[str, str]
    redis_port: int
    nginx_port: int
    instances: dict[str, tuple[int, subprocess.Popen[bytes]]] = field(default_factory=dict)
    redis: subprocess.Popen[bytes] | None = None


def main(argv: Sequence[str] | None = None) -> int:
    """Start the stack, run the scenarios, print the table; always stop what was started."""
    options = _options(argv)
    for program in ("nginx", "redis-server", "pg_isready"):
        if shutil.which(program) is None:
            print(f"{program} is not installed (Debian: nginx-light, redis-server, postgresql-client).")
            return 2
    signal.signal(signal.SIGTERM, _interrupt)
    rows: list[Row] = []
    try:
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="learnapp-faults-")))
            if options.logs:
                stack.callback(keep_logs, folder, options.logs)
            database_url = stack.enter_context(postgres_database(options.server, prefix="learnapp_faults"))
            system = start_stack(stack, folder, database_url, options)
            print(f"Stack up: nginx :{system.nginx_port}, gunicorn A/B, redis :{system.redis_port}", flush=True)
            for number, scenario in enumerate(scenarios(options), start=1):
                if options.only and number not in options.only:
                    continue
                print(f"Running: {scenario.__name__.replace('_', ' ')} ...", flush=True)
                rows.append(scenario(system, options))
    except KeyboardInterrupt:
        print("\nInterrupted: everything started was stopped.", file=sys.stderr)
        return 130
    print(format_rows(rows))
    return 1 if any(failed(row) for row in rows) else 0


def keep_logs(folder: Path, target: Path) -> None:
    """Copy the servers' logs out of the temporary folder before it goes."""
    target.mkdir(parents=True, exist_ok=True)
    for log in folder.glob("*.log"):
        shutil.copy(log, target / log.name)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.splitlines()[0])
    parser.add_argument("--reduced", action="store_true", help="the CI version: fewer trainees, shorter loads")
    parser.add_argument("--server", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_SERVER))
    parser.add_argument("--only", type=int, action="append", help="run only scenario N (repeatable)")
    parser.add_argument("--logs", type=Path, help="copy the gunicorn and nginx logs into this folder at the end")
    options = parser.parse_args(argv)
    options.trainees = 16 if options.reduced else 40
    options.concurrent = 20 if options.reduced else 50
    options.load_clients = 6 if options.reduced else 10
    options.load_seconds = 6.0 if options.reduced else 12.0
    options.kill_rounds = 1 if options.reduced else 3
    return options


# ---- the stack ---------------------------------------------------------------------------------------------------


def suite_env(folder: Path, database_url: str, redis_port: int) -> dict[str, str]:
    """Production settings, with cheaper hashing and a high sign-in limit: every trainee comes from 127.0.0.1."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNAPP_", "DATABASE_URL", "GUNICORN"))}
    return {
        **inherited,
        "LEARNAPP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "LEARNAPP_RATELIMIT_STORAGE_URI": f"redis://{HOST}:{redis_port}/0",
        "LEARNAPP_JOB_QUEUE_URL": f"redis://{HOST}:{redis_port}/1",
        "LEARNAPP_SIGN_IN_RATE_LIMIT": "100000 per minute",
        "LEARNAPP_ARGON2_TIME_COST": "1",
        "LEARNAPP_ARGON2_MEMORY_KIB": "1024",
        "LEARNAPP_MEDIA_DIR": str(folder / "media"),
        "LEARNAPP_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_TIMEOUT": "5",
    }


def start_stack(stack: ExitStack, folder: Path, database_url: str, options: argparse.Namespace) -> Stack:
    """Prepare the database, then start Redis, two gunicorn instances and nginx."""
    system = Stack(folder, database_url, {}, free_port(), free_port())
    system.env = suite_env(folder, database_url, system.redis_port)
    prepare_database(system.env, folder, options.trainees)
    start_redis(system)
    stack.callback(stop_redis, system)
    for name in ("A", "B"):
        stack.enter_context(gunicorn_instance(system, name))
    stack.enter_context(nginx(system))
    return system


def prepare_database(env: dict[str, str], folder: Path, trainees: int) -> None:
    """The schema at the migration head, one module (3 lessons, a quiz with any number of attempts), trainees."""
    app = create_app(ProdConfig, environ=env)
    with app.app_context():
        db.create_all()
        db.session.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        for head in ScriptDirectory(str(ROOT / "migrations")).get_heads():
            db.session.execute(sa.text("INSERT INTO alembic_version VALUES (:head)"), {"head": head})
        quiz = write_module(folder / "modules", MODULE, lessons=len(LESSONS)) / "quiz.en.md"
        quiz.write_text(re.sub(r"(?m)^attempts: [1-9][0-9]*\n", "attempts: 0\n", quiz.read_text()))
        loaded = load_tree(folder / "modules", media_base=MEDIA_BASE)
        if loaded.problems:
            raise RuntimeError("The fault module does not load: " + "; ".join(map(str, loaded.problems)))
        sync_modules(loaded.modules)
        for number in range(trainees):
            user = create_user(UserRecord(email=email(number), full_name=f"Fault Trainee {number}"), PASSWORD)
            user.notice_version = NOTICE_VERSION  # returning trainees, who accepted the privacy notice
        db.session.commit()
        db.engine.dispose()


def email(number: int) -> str:
    """The email of trainee `number`."""
    return f"fault{number}@example.org"


def start_redis(system: Stack) -> None:
    """The suite's own redis-server, without persistence."""
    command = ["redis-server", "--port", str(system.redis_port), "--bind", HOST, "--save", "", "--appendonly", "no"]
    system.redis = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait(lambda: _port_open(system.redis_port), "redis-server")


def stop_redis(system: Stack) -> None:
    """Stop the suite's redis-server (by its own pid)."""
    if system.redis is not None and system.redis.poll() is None:
        system.redis.terminate()
        system.redis.wait(timeout=10)


@contextmanager
def gunicorn_instance(system: Stack, name: str) -> Iterator[None]:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` on a free loopback port, as the systemd unit runs it."""
    port = free_port()
    metrics = system.folder / f"metrics-{name}"
    metrics.mkdir()
    env = {**system.env, "GUNICORN_BIND": f"{HOST}:{port}", "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    log = (system.folder / f"gunicorn-{name}.log").open("wb")
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    system.instances[name] = (port, process)
    try:
        try:
            _wait(lambda: _status(port, "/healthz") == 200, f"gunicorn {name}", process)
        except RuntimeError as error:
            log.flush()
            tail = (system.folder / f"gunicorn-{name}.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{error}:\n{tail}") from error
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


NGINX_CONF = """
worker_processes 1;
{user}
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    upstream learnapp {{
        server {host}:{port_a} max_fails=3 fail_timeout=10s;
        server {host}:{port_b} max_fails=3 fail_timeout=10s;
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        location /static/ {{ alias {static}/; }}
        error_page 502 503 504 /static/errors/unavailable.html;
        location / {{
            proxy_pass http://learnapp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Request-ID $request_id;
            proxy_connect_timeout 2s;
            proxy_read_timeout 35s;
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


@contextmanager
def nginx(system: Stack) -> Iterator[None]:
    """nginx in the foreground with the deployment guide's proxy settings, in front of both instances."""
    conf = system.folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "",
            folder=system.folder,
            host=HOST,
            port=system.nginx_port,
            port_a=system.instances["A"][0],
            port_b=system.instances["B"][0],
            static=ROOT / "learnapp" / "static",
        )
    )
    command = ["nginx", "-p", str(system.folder), "-c", str(conf), "-e", str(system.folder / "nginx-error.log")]
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: _status(system.nginx_port, "/healthz") == 200, "nginx", process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def _status(port: int, path: str) -> int:
    client = Client(port)
    try:
        return client.get(path).status
    except OSError:
        return 0
    finally:
        client.close()


def _wait(ready: Callable[[], bool], what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} stopped on start")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within 60 s")


def workers_of(system: Stack, name: str) -> list[int]:
    """The pids of an instance's gunicorn workers (the master's children)."""
    master = system.instances[name][1].pid
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


# ---- trainees ----------------------------------------------------------------------------------------------------


class Trainee(Client):
    """A signed-in trainee talking to nginx."""

    def __init__(self, system: Stack, number: int) -> None:
        super().__init__(system.nginx_port)
        self.number = number
        self.user_id = 0

    def sign_in(self) -> Reply:
        """Sign in and keep a CSRF token for later forms."""
        token = hidden_value(self.get("/sign-in").body, "csrf_token")
        reply = self.post("/sign-in", [("email", email(self.number)), ("password", PASSWORD), ("csrf_token", token)])
        if reply.status == 302:
            self.form_token = hidden_value(self.get(f"/modules/{MODULE}").body, "csrf_token")
        return reply

    def token(self) -> Fields:
        """The CSRF field for a form."""
        return [("csrf_token", self.form_token)]

    def start_attempt(self) -> str:
        """Start a quiz attempt; its path (/attempts/<id>)."""
        reply = self.post(f"/modules/{MODULE}/quiz/start", self.token())
        if reply.status != 302 or not reply.location.startswith("/attempts/"):
            raise RuntimeError(f"trainee {self.number} could not start the quiz: {reply.status}")
        return reply.location

    def copy(self) -> Trainee:
        """Another connection with the same cookies (a second tab)."""
        twin = Trainee.__new__(Trainee)
        Client.__init__(twin, self.connection.port)
        twin.cookies, twin.form_token, twin.number, twin.user_id = dict(self.cookies), self.form_token, self.number, 0
        return twin


def signed_in(system: Stack, numbers: Sequence[int]) -> list[Trainee]:
    trainees = []
    for number in numbers:
        trainee = Trainee(system, number)
        if trainee.sign_in().status != 302:
            raise RuntimeError(f"trainee {number} could not sign in")
        trainees.append(trainee)
    return trainees


def attempt_id(path: str) -> int:
    return int(path.rstrip("/").split("/")[2])


def _request(outcomes: list[Outcome], lock: threading.Lock, call: Callable[[], Reply], **info: object) -> Reply | None:
    try:
        reply: Reply | None = call()
        status = reply.status if reply else 0
    except OSError:
        reply, status = None, 0
    with lock:
        outcomes.append(Outcome(time.monotonic(), status, **info))  # type: ignore[arg-type]
    return reply


def run_load(
    system: Stack, trainees: Sequence[Trainee], seconds: float, faults: Sequence[tuple[float, Callable[[], None]]]
) -> tuple[list[Outcome], list[float]]:
    """Each trainee browses and marks lessons read for `seconds`; each fault runs at its offset. Returns every
    request's outcome and when each fault happened (same clock)."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + seconds
    fault_times: list[float] = []

    def browse(trainee: Trainee) -> None:
        rng = random.Random(trainee.number)
        while time.monotonic() < stop_at:
            lesson = rng.choice(LESSONS)
            choice = rng.random()
            if choice < 0.15:
                fresh = Trainee(system, trainee.number)
                _request(outcomes, lock, fresh.sign_in, kind="sign-in")
                fresh.close()
            elif choice < 0.45:
                path = f"/modules/{MODULE}/lessons/{lesson}/read"
                _request(
                    outcomes,
                    lock,
                    lambda path=path: trainee.post(path, trainee.token()),
                    kind="read",
                    user=trainee.number,
                    lesson=lesson,
                )
            else:
                path = rng.choice(["/", f"/modules/{MODULE}", f"/modules/{MODULE}/lessons/{lesson}"])
                _request(outcomes, lock, lambda path=path: trainee.get(path), kind="get")
            time.sleep(rng.uniform(0.02, 0.08))

    threads = [threading.Thread(target=browse, args=(trainee,)) for trainee in trainees]
    for thread in threads:
        thread.start()
    for offset, fault in faults:
        time.sleep(max(0.0, started + offset - time.monotonic()))
        fault_times.append(time.monotonic())
        fault()
    for thread in threads:
        thread.join()
    return outcomes, fault_times


# ---- invariants --------------------------------------------------------------------------------------------------


INVARIANTS = {
    "answers graded twice": "SELECT count(*) FROM (SELECT attempt_id, question_slug FROM attempt_answers "
    "GROUP BY attempt_id, question_slug HAVING count(*) > 1) d",
    "submitted without score": "SELECT count(*) FROM attempts WHERE submitted_at IS NOT NULL AND score IS NULL",
    "score without submit": "SELECT count(*) FROM attempts WHERE submitted_at IS NULL AND score IS NOT NULL",
    "duplicate completions": "SELECT count(*) FROM (SELECT user_id, module_id FROM completions "
    "GROUP BY user_id, module_id HAVING count(*) > 1) d",
    "duplicate certificates": "SELECT count(*) FROM (SELECT completion_id FROM certificates "
    "GROUP BY completion_id HAVING count(*) > 1) d",
    "duplicate lesson reads": "SELECT count(*) FROM (SELECT user_id, module_id, lesson_slug FROM lesson_reads "
    "GROUP BY user_id, module_id, lesson_slug HAVING count(*) > 1) d",
}


def doubles(system: Stack) -> tuple[int, list[str]]:
    """How many invariant violations of the "twice" kind, and which."""
    engine = sa.create_engine(system.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            found = {name: int(connection.execute(sa.text(sql)).scalar_one()) for name, sql in INVARIANTS.items()}
    finally:
        engine.dispose()
    return sum(found.values()), [f"{name}: {count}" for name, count in found.items() if count]


def lost_reads(system: Stack, outcomes: Sequence[Outcome]) -> int:
    """Lesson reads answered 302 (saved) whose row is not in the database."""
    acknowledged = {(o.user, o.lesson) for o in outcomes if o.kind == "read" and o.status == 302}
    engine = sa.create_engine(system.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT u.email, r.lesson_slug FROM lesson_reads r JOIN users u ON u.id = r.user_id "
                    "JOIN modules m ON m.id = r.module_id WHERE m.slug = :slug"
                ),
                {"slug": MODULE},
            ).all()
    finally:
        engine.dispose()
    stored = {(int(mail.removeprefix("fault").split("@")[0]), lesson) for mail, lesson in rows}
    return len(acknowledged - stored)


def submitted(system: Stack, attempt_ids: Sequence[int]) -> dict[int, bool]:
    """Whether each attempt is submitted and scored."""
    engine = sa.create_engine(system.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT id, submitted_at IS NOT NULL AND score IS NOT NULL FROM attempts WHERE id = ANY(:ids)"),
                {"ids": list(attempt_ids)},
            ).all()
    finally:
        engine.dispose()
    return {int(row[0]): bool(row[1]) for row in rows}


def recovery(outcomes: Sequence[Outcome], fault_times: Sequence[float]) -> float:
    """Seconds from each fault to the last failed request after it (the worst fault); 0 when none failed."""
    worst = 0.0
    for index, fault_at in enumerate(fault_times):
        next_fault = fault_times[index + 1] if index + 1 < len(fault_times) else float("inf")
        failures = [o.at for o in outcomes if fault_at <= o.at < next_fault and is_error(o)]
        if failures:
            worst = max(worst, max(failures) - fault_at)
    return worst


def failed_kinds(outcomes: Sequence[Outcome]) -> str:
    """Which kinds of request failed, e.g. "failed: read 3, get 1"."""
    kinds: dict[str, int] = {}
    for outcome in outcomes:
        if is_error(outcome):
            kinds[outcome.kind] = kinds.get(outcome.kind, 0) + 1
    return "failed: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())) if kinds else ""


def is_error(outcome: Outcome) -> bool:
    """A 5xx, nginx's 502/504 included, or a dropped connection."""
    return outcome.status == 0 or outcome.status >= 500


# ---- scenarios ---------------------------------------------------------------------------------------------------


def scenarios(options: argparse.Namespace) -> list[Callable[[Stack, argparse.Namespace], Row]]:
    return [concurrent_submits, kill_worker_during_submits, terminate_database_connections, redis_stopped, hung_worker]


def concurrent_submits(system: Stack, options: argparse.Namespace) -> Row:
    """N submits of one attempt, released together by a barrier, through nginx to both instances."""
    [trainee] = signed_in(system, [0])
    path = trainee.start_attempt()
    tabs = [trainee.copy() for _ in range(options.concurrent)]
    barrier = threading.Barrier(len(tabs))
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def submit(tab: Trainee) -> None:
        barrier.wait()
        _request(outcomes, lock, lambda: tab.post(f"{path}/submit", [*tab.token(), ("confirm", "1")]), kind="submit")

    threads = [threading.Thread(target=submit, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    graded = submitted(system, [attempt_id(path)])
    double, notes = doubles(system)
    errors = sum(is_error(o) for o in outcomes)
    lost = 0 if graded.get(attempt_id(path)) else 1
    return Row(
        "1. concurrent submits of one attempt", len(outcomes), errors, lost, double, None, False, "; ".join(notes)
    )


def kill_worker_during_submits(system: Stack, options: argparse.Namespace) -> Row:
    """Trainees with open attempts submit at once; one of instance A's workers gets SIGKILL mid-way."""
    numbers = list(range(1, 1 + min(12, options.trainees - 1)))
    rounds = [_kill_round(system, numbers, 0.05 * (number + 1)) for number in range(options.kill_rounds)]
    replaced = max(row[3] for row in rounds)
    double, notes = doubles(system)
    note = "; ".join(
        [f"killed worker replaced within {replaced:.2f} s; failed submits retried by their trainee", *notes]
    )
    return Row(
        "2. kill -9 of a worker during submits",
        sum(row[0] for row in rounds),
        sum(row[1] for row in rounds),
        sum(row[2] for row in rounds),
        double,
        max(row[4] for row in rounds),
        True,
        note,
    )


def _kill_round(system: Stack, numbers: Sequence[int], delay: float) -> tuple[int, int, int, float, float]:
    """One round: requests, failed requests, attempts lost after a retry, seconds until the worker was replaced,
    seconds until the last failed request."""
    trainees = signed_in(system, numbers)
    paths = [trainee.start_attempt() for trainee in trainees]
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(trainees) + 1)

    def submit(trainee: Trainee, path: str) -> None:
        barrier.wait()
        _request(
            outcomes,
            lock,
            lambda: trainee.post(f"{path}/submit", [*trainee.token(), ("confirm", "1")]),
            kind="submit",
            user=trainee.number,
            lesson=path,
        )

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(trainees, paths, strict=True)]
    for thread in threads:
        thread.start()
    barrier.wait()
    time.sleep(delay)
    before = workers_of(system, "A")
    killed_at = time.monotonic()
    if before:
        os.kill(before[0], signal.SIGKILL)
    _wait(lambda: len(workers_of(system, "A")) >= len(before) and before[0] not in workers_of(system, "A"), "A")
    replaced = time.monotonic() - killed_at
    for thread in threads:
        thread.join()
    # What a person does after an error page: submit again. Nothing may be lost, nothing graded twice.
    for trainee, path in zip(trainees, paths, strict=True):
        if any(o.lesson == path and is_error(o) for o in outcomes):
            trainee.post(f"{path}/submit", [*trainee.token(), ("confirm", "1")])
    state = submitted(system, [attempt_id(path) for path in paths])
    lost = sum(not state.get(attempt_id(path), False) for path in paths)
    for trainee in trainees:
        trainee.close()
    return len(outcomes), sum(is_error(o) for o in outcomes), lost, replaced, recovery(outcomes, [killed_at])


def load_row(
    system: Stack,
    scenario: str,
    outcomes: list[Outcome],
    recovered: float | None,
    *,
    allows_errors: bool,
    note: str = "",
) -> Row:
    """The row of a scenario run under `run_load`: its errors, lost reads and double grades, counted alike."""
    double, notes = doubles(system)
    return Row(
        scenario,
        len(outcomes),
        sum(is_error(o) for o in outcomes),
        lost_reads(system, outcomes),
        double,
        recovered,
        allows_errors,
        "; ".join(filter(None, [note, failed_kinds(outcomes), *notes])),
    )


def terminate_database_connections(system: Stack, options: argparse.Namespace) -> Row:
    """Under load, every backend of the app's database is terminated, twice."""
    engine = sa.create_engine(system.database_url, poolclass=sa.pool.NullPool)
    name = sa.make_url(system.database_url).database

    def terminate() -> None:
        with engine.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )

    trainees = signed_in(system, range(options.trainees - options.load_clients, options.trainees))
    seconds = options.load_seconds
    outcomes, fault_times = run_load(
        system, trainees, seconds, [(seconds / 3, terminate), (2 * seconds / 3, terminate)]
    )
    engine.dispose()
    for trainee in trainees:
        trainee.close()
    return load_row(
        system, "3. pg_terminate_backend under load (x2)", outcomes, recovery(outcomes, fault_times), allows_errors=True
    )


def redis_stopped(system: Stack, options: argparse.Namespace) -> Row:
    """Under load with sign-ins, the suite's Redis is stopped, then started again."""
    trainees = signed_in(system, range(options.trainees - options.load_clients, options.trainees))
    seconds = options.load_seconds
    outcomes, fault_times = run_load(
        system,
        trainees,
        seconds,
        [(seconds / 4, lambda: stop_redis(system)), (3 * seconds / 4, lambda: start_redis(system))],
    )
    for trainee in trainees:
        trainee.close()
    down = [o for o in outcomes if fault_times[0] <= o.at < fault_times[1]]
    sign_ins = sum(1 for o in down if o.kind == "sign-in" and o.status == 302)
    return load_row(
        system,
        "4. Redis stopped under load, then started",
        outcomes,
        recovery(outcomes, fault_times[:1]),
        allows_errors=False,
        note=f"{sign_ins} sign-ins succeeded while Redis was down",
    )


def hung_worker(system: Stack, options: argparse.Namespace) -> Row:
    """Under load, one of instance B's workers is frozen (SIGSTOP); gunicorn's 5 s timeout must replace it."""
    victim: list[int] = []

    def freeze() -> None:
        pids = workers_of(system, "B")
        if pids:
            victim.append(pids[0])
            os.kill(pids[0], signal.SIGSTOP)

    trainees = signed_in(system, range(options.trainees - options.load_clients, options.trainees))
    seconds = max(options.load_seconds, 12.0)
    outcomes, fault_times = run_load(system, trainees, seconds, [(1.0, freeze)])
    replaced = victim and victim[0] not in workers_of(system, "B")
    if victim and not replaced:
        os.kill(victim[0], signal.SIGKILL)  # never leave a frozen process behind
    for trainee in trainees:
        trainee.close()
    note = "frozen worker replaced by gunicorn" if replaced else "frozen worker NOT replaced in time"
    return load_row(
        system,
        "5. worker hung past gunicorn's timeout",
        outcomes,
        recovery(outcomes, fault_times),
        allows_errors=True,
        note=note,
    )


# ---- report ------------------------------------------------------------------------------------------------------


def failed(row: Row) -> bool:
    """Anything lost or doubled; or a 5xx where none is allowed."""
    return row.lost > 0 or row.double > 0 or (row.server_errors > 0 and not row.allows_errors)


def format_rows(rows: Sequence[Row]) -> str:
    """The table, then the notes."""
    header = f"{'scenario':<44} {'requests':>8} {'5xx':>5} {'lost':>5} {'double':>6} {'recovery':>9}  verdict"
    lines = [header, "-" * len(header)]
    for row in rows:
        recovered = "-" if row.recovery is None else f"{row.recovery:.2f} s"
        verdict = "FAIL" if failed(row) else "ok"
        lines.append(
            f"{row.scenario:<44} {row.requests:>8} {row.server_errors:>5} {row.lost:>5} {row.double:>6} "
            f"{recovered:>9}  {verdict}"
        )
    lines.append("")
    lines.extend(f"{row.scenario}: {row.note}" for row in rows if row.note)
    lines.append(
        "Goals: 0 lost, 0 double, 0 5xx except requests in flight at a kill, a termination or a hang; "
        f"recovery within {RECOVERY_GOAL_SECONDS:.0f} s (a hang lasts gunicorn's timeout, 5 s here)."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
