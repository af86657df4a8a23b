"""The reports benchmark's data set, written straight into the tables with SQLAlchemy Core bulk inserts.

At scale 1: 30 published modules (4 lessons and an 8-question quiz each; the first module's quiz is the pre-test,
the last one's the post-test), 10,000 trainees in 50 cohorts of 200, every cohort with all 30 modules (every third
with a due date, half of those past) and a coordinator of its own, one administrator and one trainer. Every
trainee has two submitted attempts at every module's quiz (600,000 attempts); about 95 % of trainee-modules are
completed (about 285,000 completions) with all lessons read, the others have part of their lessons read.

Saved answers (`AttemptAnswer`) are written for every attempt of the modules in `ANSWERED_MODULES` only (3 of 30:
60,000 attempts, 480,000 answers): answers to all 600,000 attempts would be 4.8 million rows, which multiplies the
generation time for a table that only the item analysis of one module at a time reads.

Ids are given explicitly (so nothing is read back), rows are built and inserted one cohort at a time (so memory
stays flat; `bench.bulk_load` writes them), and the same seed gives the same data on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bench.bulk_load import insert
from learnapp.domain.profiles import COUNTRIES, LANGUAGES, Gender, Role, StakeholderGroup
from learnapp.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    AuditEvent,
    Cohort,
    CohortCoordinator,
    CohortModule,
    Completion,
    Enrolment,
    Lesson,
    LessonRead,
    LessonText,
    Module,
    ModuleVersion,
    Question,
    QuestionText,
    User,
)

MODULES = 30
LESSONS = 4
QUESTIONS = 8
FULL_TRAINEES = 10_000
FULL_COHORTS = 50
ATTEMPTS = 2
COMPLETED_SHARE = 0.95
PASS_MARK = 60.0
ANSWERED_MODULES = (2, 12, 22)
AUDIT_EVENTS = 5_000
QUESTION_KINDS = ("single", "multiple", "truefalse", "single")
ORGANISATIONS = [
    f"{kind} {n}" for kind in ("Ministry", "Agency", "Committee", "Foundation", "Centre") for n in range(8)
]
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@dataclass(frozen=True)
class Plan:
    """How many of each: trainees are split evenly over the cohorts; ids are laid out from these counts."""

    trainees: int
    cohorts: int

    @classmethod
    def at_scale(cls, scale: float) -> Plan:
        """10,000 trainees in 50 cohorts at scale 1; at least one cohort of one trainee."""
        cohorts = max(1, round(FULL_COHORTS * scale))
        trainees = max(cohorts, round(FULL_TRAINEES * scale))
        return cls(trainees - trainees % cohorts, cohorts)

    @property
    def per_cohort(self) -> int:
        """Trainees in each cohort."""
        return self.trainees // self.cohorts

    @property
    def admin_id(self) -> int:
        """The administrator's user id (the trainer's is the next one, then one coordinator per cohort)."""
        return 1

    @property
    def trainer_id(self) -> int:
        """The trainer's user id."""
        return 2

    def coordinator_id(self, cohort_id: int) -> int:
        """The user id of the coordinator of `cohort_id` (cohorts are numbered from 1)."""
        return 2 + cohort_id

    def trainee_ids(self, cohort_id: int) -> range:
        """The user ids of the trainees of `cohort_id`."""
        first = 3 + self.cohorts + (cohort_id - 1) * self.per_cohort
        return range(first, first + self.per_cohort)


def session_token(user_id: int) -> str:
    """Every generated user's session token, so the benchmark can sign anyone in."""
    return f"bench-session-{user_id}"


def module_slug(module_id: int) -> str:
    """The slug of generated module `module_id` (1 to 30)."""
    return f"bench-module-{module_id:02d}"


def purpose(module_id: int) -> str:
    """The first module's quiz is the pre-test, the last one's the post-test; the others check knowledge."""
    return {1: "pre_test", MODULES: "post_test"}.get(module_id, "knowledge_check")


