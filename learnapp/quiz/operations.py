"""Writes for attempts: start one, save the answers as the trainee goes, submit and grade exactly once.

Every function flushes and never commits; the view commits once.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from learnapp.domain.attempt_rules import QUIZ, deadline_for, draw_questions, grade_attempt
from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, AttemptAnswer, User
from learnapp.progress.operations import record_attempt_standing, update_completion
from learnapp.quiz.queries import (
    AttemptBundle,
    PastAttempt,
    QuestionView,
    SavedAnswer,
    graded_questions,
    question_slugs,
    saved_answers,
)

logger = logging.getLogger(__name__)


def start_attempt(
    user_id: int, module_id: int, assessment: Assessment, history: Sequence[PastAttempt], now: datetime
) -> Attempt:
    """Create the next attempt: draw its questions, fix their order and the seed, set the deadline.

    Questions already seen in earlier attempts (of any version) are drawn only when too few fresh ones remain.
    When a second click on "Start" raced the first, the attempt the first one created is returned instead.
    """
    seed = secrets.token_hex(16)
    seen = {slug for past in history for slug in past.question_slugs}
    drawn = draw_questions(question_slugs(assessment.id), assessment.pool_size, seed, seen, assessment.is_shuffled)
    attempt = Attempt(
        user_id=user_id,
        module_id=module_id,
        assessment_id=assessment.id,
        number=len(history) + 1,
        question_slugs=list(drawn),
        seed=seed,
        started_at=now,
        deadline_at=deadline_for(now, assessment.time_limit_minutes) if assessment.kind == QUIZ else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        logger.info("Attempt %s of user %s started twice; resuming the first", attempt.number, user_id)
        return _open_attempt(user_id, assessment.id)
    return attempt


def _open_attempt(user_id: int, assessment_id: int) -> Attempt:
    return db.session.scalars(
        sa.select(Attempt).filter_by(user_id=user_id, assessment_id=assessment_id, submitted_at=None)
    ).one()


def save_answers(attempt: Attempt, answers: Mapping[str, Any], now: datetime) -> None:
    """Keep the latest answer to each question given (None clears it), in two statements at most."""
    kept = {slug: answer for slug, answer in answers.items() if answer is not None}
    cleared = [slug for slug, answer in answers.items() if answer is None]
    if kept:
        db.session.execute(_upsert(attempt.id, kept, now))
    if cleared:
        db.session.execute(
            sa.delete(AttemptAnswer).where(
                AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_slug.in_(cleared)
            )
        )


def _upsert(attempt_id: int, answers: Mapping[str, Any], now: datetime) -> Any:
    """One INSERT ... ON CONFLICT UPDATE for every answer, so two saves arriving together cannot collide."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(AttemptAnswer).values(
        [
            {"attempt_id": attempt_id, "question_slug": slug, "answer": answer, "saved_at": now}
            for slug, answer in answers.items()
        ]
    )
    return statement.on_conflict_do_update(
        index_elements=["attempt_id", "question_slug"],
        set_={"answer": statement.excluded.answer, "saved_at": statement.excluded.saved_at},
    )


def submit_attempt(
    bundle: AttemptBundle,
    user: User,
    now: datetime,
    graded: Mapping[str, QuestionView] | None = None,
    saved: Mapping[str, SavedAnswer] | None = None,
) -> bool:
    """Close the attempt and, for a quiz, grade it and update the module's completion.

    The attempt is claimed with ``UPDATE ... WHERE submitted_at IS NULL``: of two submits racing (a double
    click, two tabs, the timer and a click), only the one that changed the row grades. Returns whether this
    call did. The questions (``graded_questions``) and the saved answers are read here unless given.
    """
    attempt = bundle.attempt
    claim = (
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE executes to a CursorResult, which Session.execute's signature does not say.
    if cast(CursorResult[Any], db.session.execute(claim)).rowcount != 1:
        return False
    set_committed_value(attempt, "submitted_at", now)
    if bundle.assessment.kind == QUIZ:
        _grade(bundle, graded or graded_questions(bundle), saved_answers(attempt.id) if saved is None else saved)
        update_completion(user, bundle.module, bundle.module.current_version or bundle.version)
    return True


def _grade(bundle: AttemptBundle, graded: Mapping[str, QuestionView], saved: Mapping[str, SavedAnswer]) -> None:
    """Grade the saved answers in the domain and record each question's fraction and the attempt's score."""
    attempt = bundle.attempt
    specs = {slug: (question.spec, question.points) for slug, question in graded.items()}
    result = grade_attempt(specs, {slug: item.answer for slug, item in saved.items()}, bundle.assessment.pass_mark)
    fractions = [
        {"id": saved[slug].id, "fraction": grade.fraction, "saved_at": saved[slug].saved_at}
        for slug, grade in result.grades.items()
        if slug in saved
    ]
    if fractions:
        db.session.execute(sa.update(AttemptAnswer), fractions)
    attempt.score = result.percent
    attempt.is_passed = result.is_passed
    db.session.flush()
    record_attempt_standing(attempt, bundle.assessment.purpose)
