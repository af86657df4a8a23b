"""Reads of the question bank: which published quizzes exist in which languages, and one quiz's questions."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from learnapp.domain.questions import Question as DomainQuestion
from learnapp.domain.spec_data import spec_from_data
from learnapp.extensions import db
from learnapp.models import Assessment, Module, ModuleVersion, Question, QuestionText


@dataclass(frozen=True)
class QuizDownload:
    """A published module's quiz in one language."""

    slug: str
    title: dict[str, str]
    language: str


def _current_quiz() -> sa.Select[Module, ModuleVersion, Assessment]:
    return (
        sa.select(Module, ModuleVersion, Assessment)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .join(Assessment, sa.and_(Assessment.version_id == ModuleVersion.id, Assessment.kind == "quiz"))
        .where(Module.is_archived.is_(False))
    )


def quiz_downloads() -> list[QuizDownload]:
    """Every published quiz and language, in catalogue order; one statement whatever the number of modules."""
    languages = (
        sa.select(Question.assessment_id, QuestionText.language)
        .join(QuestionText, QuestionText.question_id == Question.id)
        .distinct()
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Module.slug, ModuleVersion.title, languages.c.language)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .join(Assessment, sa.and_(Assessment.version_id == ModuleVersion.id, Assessment.kind == "quiz"))
        .join(languages, languages.c.assessment_id == Assessment.id)
        .where(Module.is_archived.is_(False))
        .order_by(ModuleVersion.position, Module.slug, languages.c.language)
    )
    return [QuizDownload(slug, dict(title), language) for slug, title, language in rows]


def published_quiz(slug: str, language: str) -> tuple[str, list[DomainQuestion]] | None:
    """The quiz title and questions (stored HTML) of a published module in one language; None when there are none."""
    rows = db.session.execute(
        _current_quiz()
        .with_only_columns(Assessment.titles, Question, QuestionText)
        .join(Question, Question.assessment_id == Assessment.id)
        .join(QuestionText, sa.and_(QuestionText.question_id == Question.id, QuestionText.language == language))
        .where(Module.slug == slug)
        .order_by(Question.position)
    ).all()
    if not rows:
        return None
    questions = [
        DomainQuestion(
            question.slug,
            question.kind,
            question.position,
            text.text_html,
            spec_from_data(question.kind, text.spec),
            question.points,
            text.feedback_html,
        )
        for _, question, text in rows
    ]
    return rows[0][0].get(language, ""), questions