def generate(connection: sa.Connection, plan: Plan, seed: int = 2026) -> dict[str, int]:
    """Write the whole data set in `connection`'s transaction; return the rows written per table."""
    rng = random.Random(seed)
    counts = write_catalogue(connection)
    counts["users"] = insert(connection, User, _users(plan, rng))
    counts.update(write_cohorts(connection, plan, rng))
    for cohort_id in range(1, plan.cohorts + 1):
        for table, count in write_history(connection, plan, cohort_id, rng).items():
            counts[table] = counts.get(table, 0) + count
    counts["audit_events"] = insert(connection, AuditEvent, _audit_events(plan, rng))
    return counts


def write_catalogue(connection: sa.Connection) -> dict[str, int]:
    """The modules, their versions, lessons, quizzes and questions (module, version and quiz ids are equal)."""
    ids = range(1, MODULES + 1)
    counts = {
        "modules": insert(connection, Module, ({"id": m, "slug": module_slug(m), "is_archived": False} for m in ids))
    }
    counts["module_versions"] = insert(connection, ModuleVersion, (_version(m) for m in ids))
    current = sa.update(Module).where(Module.id == sa.bindparam("m")).values(current_version_id=sa.bindparam("v"))
    connection.execute(current, [{"m": m, "v": m} for m in ids])
    lessons = [
        {"id": (m - 1) * LESSONS + p, "version_id": m, "slug": f"lesson-{p}", "position": p}
        for m in ids
        for p in range(1, LESSONS + 1)
    ]
    counts["lessons"] = insert(connection, Lesson, lessons)
    insert(connection, LessonText, (_lesson_text(lesson["id"]) for lesson in lessons))
    quizzes = (
        {
            "id": m,
            "version_id": m,
            "kind": "quiz",
            "purpose": purpose(m),
            "pass_mark": PASS_MARK,
            "titles": {"en": "Quiz"},
            "bands": {},
        }
        for m in ids
    )
    counts["assessments"] = insert(connection, Assessment, quizzes)
    questions = [_question(m, q) for m in ids for q in range(1, QUESTIONS + 1)]
    counts["questions"] = insert(connection, Question, questions)
    insert(connection, QuestionText, (_question_text(question) for question in questions))
    return counts


def _version(module_id: int) -> dict[str, Any]:
    return {
        "id": module_id,
        "module_id": module_id,
        "number": 1,
        "content_hash": f"{module_id:064x}",
        "position": module_id,
        "default_language": "en",
        "estimated_minutes": 45,
        "sensitivity": "programme",
        "completion": "quiz" if module_id == 1 else "lessons_and_quiz",
        "prerequisites": [],
        "tags": [],
        "title": {"en": f"Module {module_id}", "ru": f"Модуль {module_id}"},
        "summary": {"en": "A generated module."},
        "objectives": {"en": ["Learn."]},
        "source_folder": module_slug(module_id),
        "synced_at": NOW,
    }


def _lesson_text(lesson_id: int) -> dict[str, Any]:
    parts = [{"kind": "html", "html": "<p>Generated lesson text.</p>"}]
    return {
        "lesson_id": lesson_id,
        "language": "en",
        "title": f"Lesson {lesson_id}",
        "summary": "",
        "minutes": 10,
        "parts": parts,
    }


def _question(module_id: int, number: int) -> dict[str, Any]:
    kind = QUESTION_KINDS[(number - 1) % len(QUESTION_KINDS)]
    question_id = (module_id - 1) * QUESTIONS + number
    return {
        "id": question_id,
        "assessment_id": module_id,
        "slug": f"q{number}",
        "position": number,
        "kind": kind,
        "points": 1.0,
    }


def _question_text(question: dict[str, Any]) -> dict[str, Any]:
    if question["kind"] == "truefalse":
        spec: dict[str, Any] = {"answer": False}
    else:
        correct = {0} if question["kind"] == "single" else {0, 2}
        spec = {
            "choices": [
                {"id": n, "html": f"<p>Choice {n}</p>", "is_correct": n in correct, "feedback_html": ""}
                for n in range(4)
            ]
        }
    text = f"<p>Question {question['slug']} of quiz {question['assessment_id']}?</p>"
    return {"question_id": question["id"], "language": "en", "text_html": text, "feedback_html": "", "spec": spec}


