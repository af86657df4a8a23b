"""Page values of the question bank: imported questions rendered as trainees would see them.

The Markdown of each imported question goes through the trainees' renderer and sanitiser (``render_markdown``,
nh3 allow-list); the result is marked safe here, with ``stored_html``, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from markupsafe import Markup

from learnapp.domain.interchange import Imported, ImportResult
from learnapp.domain.markdown_render import render_inline, render_markdown
from learnapp.domain.question_base import Spec
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.domain.question_lists import Matching, Ordering
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse
from learnapp.domain.quiz_writer import number_text
from learnapp.stored_html import stored_html


@dataclass(frozen=True)
class PreviewAnswer:
    """One answer line of a previewed question: its HTML, whether it is a right one, and its feedback."""

    html: Markup
    is_correct: bool
    feedback_html: Markup


@dataclass(frozen=True)
class PreviewQuestion:
    """An imported question as trainees would see it, with the answer key and what the import lost."""

    id: str
    kind: str
    line: int
    text_html: Markup
    answers: tuple[PreviewAnswer, ...]
    points: str
    feedback_html: Markup
    losses: tuple[str, ...]


def preview(result: ImportResult) -> list[PreviewQuestion]:
    """Every importable question, rendered."""
    return [_question(item) for item in result.questions]


def _block(text: str) -> Markup:
    return stored_html(render_markdown(text).html) if text else Markup("")


def _inline(text: str) -> Markup:
    return stored_html(render_inline(text).html)


def _question(item: Imported) -> PreviewQuestion:
    question = item.question
    return PreviewQuestion(
        question.id,
        question.kind,
        item.line,
        _block(question.text_html),
        _answers(question.spec),
        number_text_of(question.points),
        _block(question.feedback_html),
        item.losses,
    )


def number_text_of(value: float) -> str:
    """Points as written in a quiz file (``1``, ``2.5``)."""
    return number_text(Decimal(str(value)))


def _plain(text: str) -> Markup:
    return Markup.escape(text)


def _answers(spec: Spec) -> tuple[PreviewAnswer, ...]:
    empty = Markup("")
    if isinstance(spec, ChoiceSpec):
        return tuple(
            PreviewAnswer(_inline(choice.html), choice.is_correct, _block(choice.feedback_html))
            for choice in spec.choices
        )
    if isinstance(spec, TrueFalse):
        return (PreviewAnswer(_plain(_("true") if spec.answer else _("false")), True, empty),)
    if isinstance(spec, ShortAnswer):
        return tuple(PreviewAnswer(_plain(value), True, empty) for value in spec.accepted)
    if isinstance(spec, Numeric):
        shown = f"{number_text(spec.answer)} ± {number_text(spec.tolerance)}"
        return (PreviewAnswer(_plain(shown), True, empty),)
    if isinstance(spec, Matching):
        return tuple(
            PreviewAnswer(_inline(pair.left_html) + Markup(" → ") + _inline(pair.right_html), True, empty)
            for pair in spec.pairs
        )
    if isinstance(spec, Ordering):
        return tuple(PreviewAnswer(_inline(item.html), True, empty) for item in spec.items)
    return ()
