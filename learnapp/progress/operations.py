"""Writes of progress: a module's completion once its rule is met, and the certificates that go with it.

A module completion issues the module certificate and may complete a cohort, which issues the cohort certificate;
attendance recorded by a coordinator may complete a cohort too. Both paths call `award_completion_certificates`,
so the rule is applied in one place. Every function flushes and never commits.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable, Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from learnapp.domain.cohort_outcome import CertificateKind, certificate_due, participation_due
from learnapp.domain.completion import is_module_complete
from learnapp.domain.content import CompletionRule, Purpose
from learnapp.domain.grading import attempts_grade
from learnapp.extensions import db
from learnapp.models import (
    Attempt,
    Certificate,
    Cohort,
    CohortCertificate,
    Completion,
    Lesson,
    LessonRead,
    Module,
    ModuleStanding,
    ModuleVersion,
    User,
)
from learnapp.progress.queries import quiz_record, version_quiz
from learnapp.progress.standings import cohorts_assigning, full_names, held_certificates, members, standings

CODE_BYTES = 15  # 120 random bits: 24 base32 characters, shown in groups of four


def new_code() -> str:
    """A random, unguessable verification code such as ``K7QX-3MZA-...``, easy to read aloud and type."""
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode()
    return "-".join(raw[index : index + 4] for index in range(0, len(raw), 4))


def issue_certificate(completion: Completion, user: User, version: ModuleVersion) -> Certificate:
    """Create the certificate of a completion, keeping the name and titles as they are at issue; flush only."""
    certificate = Certificate(
        code=new_code(), completion_id=completion.id, full_name=user.full_name, module_titles=dict(version.title)
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def update_completion(user: User, module: Module, version: ModuleVersion) -> Completion | None:
    """Record the completion (and its certificates) when the module's rule is newly met; flush, never commit.

    A new completion may also complete a cohort the user is in: its completion certificate is issued then.

    Called after each step that can complete a module (a lesson read, a quiz submitted). A module is completed
    once: later attempts never move the recorded date, version or score.
    """
    existing = db.session.scalar(sa.select(Completion).filter_by(user_id=user.id, module_id=module.id))
    if existing is not None:
        return existing
    quiz = version_quiz(version)
    record = quiz_record(user.id, module.id, quiz)
    lesson_slugs = set(db.session.scalars(sa.select(Lesson.slug).where(Lesson.version_id == version.id)))
    read = set(db.session.scalars(sa.select(LessonRead.lesson_slug).filter_by(user_id=user.id, module_id=module.id)))
    if not is_module_complete(CompletionRule(version.completion), lesson_slugs, read, record):
        return None
    score = attempts_grade(record.attempt_percents, record.grading) if record else None
    completion = Completion(user_id=user.id, module_id=module.id, version_id=version.id, score=score)
    try:
        with db.session.begin_nested():
            db.session.add(completion)
    except IntegrityError:
        # Another request (a double click, a second tab) recorded it a moment ago: keep that one.
        return db.session.scalar(sa.select(Completion).filter_by(user_id=user.id, module_id=module.id))
    record_completion_standing(completion)
    issue_certificate(completion, user, version)
    award_completion_certificates(cohorts_assigning(user.id, module.id), [user.id])
    return completion


def _upsert_standing(
    user_id: int, module_id: int, values: dict[str, Any], update: Callable[[Any], dict[str, Any]]
) -> None:
    """Insert the (user, module) standing with `values`, or apply `update` to the row there, in one statement.

    `update` is built from the stored row and the proposed one (`ModuleStanding.__table__` and `excluded`), so
    that two requests writing the same pair at once add up instead of overwriting each other.
    """
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(ModuleStanding).values(user_id=user_id, module_id=module_id, **values)
    db.session.execute(
        statement.on_conflict_do_update(index_elements=["user_id", "module_id"], set_=update(statement.excluded))
    )


def _later(stored: Any, proposed: Any) -> Any:
    """Whether the proposed value replaces the stored one: the stored one is missing or the proposed one greater."""
    return sa.or_(stored.is_(None), proposed > stored)


def _kept_or(condition: Any, stored: Any, proposed: Any) -> Any:
    return sa.case((condition, proposed), else_=stored)


def record_read_standing(read: LessonRead) -> None:
    """Count a newly recorded lesson read in its module standing; flush only."""
    table = ModuleStanding.__table__.c
    _upsert_standing(
        read.user_id,
        read.module_id,
        {"lessons_read": 1, "last_read_at": read.read_at},
        lambda new: {
            "lessons_read": table.lessons_read + 1,
            "last_read_at": _kept_or(
                _later(table.last_read_at, new.last_read_at), table.last_read_at, new.last_read_at
            ),
        },
    )


def _latest_test(purpose: str, attempt: Attempt) -> tuple[dict[str, Any], Any]:
    """The values and update of a pre- or post-test attempt: it replaces the stored one if submitted later."""
    names = {
        f"{purpose}_score": attempt.score,
        f"{purpose}_at": attempt.submitted_at,
        f"{purpose}_attempt_id": attempt.id,
    }
    table = ModuleStanding.__table__.c
    at, attempt_id = table[f"{purpose}_at"], table[f"{purpose}_attempt_id"]

    def update(new: Any) -> dict[str, Any]:
        newer = sa.or_(
            _later(at, new[f"{purpose}_at"]),
            sa.and_(at == new[f"{purpose}_at"], new[f"{purpose}_attempt_id"] > attempt_id),
        )
        return {name: _kept_or(newer, table[name], new[name]) for name in names}

    return names, update


def record_attempt_standing(attempt: Attempt, purpose: str) -> None:
    """Take a graded quiz attempt into its module standing: the best score (pre-tests aside), the latest test."""
    if attempt.score is None or attempt.submitted_at is None:
        return
    table = ModuleStanding.__table__.c
    values: dict[str, Any] = {}
    updates: list[Any] = []
    if purpose != Purpose.PRE_TEST:
        values["best_score"] = attempt.score
        updates.append(
            lambda new: {
                "best_score": _kept_or(_later(table.best_score, new.best_score), table.best_score, new.best_score)
            }
        )
    if purpose in (Purpose.PRE_TEST, Purpose.POST_TEST):
        test_values, test_update = _latest_test(purpose, attempt)
        values.update(test_values)
        updates.append(test_update)
    _upsert_standing(
        attempt.user_id, attempt.module_id, values, lambda new: {k: v for make in updates for k, v in make(new).items()}
    )


def record_completion_standing(completion: Completion) -> None:
    """Put a new completion's date in its module standing; flush only."""
    _upsert_standing(
        completion.user_id,
        completion.module_id,
        {"completed_at": completion.completed_at},
        lambda new: {"completed_at": new.completed_at},
    )


