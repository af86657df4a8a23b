"""Reads for quizzes and surveys: the attempt and its owner, the trainee's history, the questions, the answers.

Each function runs one statement whatever the number of questions or attempts, so pages cost the same for a
two-question check and a fifty-question post-test.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import abort

from learnapp.catalogue import languages_to_load, pick, visible_to
from learnapp.domain.attempt_rules import QUIZ, StartContext
from learnapp.domain.content import Purpose
from learnapp.domain.grading import QuizStanding, attempts_left
from learnapp.domain.question_base import Spec
from learnapp.domain.spec_data import spec_from_data
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    Completion,
    Lesson,
    Module,
    ModuleVersion,
    Question,
    QuestionText,
)


@dataclass(frozen=True)
class AttemptBundle:
    """An attempt with what every attempt page needs: its assessment, the version it belongs to, its module."""

    attempt: Attempt
    assessment: Assessment
    version: ModuleVersion
    module: Module


@dataclass(frozen=True)
class PastAttempt:
    """One of the trainee's attempts at a module's quiz or survey, in any version."""

    id: int
    number: int
    question_slugs: list[str]
    deadline_at: datetime | None
    submitted_at: datetime | None
    score: float | None


@dataclass(frozen=True)
class QuestionView:
    """A question in the reader's language (or the module's default), with its spec rebuilt for grading."""

    slug: str
    kind: str
    points: float
    text_html: str
    feedback_html: str
    spec: Spec
    is_fallback: bool


@dataclass(frozen=True)
class SavedAnswer:
    """An answer as saved: its row id, the answer (shape per question type) and, once graded, its fraction."""

    id: int
    answer: Any
    fraction: float | None
    saved_at: datetime


@dataclass(frozen=True)
class ModuleRef:
    """A module named in a message: its id and its titles by language."""

    slug: str
    titles: dict[str, str]
    default_language: str


def owned_attempt_or_404(attempt_id: int, user_id: int, lock: bool = False) -> AttemptBundle:
    """The attempt if it belongs to the user, else 404, whoever asks (administrators included).

    With ``lock`` the attempt's row (only) is locked until the end of the transaction, so a save and a submit
    of the same attempt cannot interleave on PostgreSQL.
    """
    query = (
        sa.select(Attempt, Assessment, ModuleVersion, Module)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .join(ModuleVersion, Assessment.version_id == ModuleVersion.id)
        .join(Module, Attempt.module_id == Module.id)
        .where(Attempt.id == attempt_id, Attempt.user_id == user_id)
    )
    row = db.session.execute(query.with_for_update(of=Attempt) if lock else query).first()
    if row is None:
        abort(404)
    return AttemptBundle(*row)


def assessment_of(version_id: int, kind: str) -> Assessment | None:
    """The version's quiz or survey."""
    return db.session.scalar(sa.select(Assessment).filter_by(version_id=version_id, kind=kind))


def past_attempts(user_id: int, module_id: int, kind: str) -> list[PastAttempt]:
    """The trainee's attempts at the module's quiz or survey, across its versions, oldest first."""
    rows = db.session.execute(
        sa.select(
            Attempt.id,
            Attempt.number,
            Attempt.question_slugs,
            Attempt.deadline_at,
            Attempt.submitted_at,
            Attempt.score,
        )
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(Attempt.user_id == user_id, Attempt.module_id == module_id, Assessment.kind == kind)
        .order_by(Attempt.started_at, Attempt.id)
    )
    return [PastAttempt(*row) for row in rows]


def quiz_standing(user_id: int, module_id: int, attempts_allowed: int) -> QuizStanding:
    """The trainee's standing with the module's quiz across its versions, in one aggregate statement."""
    used, open_count, passed_count = db.session.execute(
        sa.select(
            sa.func.count(Attempt.id),
            sa.func.count(Attempt.id).filter(Attempt.submitted_at.is_(None)),
            sa.func.count(Attempt.id).filter(Attempt.is_passed.is_(True)),
        )
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(Attempt.user_id == user_id, Attempt.module_id == module_id, Assessment.kind == QUIZ)
    ).one()
    return QuizStanding(attempts_left(attempts_allowed, used), open_count > 0, passed_count > 0)


def missing_prerequisites(user_id: int, slugs: Sequence[str]) -> list[ModuleRef]:
    """The prerequisite modules (current, not archived) that the trainee has not completed, in catalogue order."""
    if not slugs:
        return []
    completed = sa.select(Completion.module_id).where(Completion.user_id == user_id)
    rows = db.session.execute(
        _module_refs()
        .where(Module.slug.in_(slugs), Module.id.not_in(completed))
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [ModuleRef(*row) for row in rows]


def pending_pre_test(user_id: int) -> ModuleRef | None:
    """The first current module whose quiz is a pre-test the trainee has not submitted, if any."""
    submitted = (
        sa.select(Attempt.id)
        .join(Assessment, Attempt.assessment_id == Assessment.id)
        .where(
            Attempt.user_id == user_id,
            Attempt.module_id == Module.id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
        )
    )
    row = db.session.execute(
        _module_refs()
        .join(Assessment, Assessment.version_id == ModuleVersion.id)
        .where(Assessment.kind == "quiz", Assessment.purpose == "pre_test", ~submitted.exists())
        .order_by(ModuleVersion.position, Module.slug)
        .limit(1)
    ).first()
    return ModuleRef(*row) if row else None


def _module_refs() -> sa.Select[str, dict[str, str], str]:
    return (
        sa.select(Module.slug, ModuleVersion.title, ModuleVersion.default_language)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False))
    )


