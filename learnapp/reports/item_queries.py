"""Quiz item analysis of one module: per question, over the submitted attempts of every version of its quizzes.

The pre-test is analysed like any quiz: its questions and attempts count with the knowledge check's.

Questions are matched by slug, which is shared across languages and versions. An attempt counts for each question
it drew (``Attempt.question_slugs``); a question without a saved answer counts as 0.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnapp.domain.item_stats import ItemSums
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.domain.questions import QUESTION_TYPES
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    Enrolment,
    Module,
    ModuleVersion,
    Question,
    QuestionText,
)

# The question types whose answers are choices by id, counted per choice; a true/false question has two choices,
# "True" (0) and "False" (1), its answers stored as JSON true and false.
TRUE_FALSE = "truefalse"
CHOICE_KINDS = (*(kind for kind, spec in QUESTION_TYPES.items() if issubclass(spec, ChoiceSpec)), TRUE_FALSE)


@dataclass(frozen=True)
class QuestionInfo:
    """A question as its latest version shows it in the reader's language (else the module's default), as plain text.

    `keys` marks each choice that is a right answer.
    """

    slug: str
    kind: str
    text: str
    choices: tuple[str, ...]
    keys: tuple[bool, ...] = ()


@dataclass(frozen=True)
class ItemRow:
    """The aggregates of one question: attempts that drew it, answers saved, sums for the statistics."""

    slug: str
    answered: int
    sums: ItemSums


def _attempts(module_id: int, cohort_ids: sa.Select[Any] | None) -> Any:
    """The submitted, scored quiz attempts of the module (pre-tests included), of these cohorts' trainees if given."""
    query = (
        sa.select(Attempt.id, Attempt.assessment_id, Attempt.score, Attempt.question_slugs)
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .where(
            Attempt.module_id == module_id,
            Assessment.kind == "quiz",
            Attempt.submitted_at.is_not(None),
            Attempt.score.is_not(None),
        )
    )
    if cohort_ids is not None:
        trainees = sa.select(Enrolment.user_id).where(Enrolment.cohort_id.in_(cohort_ids))
        query = query.where(Attempt.user_id.in_(trainees))
    return query.subquery("scored")


def _slots(attempts: Any) -> sa.Select[Any]:
    """Attempt × question it drew; slugs are [a-z0-9-], so matching the quoted slug in the JSON text is exact."""
    drew = sa.cast(attempts.c.question_slugs, sa.Text).like(sa.literal('%"') + Question.slug + sa.literal('"%'))
    return (
        sa.select()
        .select_from(attempts)
        .join(Question, sa.and_(Question.assessment_id == attempts.c.assessment_id, drew))
        .outerjoin(
            AttemptAnswer,
            sa.and_(AttemptAnswer.attempt_id == attempts.c.id, AttemptAnswer.question_slug == Question.slug),
        )
    )


def item_rows(module_id: int, cohort_ids: sa.Select[Any] | None) -> list[ItemRow]:
    """One grouped statement: per question slug, the attempts, the answers and the sums of x, x², y, y², xy."""
    attempts = _attempts(module_id, cohort_ids)
    x = sa.func.coalesce(AttemptAnswer.fraction, 0.0)
    y = attempts.c.score / 100.0
    query = (
        _slots(attempts)
        .add_columns(
            Question.slug,
            sa.func.count(AttemptAnswer.id),
            sa.func.count(),
            sa.func.sum(x),
            sa.func.sum(x * x),
            sa.func.sum(y),
            sa.func.sum(y * y),
            sa.func.sum(x * y),
        )
        .group_by(Question.slug)
    )
    return [
        ItemRow(slug, answered, ItemSums(count, *(float(value or 0) for value in sums)))
        for slug, answered, count, *sums in db.session.execute(query)
    ]


def choice_counts(module_id: int, cohort_ids: sa.Select[Any] | None) -> dict[str, Counter[int]]:
    """How often each choice id was picked, per choice question.

    There is no portable SQL (SQLite and PostgreSQL) to unnest a JSON list, so the database groups the answers by
    their JSON text (one statement, one row per distinct answer) and Python decodes those few distinct values.
    """
    attempts = _attempts(module_id, cohort_ids)
    answer = sa.cast(AttemptAnswer.answer, sa.Text)
    query = (
        _slots(attempts)
        .add_columns(Question.slug, answer, sa.func.count())
        .where(Question.kind.in_(CHOICE_KINDS), AttemptAnswer.id.is_not(None))
        .group_by(Question.slug, answer)
    )
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for slug, text, count in db.session.execute(query):
        for choice in _picked(text):
            counts[slug][choice] += count
    return counts


def _picked(text: str | None) -> list[int]:
    value = json.loads(text) if text else None
    if isinstance(value, bool):
        return [0 if value else 1]
    values = value if isinstance(value, list) else [value]
    return [item for item in values if isinstance(item, int) and not isinstance(item, bool)]


def questions(module_id: int, language: str) -> dict[str, QuestionInfo]:
    """Each quiz question of any version by slug, as its latest version words it in `language`, else by default.

    One statement reads both texts of each question (the reader's and the default language's); a version without
    the reader's language falls back to its default, question by question.
    """
    query = (
        sa.select(Question.id, Question.slug, Question.kind, QuestionText.text_html, QuestionText.spec)
        .join(Assessment, Assessment.id == Question.assessment_id)
        .join(ModuleVersion, ModuleVersion.id == Assessment.version_id)
        .join(QuestionText, QuestionText.question_id == Question.id)
        .where(
            ModuleVersion.module_id == module_id,
            Assessment.kind == "quiz",
            sa.or_(QuestionText.language == language, QuestionText.language == ModuleVersion.default_language),
        )
        .order_by(ModuleVersion.number, Assessment.id, Question.position, QuestionText.language != language)
    )
    found: dict[str, QuestionInfo] = {}
    previous = None
    for question_id, slug, kind, text_html, spec in db.session.execute(query):
        if question_id == previous:
            continue  # the default language's text of a question already read in the reader's language
        previous = question_id
        found.pop(slug, None)
        found[slug] = QuestionInfo(slug, kind, _plain(text_html), *_choices(kind, spec or {}))
    return found


def _choices(kind: str, spec: dict[str, Any]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A question's choices as plain text, and which are right; "True" and "False" for a true/false question."""
    if kind == TRUE_FALSE:
        is_true = spec.get("answer") is True
        return (str(_l("True")), str(_l("False"))), (is_true, not is_true)
    choices = spec.get("choices", [])
    return (
        tuple(_plain(choice.get("html", "")) for choice in choices),
        tuple(bool(choice.get("is_correct")) for choice in choices),
    )


def _plain(html: str) -> str:
    """Stored (sanitised) HTML as plain text for a table cell or a spreadsheet."""
    return Markup(html).striptags()


def analysable_modules(language: str) -> list[tuple[str, str]]:
    """(slug, title) of each module whose current version has a quiz (pre-test included), in curriculum order."""
    has_quiz = (
        sa.select(Assessment.id).where(Assessment.version_id == ModuleVersion.id, Assessment.kind == "quiz").exists()
    )
    query = (
        sa.select(Module.slug, ModuleVersion.title)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.is_archived.is_(False), has_quiz)
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [
        (slug, titles.get(language) or next(iter(titles.values()), slug)) for slug, titles in db.session.execute(query)
    ]
