"""The answer form: reading posted answers into each question type's answer shape, and the fields to show.

Field names are ``q.<question id>`` and, for questions with one control per row (matching, ordering),
``q.<question id>.<row>``. Hidden ``shown`` fields name the questions on the page, so an emptied answer (no box
ticked) clears the saved one while questions on other pages are left alone. Anything that is not a valid
answer (an unknown field, a choice that does not exist) is treated as no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from learnapp.domain.attempt_rules import display_order
from learnapp.domain.question_choice import ChoiceSpec, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Matching, Ordering
from learnapp.domain.question_survey import Rating
from learnapp.domain.question_typed import TrueFalse, parse_number
from learnapp.quiz.queries import QuestionView
from learnapp.stored_html import stored_html

_INDEX = re.compile(r"[0-9]{1,4}")
TEXT_LIMITS = {"short": 300, "numeric": 60, "text": 5000}
Values = Callable[[str], list[str]]


def read_answers(form: MultiDict[str, str], specs: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the attempt's questions shown on the posted page, by question id (None = no answer)."""
    shown = [slug for slug in dict.fromkeys(form.getlist("shown")) if slug in specs]
    return {slug: read_answer(specs[slug], _values(form, slug)) for slug in shown}


def _values(form: MultiDict[str, str], slug: str) -> Values:
    return lambda suffix: form.getlist(f"q.{slug}{suffix}")


def read_answer(spec: Any, values: Values) -> Any:
    """One question's answer in its type's shape, or None when there is none (or none that is valid)."""
    return _READERS[spec.kind](spec, values)


def _index(values: Sequence[str], valid: range | frozenset[int]) -> int | None:
    value = values[0].strip() if values else ""
    return int(value) if _INDEX.fullmatch(value) and int(value) in valid else None


def _choice_ids(spec: ChoiceSpec) -> frozenset[int]:
    return frozenset(choice.id for choice in spec.choices)


def _single(spec: SingleChoice, values: Values) -> int | None:
    return _index(values(""), _choice_ids(spec))


def _multiple(spec: MultipleChoice, values: Values) -> list[int] | None:
    picks = {_index([value], _choice_ids(spec)) for value in values("")} - {None}
    return sorted(pick for pick in picks if pick is not None) or None


def _truefalse(spec: TrueFalse, values: Values) -> bool | None:
    return {"true": True, "false": False}.get(values("")[0] if values("") else "")


def _text(spec: Any, values: Values) -> str | None:
    text = values("")[0].strip() if values("") else ""
    return text[: TEXT_LIMITS[spec.kind]] or None


def _rating(spec: Rating, values: Values) -> int | None:
    return _index(values(""), range(spec.low, spec.high + 1))


def _matching(spec: Matching, values: Values) -> list[int | None] | None:
    right_ids = frozenset(pair.id for pair in spec.pairs)
    picks = [_index(values(f".{pair.id}"), right_ids) for pair in spec.pairs]
    return picks if any(pick is not None for pick in picks) else None


def _ordering(spec: Ordering, values: Values) -> list[int | None] | None:
    """Each item gets a position (from 1); a position given to two items counts for neither."""
    positions = {item.id: _index(values(f".{item.id}"), range(1, len(spec.items) + 1)) for item in spec.items}
    placed: list[int | None] = []
    for position in range(1, len(spec.items) + 1):
        items = [ident for ident, given in positions.items() if given == position]
        placed.append(items[0] if len(items) == 1 else None)
    return placed if any(item is not None for item in placed) else None


_READERS: dict[str, Callable[[Any, Values], Any]] = {
    "single": _single,
    "multiple": _multiple,
    "truefalse": _truefalse,
    "short": _text,
    "numeric": _text,
    "text": _text,
    "rating": _rating,
    "matching": _matching,
    "ordering": _ordering,
}


@dataclass(frozen=True)
class Option:
    """A radio button, checkbox or select option; ``label_html`` is stored sanitised HTML, ``label`` text."""

    value: str
    id: str
    is_selected: bool
    label: str = ""
    label_html: Markup | None = None


@dataclass(frozen=True)
class Row:
    """One select of a matching (a left side) or ordering (an item) question."""

    id: str
    name: str
    label_html: Markup
    options: tuple[Option, ...]


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


@dataclass(frozen=True)
class FieldContext:
    """What a question's controls depend on besides the question: the attempt's seed and the quiz settings."""

    number: int
    slug: str
    seed: str
    is_shuffled: bool
    is_graded: bool

    @property
    def anchor(self) -> str:
        """The id of the question's fieldset, and the prefix of its controls' ids."""
        return f"q-{self.slug}"

    @property
    def name(self) -> str:
        """The name of the question's field, and the prefix of its rows' names."""
        return f"q.{self.slug}"


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
        **_CONTROLS[question.kind](question.spec, answer, context),
    )


