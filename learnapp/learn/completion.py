"""Recording a module's completion once its rule is met, and issuing the certificate that goes with it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from learnapp.cohorts.outcomes import award_completion_certificates, cohorts_assigning
from learnapp.domain.completion import QuizRecord, is_module_complete
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.grading import attempts_grade
from learnapp.extensions import db
from learnapp.learn.certificates import issue_certificate
from learnapp.models import Assessment, Attempt, Completion, Lesson, LessonRead, Module, ModuleVersion, User


def quiz_record(user_id: int, module_id: int, quiz: Assessment | None) -> QuizRecord | None:
    """The trainee's submitted attempts at the module's quiz (across versions), oldest first."""
    if quiz is None:
        return None
    percents = db.session.scalars(
        sa.select(Attempt.score)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(
            Attempt.user_id == user_id,
            Attempt.module_id == module_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
        )
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    return QuizRecord(
        purpose=Purpose(quiz.purpose),
        pass_mark=quiz.pass_mark,
        grading=GradingMethod(quiz.grading),
        attempt_percents=tuple(score or 0.0 for score in percents),
    )


def version_quiz(version: ModuleVersion) -> Assessment | None:
    """The version's quiz, if it has one."""
    return db.session.scalar(
        sa.select(Assessment).where(Assessment.version_id == version.id, Assessment.kind == "quiz")
    )


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
