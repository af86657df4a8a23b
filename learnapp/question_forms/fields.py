"""The take page's fields: each question with its controls, filled with the saved answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup

from learnapp.domain.question_base import Spec
from learnapp.question_forms.widgets import WIDGETS, FieldContext, Option, Row, whole
from learnapp.stored_html import stored_html


class ShownQuestion(Protocol):
    """What a field needs of a question: a published one (the quiz area's) or a draft's (the studio preview's)."""

    @property
    def kind(self) -> str:
        """The question type."""

    @property
    def points(self) -> float:
        """What the question is worth."""

    @property
    def text_html(self) -> str:
        """The question text, sanitised HTML."""

    @property
    def spec(self) -> Spec:
        """The type-specific part (choices, key)."""


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


def question_field(
    question: ShownQuestion, answer: Any, context: FieldContext, *, is_fallback: bool = False
) -> QuestionField:
    """The take page's field for a question, showing the saved answer; ``context.slug`` is the question's id."""
    return QuestionField(
        number=context.number,
        slug=context.slug,
        name=context.name,
        anchor=context.anchor,
        text_html=stored_html(question.text_html),
        points=whole(question.points) if context.is_graded else None,
        is_fallback=is_fallback,
        **WIDGETS[question.kind].controls(question.spec, answer, context),
    )
