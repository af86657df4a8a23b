"""The studio's quiz and survey preview: the trainee's form, answered and graded in memory, nothing stored.

The questions are shown with the quiz area's widgets (`question_forms`), read back from the post the same way, and
graded by the domain's `grade_attempt`; the result is the trainee's review with everything shown. No attempt, no
answer, no row of any kind is written: the draft is read (one statement) and the page is rendered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_babel import format_percent
from markupsafe import Markup

from learnapp.author.pages import loaded_module
from learnapp.domain import content
from learnapp.domain.attempt_rules import grade_attempt
from learnapp.domain.content import Purpose, localised
from learnapp.domain.grading import ReviewVisibility, band_text
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.domain.questions import Question
from learnapp.models import Draft
from learnapp.question_forms.fields import QuestionField, question_field
from learnapp.question_forms.reading import read_answers
from learnapp.question_forms.review import ReviewedQuestion, points_text, reviewed_question
from learnapp.question_forms.widgets import FieldContext, choice_order, whole
from learnapp.stored_html import stored_html

# The author sees everything a trainee could ever see: score, right or wrong, the key and the feedback.
EVERYTHING = ReviewVisibility(shows_score=True, shows_correctness=True, shows_feedback=True)
# Matching and ordering rows are shown in an order drawn from a seed; the preview's is fixed, so a reload keeps it.
PREVIEW_SEED = "studio-preview"


@dataclass(frozen=True)
class KeyLine:
    """A question of the draft's quiz or survey with its answer key, for the author's check."""

    number: int
    id: str
    kind: str
    points: float | int
    text_html: Markup
    key: str
    feedback_html: Markup


@dataclass(frozen=True)
class Assessment:
    """The draft's quiz or survey in one language, as loaded: what both the form and the result need."""

    draft: Draft
    kind: str
    title: str
    settings: content.QuizSettings | None
    questions: tuple[Question, ...]
    bands: tuple[content.Band, ...]
    is_fallback: bool
    module_order: int

    @property
    def is_quiz(self) -> bool:
        """Whether this is the graded quiz (else the survey)."""
        return self.kind == "quiz"


def assessment(draft: Draft, kind: str, language: str) -> Assessment:
    """One statement (the files); 404 when the draft has no such assessment. Lessons are not rendered."""
    module = loaded_module(draft, lambda path: path.startswith(f"{kind}."))
    if kind == "quiz" and module.quiz is not None:
        quiz, is_fallback = localised(module.quiz.texts, language, module.default_language)
        settings = module.quiz.settings
        return Assessment(draft, kind, quiz.title, settings, quiz.questions, quiz.bands, is_fallback, module.order)
    if kind == "survey" and module.survey is not None:
        survey, is_fallback = localised(module.survey.texts, language, module.default_language)
        return Assessment(draft, kind, survey.title, None, survey.questions, (), is_fallback, module.order)
    abort(404)


def _context(number: int, question: Question, is_quiz: bool) -> FieldContext:
    return FieldContext(number=number, slug=question.id, seed=PREVIEW_SEED, is_shuffled=False, is_graded=is_quiz)


@dataclass(frozen=True)
class FormPage:
    """The preview form: the questions as the trainee's take page shows them, and the key for the author."""

    assessment: Assessment
    fields: list[QuestionField]
    keys: list[KeyLine]


def form_page(shown: Assessment) -> FormPage:
    """The questions as empty fields, all on one page, in the written order (a pool or shuffle is for trainees)."""
    numbered = list(enumerate(shown.questions, start=1))
    return FormPage(
        assessment=shown,
        fields=[
            question_field(question, None, _context(number, question, shown.is_quiz)) for number, question in numbered
        ],
        keys=[_key_line(number, question) for number, question in numbered],
    )


def _key_line(number: int, question: Question) -> KeyLine:
    return KeyLine(
        number,
        question.id,
        question.kind,
        whole(question.points),
        stored_html(question.text_html),
        question.spec.shape(),
        stored_html(question.feedback_html),
    )


@dataclass(frozen=True)
class ResultPage:
    """What a trainee's review would show for these answers (with everything shown), or a survey's count."""

    assessment: Assessment
    answered: int
    score: str | None = None
    points: str | None = None
    is_passed: bool | None = None
    pass_mark: str | None = None
    band_text: str | None = None
    questions: list[ReviewedQuestion] | None = None


def result_page(shown: Assessment, form: Any, link_feedback: Callable[[str], Markup] = stored_html) -> ResultPage:
    """Read the posted answers with the trainee's widgets, and grade a quiz's with the domain's grading.

    ``link_feedback`` marks feedback HTML safe, linking the lessons it cites (`preview_links`).
    """
    answers = read_answers(form, {question.id: question.spec for question in shown.questions})
    answered = sum(1 for answer in answers.values() if answer is not None)
    if not shown.is_quiz or shown.settings is None:
        return ResultPage(shown, answered)
    specs = {question.id: (question.spec, question.points) for question in shown.questions}
    graded = grade_attempt(specs, answers, shown.settings.pass_mark)
    is_pre_test = shown.settings.purpose == Purpose.PRE_TEST
    return ResultPage(
        assessment=shown,
        answered=answered,
        score=_percent(graded.percent),
        points=_points(shown.questions, graded.grades),
        is_passed=None if is_pre_test else graded.is_passed,
        pass_mark=_percent(shown.settings.pass_mark),
        band_text=band_text(shown.bands, graded.percent),
        questions=[
            reviewed_question(
                question,
                answers.get(question.id),
                number,
                _order(number, question),
                EVERYTHING,
                link_feedback=link_feedback,
            )
            for number, question in enumerate(shown.questions, start=1)
            if question.is_graded
        ],
    )


def _order(number: int, question: Question) -> tuple[int, ...]:
    if not isinstance(question.spec, ChoiceSpec):
        return ()
    return tuple(choice_order(question.spec, _context(number, question, True)))


def _points(questions: tuple[Question, ...], grades: Mapping[str, Any]) -> str:
    """What the answers earned out of what the questions are worth ("9 of 16 points"), as the review says it."""
    graded = [question for question in questions if question.id in grades]
    earned = math.fsum(question.points * grades[question.id].fraction for question in graded)
    total = math.fsum(question.points for question in graded)
    return points_text(earned, total)


def _percent(value: float) -> str:
    return str(format_percent(value / 100, "#,##0.#%"))
