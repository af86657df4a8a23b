"""Requests per second of the lesson page, the module page and a quiz submit, as ratios to a Flask hello-world.

Both apps are served the same way, by gunicorn with 2 sync workers on loopback. The real app gets a temporary
SQLite database holding the curriculum (8 modules, English and Russian), a population of trainees with their
lesson reads, one extra module whose quiz allows unlimited attempts, and one signed-in bench trainee per
concurrent client. The measurements are interleaved, round after round, so that a slow moment of the machine
touches every page alike. Goal: the lesson page at one third or more of hello-world.

Run ``make bench`` (options: ``python -m bench.pages --help``). Once it has numbers it exits 0 whatever they
are: it is a benchmark, not a test. See bench/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack, closing
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from bench import (
    Client,
    Fields,
    Reply,
    Row,
    Sample,
    Step,
    format_table,
    goal_line,
    hidden_value,
    read_forms,
    run_load,
    serve,
    timed_get,
)
from config import DevConfig
from learnapp import create_app
from learnapp.accounts.operations import create_user
from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain.loader import load_tree
from learnapp.domain.profiles import COUNTRIES, LANGUAGES, Gender, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import Attempt, Cohort, CohortModule, Enrolment, Lesson, LessonRead, Module, ModuleVersion, User
from learnapp.models.user import utcnow
from tests.support.module_tree import write_module

ROOT = Path(__file__).resolve().parent.parent
LESSON_PATH = "/modules/disengagement-and-reintegration/lessons/05-case-returnee"
MODULE_PATH = "/modules/prevention"
MY_LEARNING_PATH = "/"
PRE_TEST = "orientation"
QUIZ_MODULE = "bench-unlimited-quiz"
PASSWORD = "bench trainee passphrase, long enough"
GOAL = 1 / 3
# The other rows' goals (issue 16), by row: (what the goal line calls it, goal).
OTHER_GOALS = {
    "module page": ("the module page", 0.25),
    "my learning": ("My learning", 0.25),
    "quiz submit": ("the quiz submit", 0.15),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, start both servers, measure, print; always clean up."""
    options = _options(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="learnapp-bench-")))
            env = bench_env(folder)
            print(f"Preparing a database with {options.trainees} trainees in {folder} ...", flush=True)
            app = prepare_database(env, folder, options)
            app_port = stack.enter_context(serve("wsgi:app", env, ROOT, folder / "app.log"))
            hello_port = stack.enter_context(serve("bench.hello:app", env, ROOT, folder / "hello.log"))
            rows = measure(app, app_port, hello_port, options, stack)
            print(report(rows, options))
    except KeyboardInterrupt:
        print("\nInterrupted: servers stopped, temporary folder removed.", file=sys.stderr)
        return 130
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """Treat a polite kill like Ctrl-C, so that the servers stop and the folder goes."""
    raise KeyboardInterrupt


def _options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--trainees", type=int, default=300, help="trainees in the data set (default 300)")
    parser.add_argument("--warm-up", type=float, default=1.0, help="unmeasured seconds per page first (default 1)")
    return parser.parse_args(argv)


def bench_env(folder: Path) -> dict[str, str]:
    """The environment of the CLI and both servers: development settings, everything inside `folder`."""
    return {
        **_inherited_env(),
        "LEARNAPP_ENV": "development",
        "LEARNAPP_INSTANCE_DIR": str(folder / "instance"),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        # Every client signs in from 127.0.0.1; more than the default 10 a minute must get through.
        "LEARNAPP_SIGN_IN_RATE_LIMIT": "1000 per minute",
    }


