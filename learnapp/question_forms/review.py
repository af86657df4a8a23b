"""A graded question under review: what was answered, whether it was right, the key and the feedback.

The quiz area reviews a trainee's submitted attempt with it, under the quiz's review policy; the studio's quiz
preview reviews the answers an author just gave, with everything shown. Stored HTML is marked safe here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnapp.domain.attempt_rules import QuestionReview, ReviewLine, review_question
from learnapp.domain.grading import ReviewVisibility
from learnapp.domain.question_base import GradedSpec
from learnapp.question_forms.fields import ShownQuestion
from learnapp.question_forms.widgets import whole
from learnapp.stored_html import stored_html


def points_text(earned: float, total: float) -> str:
    """What the answers earned out of what the questions are worth ("9 of 16 points"), in the reader's language.

    The plural form follows the total rounded up: "2,5 балла" takes the form of 3, as CLDR's "other" does.
    """
    return str(
        ngettext(
            "%(earned)s of %(total)s point",
            "%(earned)s of %(total)s points",
            math.ceil(total),
            earned=format_decimal(earned, "#,##0.##"),
            total=format_decimal(total, "#,##0.##"),
        )
    )


STATUS_LABELS = {
    "correct": _l("Correct"),
    "partial": _l("Partly correct"),
    "incorrect": _l("Incorrect"),
    "unanswered": _l("Not answered"),
}


class ReviewedSource(ShownQuestion, Protocol):
    """A question as the review needs it: what a field needs, and the question's feedback."""

    @property
    def feedback_html(self) -> str:
        """The feedback shown after the answer, sanitised HTML."""


@dataclass(frozen=True)
class ReviewedQuestion:
    """A question on the review page, with what the policy lets the reader see."""

    number: int
    kind: str
    text_html: Markup
    feedback_html: Markup
    points: float | int
    earned: str | None
    status_label: str | None
    review: QuestionReview


def reviewed_question(
    question: ReviewedSource,
    answer: Any,
    number: int,
    order: Sequence[int],
    visibility: ReviewVisibility,
    *,
    link_feedback: Callable[[str], Markup] = stored_html,
) -> ReviewedQuestion:
    """Review one graded question; ``order`` is the order its choices were shown in (if it has choices).

    ``link_feedback`` marks feedback HTML safe; the quiz area's links the lessons it cites (`quiz.lesson_links`).
    """
    spec = question.spec
    assert isinstance(spec, GradedSpec), "a quiz holds graded questions only"
    review = review_question(spec, answer, visibility.shows_correctness, visibility.shows_feedback, order)
    earned = review.fraction * question.points if review.fraction is not None else None
    return ReviewedQuestion(
        number=number,
        kind=question.kind,
        text_html=stored_html(question.text_html),
        feedback_html=link_feedback(question.feedback_html if visibility.shows_feedback else ""),
        points=whole(question.points),
        earned=format_decimal(earned, "#,##0.##") if earned is not None else None,
        status_label=str(STATUS_LABELS[review.status]) if review.status else None,
        review=dataclasses.replace(
            review, answer=_marked(review.answer, link_feedback), key=_marked(review.key, link_feedback)
        ),
    )


def _marked(lines: Sequence[ReviewLine], link_feedback: Callable[[str], Markup]) -> tuple[ReviewLine, ...]:
    """The same lines with their stored HTML marked safe for the template, feedback through ``link_feedback``."""
    return tuple(
        dataclasses.replace(
            line,
            html=stored_html(line.html),
            match_html=stored_html(line.match_html),
            feedback_html=link_feedback(line.feedback_html),
        )
        for line in lines
    )
