"""The take page's fields: each question with its controls, filled with the saved answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from learnapp.quiz.queries import QuestionView
from learnapp.quiz.widgets import WIDGETS, FieldContext, Option, Row, whole
from learnapp.stored_html import stored_html


@dataclass(frozen=True)
class QuestionField:
    """A question as the take page shows it: its text and its controls, filled with the saved answer."""

    number: int
    slug: str
    widget: str
    name: str
    anchor: str
    text_html: Markup
    points: float | int | None
    is_fallback: bool
    options: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()
    value: str = ""
    hint: str = ""
    error: str = ""
    maxlength: int | None = None


def question_field(question: QuestionView, answer: Any, context: FieldContext) -> QuestionField:
    """The take page's field for a question, showing the saved answer."""
    return QuestionField(
        number=context.number,
        slug=question.slug,
        name=context.name,
        anchor=context.anchor,
        text_html=stored_html(question.text_html),
        points=whole(question.points) if context.is_graded else None,
        is_fallback=question.is_fallback,
        **WIDGETS[question.kind].controls(question.spec, answer, context),
    )