def _users(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    yield _person(plan.admin_id, Role.ADMIN, "admin")
    yield _person(plan.trainer_id, Role.TRAINER, "trainer")
    for cohort_id in range(1, plan.cohorts + 1):
        yield _person(plan.coordinator_id(cohort_id), Role.COORDINATOR, f"coordinator{cohort_id}")
        for user_id in plan.trainee_ids(cohort_id):
            yield {
                **_person(user_id, Role.TRAINEE, f"trainee{user_id}"),
                "country": rng.choice(list(COUNTRIES)),
                "organisation": rng.choice(ORGANISATIONS),
                "stakeholder_group": rng.choice(list(StakeholderGroup)).value,
                "gender": rng.choice([*Gender, None]),
                "preferred_language": rng.choice(LANGUAGES),
            }


def _person(user_id: int, role: Role, name: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "email": f"{name}@example.org",
        "full_name": f"{name.title()} {user_id:05d}",
        "password_hash": None,
        "role": role.value,
        "is_active": True,
        "country": "XX",
        "organisation": "",
        "stakeholder_group": StakeholderGroup.UN_STAFF.value,
        "gender": None,
        "preferred_language": "en",
        "session_token": session_token(user_id),
        "failed_sign_ins": 0,
        "created_at": NOW - timedelta(days=400),
    }


def write_cohorts(connection: sa.Connection, plan: Plan, rng: random.Random) -> dict[str, int]:
    """The cohorts, their modules (every third with a due date), coordinators and enrolments."""
    cohort_ids = range(1, plan.cohorts + 1)
    cohorts = (
        {
            "id": c,
            "name": f"Cohort {c:02d}",
            "place": "Almaty",
            "starts_on": TODAY - timedelta(days=10 * c),
            "working_language": rng.choice(LANGUAGES),
            "required_sessions": 0,
            "created_at": NOW,
        }
        for c in cohort_ids
    )
    modules = (
        {"cohort_id": c, "module_id": m, "is_required": True, "due_on": _due_on(m)}
        for c in cohort_ids
        for m in range(1, MODULES + 1)
    )
    coordinators = ({"cohort_id": c, "user_id": plan.coordinator_id(c)} for c in cohort_ids)
    enrolments = (
        {"cohort_id": c, "user_id": u, "enrolled_at": NOW - timedelta(days=200)}
        for c in cohort_ids
        for u in plan.trainee_ids(c)
    )
    return {
        "cohorts": insert(connection, Cohort, cohorts),
        "cohort_modules": insert(connection, CohortModule, modules),
        "cohort_coordinators": insert(connection, CohortCoordinator, coordinators),
        "enrolments": insert(connection, Enrolment, enrolments),
    }


def _due_on(module_id: int) -> date | None:
    """Every third module is due: half of those in the past (cells can be overdue), half in the future."""
    if module_id % 3:
        return None
    return TODAY + timedelta(days=30 if module_id % 2 else -30)


def write_history(connection: sa.Connection, plan: Plan, cohort_id: int, rng: random.Random) -> dict[str, int]:
    """The reads, attempts, answers and completions of one cohort's trainees."""
    tables: dict[str, list[dict[str, Any]]] = {
        "lesson_reads": [],
        "attempts": [],
        "attempt_answers": [],
        "completions": [],
    }
    for user_id in plan.trainee_ids(cohort_id):
        for module_id in range(1, MODULES + 1):
            _trainee_module(tables, _slot(plan, user_id, module_id), user_id, module_id, rng)
    models = {
        "lesson_reads": LessonRead,
        "attempts": Attempt,
        "attempt_answers": AttemptAnswer,
        "completions": Completion,
    }
    return {name: insert(connection, models[name], rows) for name, rows in tables.items()}


def attempt_id(plan: Plan, user_id: int, module_id: int, number: int = 1) -> int:
    """The id of the generated trainee's attempt `number` at module `module_id`'s quiz."""
    return _slot(plan, user_id, module_id) * ATTEMPTS + number


def _slot(plan: Plan, user_id: int, module_id: int) -> int:
    """A number unique to (trainee, module), from which the ids of its rows are made."""
    return (user_id - plan.trainee_ids(1).start) * MODULES + module_id - 1


def _trainee_module(
    tables: dict[str, list[dict[str, Any]]], slot: int, user_id: int, module_id: int, rng: random.Random
) -> None:
    """Two submitted attempts; when completed, a passing second attempt, every lesson read and a completion."""
    is_completed = rng.random() < COMPLETED_SHARE
    started_at = NOW - timedelta(days=rng.randint(20, 180), minutes=rng.randint(0, 1440))
    scores = [rng.uniform(10, 90), rng.uniform(PASS_MARK, 100) if is_completed else rng.uniform(10, PASS_MARK - 1)]
    for number, score in enumerate(scores, start=1):
        attempt_id = slot * ATTEMPTS + number
        submitted_at = started_at + timedelta(days=number - 1, minutes=15)
        tables["attempts"].append(_attempt(attempt_id, user_id, module_id, number, score, submitted_at))
        if module_id in ANSWERED_MODULES:
            tables["attempt_answers"] += _answers(attempt_id, score, submitted_at, rng)
    read = LESSONS if is_completed else rng.randint(0, LESSONS - 1)
    tables["lesson_reads"] += [
        {
            "id": slot * LESSONS + p,
            "user_id": user_id,
            "module_id": module_id,
            "lesson_slug": f"lesson-{p}",
            "version_id": module_id,
            "read_at": started_at - timedelta(days=1),
        }
        for p in range(1, read + 1)
    ]
    if is_completed:
        completed_at = started_at + timedelta(days=1, minutes=16)
        tables["completions"].append(
            {
                "id": slot + 1,
                "user_id": user_id,
                "module_id": module_id,
                "version_id": module_id,
                "score": max(scores),
                "completed_at": completed_at,
            }
        )


def _attempt(
    attempt_id: int, user_id: int, module_id: int, number: int, score: float, submitted_at: datetime
) -> dict[str, Any]:
    return {
        "id": attempt_id,
        "user_id": user_id,
        "module_id": module_id,
        "assessment_id": module_id,
        "number": number,
        "question_slugs": [f"q{q}" for q in range(1, QUESTIONS + 1)],
        "seed": f"{attempt_id:x}",
        "started_at": submitted_at - timedelta(minutes=15),
        "deadline_at": None,
        "submitted_at": submitted_at,
        "score": round(score, 1),
        "is_passed": score >= PASS_MARK,
    }


def _answers(attempt_id: int, score: float, saved_at: datetime, rng: random.Random) -> list[dict[str, Any]]:
    """An answer to each question but (now and then) the last; right about as often as the score says."""
    answered = QUESTIONS if rng.random() < 0.9 else QUESTIONS - 1
    rows = []
    for number in range(1, answered + 1):
        is_right = rng.random() * 100 < score
        kind = QUESTION_KINDS[(number - 1) % len(QUESTION_KINDS)]
        rows.append(
            {
                "id": attempt_id * QUESTIONS + number,
                "attempt_id": attempt_id,
                "question_slug": f"q{number}",
                "answer": _answer(kind, is_right, rng),
                "fraction": 1.0 if is_right else 0.0,
                "saved_at": saved_at,
            }
        )
    return rows


def _answer(kind: str, is_right: bool, rng: random.Random) -> Any:
    if kind == "truefalse":
        return not is_right
    if kind == "single":
        return 0 if is_right else rng.randint(1, 3)
    return [0, 2] if is_right else sorted(rng.sample(range(4), rng.randint(1, 3)))


def _audit_events(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Past report views by the coordinators, so that the audit log has pages to show."""
    for number in range(AUDIT_EVENTS):
        cohort_id = rng.randint(1, plan.cohorts)
        created_at = NOW - timedelta(minutes=number * 7)
        target = f"matrix:cohort:{cohort_id}"
        yield {
            "user_id": plan.coordinator_id(cohort_id),
            "action": "report.view",
            "target": target,
            "details": {"filters": {}},
            "created_at": created_at,
        }