def _inherited_env() -> dict[str, str]:
    """The caller's environment without any LEARNAPP_* or DATABASE_URL that could point at a real database."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("LEARNAPP_", "DATABASE_URL"))}


def prepare_database(env: dict[str, str], folder: Path, options: argparse.Namespace) -> Flask:
    """Migrate, load the curriculum with the real CLI, then add the extra module and the people in-process."""
    for command in (["db", "upgrade"], ["modules", "sync", "modules"]):
        flask = [sys.executable, "-m", "flask", "--app", "learnapp", *command]
        done = subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"`flask {' '.join(command)}` failed:\n{done.stdout}{done.stderr}")
    app = create_app(DevConfig, environ=env)
    with app.app_context():
        publish_unlimited_quiz(folder / "extra")
        add_trainees(options.trainees, random.Random(2026))
        add_bench_trainees(options.clients)
        enrol_everyone_in_a_workshop()
        db.session.commit()
        db.engine.dispose()
    return app


def publish_unlimited_quiz(folder: Path) -> None:
    """Sync the curriculum plus a small module whose quiz allows any number of attempts (``attempts: 0``)."""
    quiz = write_module(folder, QUIZ_MODULE, order=99, quiz_settings="attempts: 0") / "quiz.en.md"
    # The template's own limit goes, or the loader refuses the key written twice.
    quiz.write_text(re.sub(r"(?m)^attempts: [1-9][0-9]*\n", "", quiz.read_text()))
    curriculum = load_tree(ROOT / "modules", media_base=MEDIA_BASE)
    extra = load_tree(folder, media_base=MEDIA_BASE)
    problems = [*curriculum.problems, *extra.problems]
    if problems:
        raise RuntimeError("The modules do not load: " + "; ".join(map(str, problems)))
    sync_modules([*curriculum.modules, *extra.modules])


def add_trainees(count: int, rng: random.Random) -> None:
    """Trainees of every country, group and language, each part-way through the curriculum, in reading order."""
    lessons = _curriculum_lessons()
    for number in range(count):
        record = UserRecord(
            email=f"trainee{number:04d}@example.org",
            full_name=f"Trainee {number}",
            country=rng.choice(list(COUNTRIES)),
            stakeholder_group=rng.choice(list(StakeholderGroup)),
            gender=rng.choice([*Gender, None]),
            language=rng.choice(LANGUAGES),
        )
        _add_reads(create_user(record).id, lessons[: rng.randint(0, len(lessons))], rng)


def add_bench_trainees(count: int) -> None:
    """One trainee per client, with a password, who has read the first half of the curriculum."""
    lessons = _curriculum_lessons()
    for number in range(count):
        record = UserRecord(email=bench_email(number), full_name=f"Bench Trainee {number}")
        _add_reads(create_user(record, PASSWORD).id, lessons[: len(lessons) // 2], random.Random(number))


def enrol_everyone_in_a_workshop() -> None:
    """One cohort assigning the whole curriculum to every trainee, as in the programme.

    The lesson measured is in a restricted module, which a trainee may open only through a cohort assigning it.
    """
    cohort = Cohort(name="Bench workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    module_ids = db.session.scalars(sa.select(Module.id).where(Module.slug != QUIZ_MODULE)).all()
    db.session.execute(sa.insert(CohortModule), [{"cohort_id": cohort.id, "module_id": m} for m in module_ids])
    user_ids = db.session.scalars(sa.select(User.id)).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": cohort.id, "user_id": u} for u in user_ids])


def bench_email(number: int) -> str:
    """The email of the bench trainee of client `number`."""
    return f"bench{number}@example.org"


def _curriculum_lessons() -> list[tuple[int, int, str]]:
    """(module id, version id, lesson slug) of every current curriculum lesson, in reading order."""
    query = (
        sa.select(Module.id, ModuleVersion.id, Lesson.slug)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .join(Lesson, Lesson.version_id == ModuleVersion.id)
        .where(Module.slug != QUIZ_MODULE)
        .order_by(ModuleVersion.position, Lesson.position)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _add_reads(user_id: int, lessons: Sequence[tuple[int, int, str]], rng: random.Random) -> None:
    if lessons:
        reads = [
            {
                "user_id": user_id,
                "module_id": module_id,
                "version_id": version_id,
                "lesson_slug": slug,
                "read_at": utcnow() - timedelta(days=rng.randint(1, 90)),
            }
            for module_id, version_id, slug in lessons
        ]
        db.session.execute(sa.insert(LessonRead), reads)


def sign_in(client: Client, email: str) -> None:
    """Sign the client in as `email`, accept the privacy notice, take the pre-test, keep a CSRF token for the forms."""
    token = hidden_value(client.get("/sign-in").body, "csrf_token")
    fields = [("email", email), ("password", PASSWORD), ("csrf_token", token), ("next", "")]
    _expect_redirect(client.post("/sign-in", fields), f"{email} signs in")
    # A trainee accepts the privacy notice once, before any other page.
    token = hidden_value(client.get("/privacy/accept").body, "csrf_token")
    _expect_redirect(
        client.post("/privacy/accept", [("csrf_token", token), ("next", "")]), f"{email} accepts the notice"
    )
    client.form_token = hidden_value(client.get(f"/modules/{PRE_TEST}").body, "csrf_token")
    attempt = _expect_redirect(client.post(f"/modules/{PRE_TEST}/quiz/start", _token(client)), "start the pre-test")
    _expect_redirect(client.post(f"{attempt}/submit", [*_token(client), ("confirm", "1")]), "submit the pre-test")


def _token(client: Client) -> Fields:
    return [("csrf_token", client.form_token)]


def _expect_redirect(reply: Reply, what: str) -> str:
    if reply.status != 302 or not reply.location:
        raise RuntimeError(f"Could not {what}: status {reply.status}.")
    return reply.location


def quiz_answers(client: Client) -> Fields:
    """Answers to every question of the unlimited quiz, read from its take page: the first choice of each."""
    attempt = _expect_redirect(client.post(f"/modules/{QUIZ_MODULE}/quiz/start", _token(client)), "start the quiz")
    answers: list[tuple[str, str]] = []
    for _action, inputs in read_forms(client.get(attempt).body):
        for name, value, kind in inputs:
            is_choice = kind in ("radio", "checkbox") and name.startswith("q.")
            if (name == "shown" and (name, value) not in answers) or (is_choice and name not in dict(answers)):
                answers.append((name, value))
    if not answers:
        raise RuntimeError(f"No question found on the take page {attempt}.")
    _expect_redirect(client.post(f"{attempt}/submit", [*_token(client), *answers, ("confirm", "1")]), "submit")
    return answers


def quiz_submit(answers: Fields) -> Step:
    """A step: start an attempt (not measured), then the measured submit of every answer, graded at once."""

    def step(client: Client) -> tuple[float, bool]:
        attempt = client.post(f"/modules/{QUIZ_MODULE}/quiz/start", _token(client))
        if attempt.status != 302 or not attempt.location.startswith("/attempts/"):
            return 0.0, False
        started = time.perf_counter()
        reply = client.post(f"{attempt.location}/submit", [*_token(client), *answers, ("confirm", "1")])
        is_graded = reply.status == 302 and reply.location.endswith("/review")
        return time.perf_counter() - started, is_graded

    return step


def forget_quiz_attempts(app: Flask) -> None:
    """Remove the bench trainees' attempts at the unlimited quiz, so every round starts from a short history."""
    with app.app_context():
        bench_ids = sa.select(User.id).where(User.email.like("bench%@example.org"))
        quiz_module = sa.select(Module.id).where(Module.slug == QUIZ_MODULE).scalar_subquery()
        db.session.execute(sa.delete(Attempt).where(Attempt.user_id.in_(bench_ids), Attempt.module_id == quiz_module))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def measure(app: Flask, app_port: int, hello_port: int, options: argparse.Namespace, stack: ExitStack) -> list[Row]:
    """Sign the clients in, warm every page up, then measure each page once per round, in turn."""
    visitors = [stack.enter_context(closing(Client(hello_port))) for _ in range(options.clients)]
    trainees = [stack.enter_context(closing(Client(app_port))) for _ in range(options.clients)]
    for number, client in enumerate(trainees):
        sign_in(client, bench_email(number))
    plan: list[tuple[str, Sequence[Client], Step]] = [
        ("hello-world", visitors, timed_get("/")),
        ("lesson page", trainees, timed_get(LESSON_PATH)),
        ("module page", trainees, timed_get(MODULE_PATH)),
        ("my learning", trainees, timed_get(MY_LEARNING_PATH)),
        ("quiz submit", trainees, quiz_submit(quiz_answers(trainees[0]))),
    ]
    for _name, clients, step in plan:
        run_load(clients, step, options.warm_up)
    samples: dict[str, list[Sample]] = {name: [] for name, _clients, _step in plan}
    for number in range(1, options.rounds + 1):
        print(f"Round {number} of {options.rounds} ...", flush=True)
        forget_quiz_attempts(app)
        for name, clients, step in plan:
            samples[name].append(run_load(clients, step, options.seconds))
    return [Row(name, tuple(values)) for name, values in samples.items()]


def report(rows: Sequence[Row], options: argparse.Namespace) -> str:
    """The table, the goal and how the numbers were taken."""
    baseline = rows[0]
    by_name = {row.name: row for row in rows}
    return "\n".join(
        [
            "",
            f"Requests per second, gunicorn 2 sync workers each, {options.clients} concurrent clients, "
            f"{options.seconds:g} s per measurement, {options.rounds} interleaved rounds",
            "(ratio: median over rounds of page / hello-world of the same round; quiz submit: the submit only).",
            "",
            format_table(rows, baseline),
            "",
            goal_line("the lesson page", by_name["lesson page"].rates, baseline.rates, GOAL),
            *(goal_line(label, by_name[row].rates, baseline.rates, goal) for row, (label, goal) in OTHER_GOALS.items()),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