def _issue(cohort: Cohort, user_id: int, full_name: str, kind: CertificateKind) -> None:
    db.session.add(
        CohortCertificate(
            code=new_code(),
            cohort_id=cohort.id,
            user_id=user_id,
            kind=kind.value,
            full_name=full_name,
            cohort_name=cohort.name,
            cohort_language=cohort.working_language,
            cohort_place=cohort.place,
            cohort_starts_on=cohort.starts_on,
            cohort_ends_on=cohort.ends_on,
        )
    )


def award_completion_certificates(cohorts: Collection[Cohort], user_ids: Collection[int]) -> int:
    """Issue the completion certificates newly earned by `user_ids` in `cohorts`; flush, never commit.

    Called after each step that can complete a cohort: a module completed, attendance recorded.
    """
    if not cohorts:
        return 0
    found = standings(cohorts, user_ids)
    held = held_certificates([cohort.id for cohort in cohorts], user_ids)
    due = [pair for pair, standing in found.items() if certificate_due(standing, held.get(pair, {}).keys())]
    names = full_names({user_id for _, user_id in due}) if due else {}
    by_id = {cohort.id: cohort for cohort in cohorts}
    for cohort_id, user_id in due:
        _issue(by_id[cohort_id], user_id, names[user_id], CertificateKind.COMPLETION)
    db.session.flush()
    return len(due)


def issue_participation_certificates(cohort: Cohort) -> int:
    """Give a participation certificate to everyone who took part in `cohort` without completing it; flush only."""
    user_ids = members(cohort)
    found = standings([cohort], user_ids)
    held = held_certificates([cohort.id], user_ids)
    due = [pair for pair, standing in found.items() if participation_due(standing, held.get(pair, {}).keys())]
    names = full_names({user_id for _, user_id in due}) if due else {}
    for _, user_id in due:
        _issue(cohort, user_id, names[user_id], CertificateKind.PARTICIPATION)
    db.session.flush()
    return len(due)