def whole(value: float) -> float | int:
    """Whole points as ints, so that they print as 2, not 2.0."""
    return int(value) if value == int(value) else value


def _choices(spec: ChoiceSpec, answer: Any, context: FieldContext) -> dict[str, Any]:
    picked = set(answer) if isinstance(answer, list) else {answer}
    options = tuple(
        Option(str(choice.id), f"{context.anchor}-{choice.id}", choice.id in picked, "", stored_html(choice.html))
        for choice in (spec.choices[index] for index in choice_order(spec, context))
    )
    return {"widget": "checkbox" if spec.kind == "multiple" else "radio", "options": options}


def choice_order(spec: ChoiceSpec, context: FieldContext) -> Sequence[int]:
    """The order a question's choices are shown in: written, or shuffled from the attempt's seed."""
    count = len(spec.choices)
    return display_order(count, context.seed, context.slug) if context.is_shuffled else range(count)


def _truefalse_field(spec: TrueFalse, answer: Any, context: FieldContext) -> dict[str, Any]:
    options = (
        Option("true", f"{context.anchor}-true", answer is True, _("True")),
        Option("false", f"{context.anchor}-false", answer is False, _("False")),
    )
    return {"widget": "radio", "options": options}


def _rating_field(spec: Rating, answer: Any, context: FieldContext) -> dict[str, Any]:
    points = range(spec.low, spec.high + 1)
    labels = dict(zip(points, spec.labels, strict=True)) if len(spec.labels) == len(points) else {}
    if len(spec.labels) == 2 and len(points) != 2:
        labels = {spec.low: spec.labels[0], spec.high: spec.labels[1]}
    options = tuple(
        Option(str(point), f"{context.anchor}-{point}", answer == point, _rating_label(point, labels.get(point)))
        for point in points
    )
    return {"widget": "radio", "options": options}


def _rating_label(point: int, label: str | None) -> str:
    return f"{point} ({label})" if label else str(point)


def _typed(spec: Any, answer: Any, context: FieldContext) -> dict[str, Any]:
    value = answer if isinstance(answer, str) else ""
    if spec.kind == "numeric":
        error = _("This is not a number. Type digits, like 2011 or 3.5.") if value and not parse_number(value) else ""
        return {"widget": "number", "value": value, "error": error, "hint": _("A number, like 2011 or 3.5.")}
    widget = "textarea" if spec.kind == "text" else "text"
    return {"widget": widget, "value": value, "maxlength": TEXT_LIMITS[spec.kind]}


def _matching_field(spec: Matching, answer: Any, context: FieldContext) -> dict[str, Any]:
    picks = answer if isinstance(answer, list) else []
    order = display_order(len(spec.pairs), context.seed, context.slug, must_move=True)
    rows = tuple(
        Row(
            f"{context.anchor}-{pair.id}",
            f"{context.name}.{pair.id}",
            stored_html(pair.left_html),
            _select_options(
                [(str(spec.pairs[i].id), Markup(spec.pairs[i].right_html).striptags()) for i in order],
                _at(picks, pair.id),
            ),
        )
        for pair in spec.pairs
    )
    return {"widget": "rows", "rows": rows, "hint": _("Pick the match for each item.")}


def _ordering_field(spec: Ordering, answer: Any, context: FieldContext) -> dict[str, Any]:
    placed = answer if isinstance(answer, list) else []
    position_of = {item: position for position, item in enumerate(placed, start=1) if item is not None}
    order = display_order(len(spec.items), context.seed, context.slug, must_move=True)
    positions = [(str(position), str(position)) for position in range(1, len(spec.items) + 1)]
    rows = tuple(
        Row(
            f"{context.anchor}-{spec.items[i].id}",
            f"{context.name}.{spec.items[i].id}",
            stored_html(spec.items[i].html),
            _select_options(positions, position_of.get(spec.items[i].id)),
        )
        for i in order
    )
    hint = _("Give each item its position, 1 for the first; use each position once.")
    return {"widget": "rows", "rows": rows, "hint": hint}


def _select_options(choices: Sequence[tuple[str, str]], selected: Any) -> tuple[Option, ...]:
    blank = Option("", "", selected is None, _("Choose…"))
    return (blank, *(Option(value, "", value == str(selected), label) for value, label in choices))


def _at(items: Sequence[Any], index: int) -> Any:
    return items[index] if index < len(items) else None


_CONTROLS: dict[str, Callable[[Any, Any, FieldContext], dict[str, Any]]] = {
    "single": _choices,
    "multiple": _choices,
    "truefalse": _truefalse_field,
    "short": _typed,
    "numeric": _typed,
    "text": _typed,
    "rating": _rating_field,
    "matching": _matching_field,
    "ordering": _ordering_field,
}
