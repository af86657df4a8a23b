"""Question widgets: for each question type, how the take page shows it and how a posted answer is read back.

One entry per type of the domain's `QUESTION_TYPES` (a test keeps the two key sets equal), so a new question type
is one spec class in the domain and one `Widget` here. Anything that is not a valid answer (an unknown field, a
choice that does not exist) is read as no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup

from learnapp.domain.attempt_rules import display_order
from learnapp.domain.question_choice import ChoiceSpec, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Matching, Ordering
from learnapp.domain.question_survey import Rating
from learnapp.domain.question_typed import TrueFalse, parse_number
from learnapp.stored_html import stored_html

_INDEX = re.compile(r"[0-9]{1,4}")
Values = Callable[[str], list[str]]
Controls = dict[str, Any]


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


def whole(value: float) -> float | int:
    """Whole points as ints, so that they print as 2, not 2.0."""
    return int(value) if value == int(value) else value


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


def _choices(spec: ChoiceSpec, answer: Any, context: FieldContext) -> Controls:
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


def _truefalse_field(spec: TrueFalse, answer: Any, context: FieldContext) -> Controls:
    options = (
        Option("true", f"{context.anchor}-true", answer is True, _("True")),
        Option("false", f"{context.anchor}-false", answer is False, _("False")),
    )
    return {"widget": "radio", "options": options}


def _rating_field(spec: Rating, answer: Any, context: FieldContext) -> Controls:
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


def _numeric_field(spec: Any, answer: Any, context: FieldContext) -> Controls:
    value = answer if isinstance(answer, str) else ""
    error = _("This is not a number. Type digits, like 2011 or 3.5.") if value and not parse_number(value) else ""
    return {
        "widget": "number",
        "value": value,
        "error": error,
        "hint": _("A number, like 2011 or 3.5."),
        "maxlength": 60,
    }


def _matching_field(spec: Matching, answer: Any, context: FieldContext) -> Controls:
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


def _ordering_field(spec: Ordering, answer: Any, context: FieldContext) -> Controls:
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


@dataclass(frozen=True)
class Widget:
    """How one question type is read from a posted form and shown on the take page.

    `read(spec, values)` gives the answer in the type's shape, or None; `controls(spec, answer, context)` gives the
    `QuestionField` values of its controls. A typed answer is cut at the same length the field allows.
    """

    read: Callable[[Any, Values], Any]
    controls: Callable[[Any, Any, FieldContext], Controls]


def _text_reader(limit: int) -> Callable[[Any, Values], str | None]:
    def read(spec: Any, values: Values) -> str | None:
        text = values("")[0].strip() if values("") else ""
        return text[:limit] or None

    return read


def _typed_controls(widget: str, limit: int) -> Callable[[Any, Any, FieldContext], Controls]:
    def controls(spec: Any, answer: Any, context: FieldContext) -> Controls:
        return {"widget": widget, "value": answer if isinstance(answer, str) else "", "maxlength": limit}

    return controls


WIDGETS: dict[str, Widget] = {
    "single": Widget(_single, _choices),
    "multiple": Widget(_multiple, _choices),
    "truefalse": Widget(_truefalse, _truefalse_field),
    "short": Widget(_text_reader(300), _typed_controls("text", 300)),
    "numeric": Widget(_text_reader(60), _numeric_field),
    "text": Widget(_text_reader(5000), _typed_controls("textarea", 5000)),
    "rating": Widget(_rating, _rating_field),
    "matching": Widget(_matching, _matching_field),
    "ordering": Widget(_ordering, _ordering_field),
}