def question_slugs(assessment_id: int) -> list[str]:
    """The ids of an assessment's questions, in the written order."""
    return list(
        db.session.scalars(
            sa.select(Question.slug).where(Question.assessment_id == assessment_id).order_by(Question.position)
        )
    )


def questions(
    assessment_id: int, slugs: Collection[str], language: str, default_language: str
) -> dict[str, QuestionView]:
    """The named questions of an assessment in the reader's language, falling back to the default one."""
    rows = db.session.execute(
        sa.select(Question.slug, Question.kind, Question.points, QuestionText)
        .join(QuestionText, QuestionText.question_id == Question.id)
        .where(
            Question.assessment_id == assessment_id,
            Question.slug.in_(list(slugs)),
            QuestionText.language.in_(languages_to_load(language, default_language)),
        )
    ).all()
    texts: dict[str, list[QuestionText]] = {}
    for slug, _kind, _points, text in rows:
        texts.setdefault(slug, []).append(text)
    heads = {slug: (kind, points) for slug, kind, points, _text in rows}
    return {slug: _question(slug, *heads[slug], texts[slug], (language, default_language)) for slug in texts}


def _question(
    slug: str, kind: str, points: float, texts: list[QuestionText], languages: tuple[str, str]
) -> QuestionView:
    text, is_fallback = pick(texts, *languages)
    spec = spec_from_data(kind, text.spec)
    return QuestionView(slug, kind, points, text.text_html, text.feedback_html, spec, is_fallback)


def saved_answers(attempt_id: int) -> dict[str, SavedAnswer]:
    """The attempt's saved answers, by question id."""
    rows = db.session.execute(
        sa.select(
            AttemptAnswer.question_slug,
            AttemptAnswer.id,
            AttemptAnswer.answer,
            AttemptAnswer.fraction,
            AttemptAnswer.saved_at,
        ).where(AttemptAnswer.attempt_id == attempt_id)
    )
    return {slug: SavedAnswer(*values) for slug, *values in rows}


def graded_questions(bundle: AttemptBundle) -> dict[str, QuestionView]:
    """The attempt's questions in the module's default language: what answers are read and graded against."""
    language = bundle.version.default_language
    return questions(bundle.assessment.id, bundle.attempt.question_slugs, language, language)


@dataclass(frozen=True)
class StartFacts:
    """Everything that decides whether the trainee may start an attempt, and what the front page shows."""

    context: StartContext
    history: list[PastAttempt]
    missing: list[ModuleRef]
    pre_test: ModuleRef | None

    @property
    def open_attempt(self) -> PastAttempt | None:
        """The attempt in progress, which is resumed rather than a new one started."""
        return next((past for past in self.history if past.submitted_at is None), None)


def start_facts(user_id: int, module: Module, version: ModuleVersion, assessment: Assessment) -> StartFacts:
    """The trainee's attempts, the prerequisites they lack and a pre-test they still owe (three statements)."""
    history = past_attempts(user_id, module.id, assessment.kind)
    missing = missing_prerequisites(user_id, version.prerequisites)
    purpose = Purpose(assessment.purpose) if assessment.kind == QUIZ else None
    needs_pre_test = assessment.kind == QUIZ and purpose is not Purpose.PRE_TEST
    pre_test = pending_pre_test(user_id) if needs_pre_test else None
    context = StartContext(
        kind=assessment.kind,
        purpose=purpose,
        attempts_allowed=assessment.attempts_allowed,
        attempts_used=len(history),
        missing_prerequisites=tuple(ref.slug for ref in missing),
        pending_pre_test=pre_test.slug if pre_test else None,
    )
    return StartFacts(context, history, missing, pre_test)


@dataclass(frozen=True)
class OutlineModule:
    """A module the reader may open, as a citation in feedback finds it: its order and its lessons in order."""

    slug: str
    order: int
    lesson_slugs: tuple[str, ...]


def curriculum_outline(learner_id: int | None) -> list[OutlineModule]:
    """Every current module `learner_id` may open (None: staff, every one), in order, with its lesson slugs.

    One statement, run only when a review shows feedback that cites a lesson or module.
    """
    query = (
        sa.select(Module.slug, ModuleVersion.position, Lesson.slug)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .outerjoin(Lesson, Lesson.version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False), visible_to(learner_id))
        .order_by(ModuleVersion.position, Module.slug, Lesson.position)
    )
    lessons: dict[tuple[str, int], list[str]] = {}
    for slug, order, lesson_slug in db.session.execute(query):
        found = lessons.setdefault((slug, order), [])
        if lesson_slug is not None:
            found.append(lesson_slug)
    return [OutlineModule(slug, order, tuple(found)) for (slug, order), found in lessons.items()]
