"""Writes of progress: a module's completion once its rule is met, and the certificates that go with it.

A module completion issues the module certificate and may complete a cohort, which issues the cohort certificate;
attendance recorded by a coordinator may complete a cohort too. Both paths call `award_completion_certificates`,
so the rule is applied in one place. Every function flushes and never commits.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from learnapp.domain.cohort_outcome import CertificateKind, certificate_due, participation_due
from learnapp.domain.completion import is_module_complete
from learnapp.domain.content import CompletionRule
from learnapp.domain.grading import attempts_grade
from learnapp.extensions import db
from learnapp.models import (
    Certificate,
    Cohort,
    CohortCertificate,
    Completion,
    Lesson,
    LessonRead,
    Module,
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
    issue_certificate(completion, user, version)
    award_completion_certificates(cohorts_assigning(user.id, module.id), [user.id])
    return completion


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
