"""Typed-answer questions: ``truefalse``, ``short`` (normalised text) and ``numeric`` (with tolerance)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Self

from learnapp.domain.normalise import answers_match, normalise_answer
from learnapp.domain.question_base import (
    Grade,
    GradedSpec,
    ParseContext,
    SourceLine,
    keyword,
    keyword_values,
    single_value,
)

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class TrueFalse(GradedSpec):
    """A statement; the answer is a bool."""

    kind = "truefalse"
    answer: bool

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The ``Answer:`` line ends the statement."""
        return _starts_with(text, "Answer")

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read ``Answer: true`` or ``Answer: false``."""
        found = single_value(keyword_values(lines, ["Answer"], ctx, cls.kind), "Answer", heading, ctx)
        if found is None or found[1].lower() not in ("true", "false"):
            ctx.problem(
                found[0] if found else heading,
                "a truefalse question needs a line 'Answer: true' or 'Answer: false'",
            )
            return None
        return cls(found[1].lower() == "true")

    def grade(self, answer: object) -> Grade:
        """Full points for the right truth value."""
        is_right = isinstance(answer, bool) and answer == self.answer
        return Grade(1.0 if is_right else 0.0, (is_right,))

    def shape(self) -> str:
        """The answer must be the same in every language."""
        return f"answer {str(self.answer).lower()}"


@dataclass(frozen=True)
class ShortAnswer(GradedSpec):
    """A short typed answer matched against the ``Accept:`` lines, ignoring trivial typing differences."""

    kind = "short"
    accepted: tuple[str, ...]

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The first ``Accept:`` line ends the question text."""
        return _starts_with(text, "Accept")

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read one or more ``Accept:`` lines."""
        found = keyword_values(lines, ["Accept"], ctx, cls.kind)["Accept"]
        for number, value in found:
            if not normalise_answer(value):
                ctx.problem(number, "'Accept:' needs an answer with letters or digits")
        if not found:
            ctx.problem(heading, "a short question needs at least one 'Accept: answer' line")
            return None
        return cls(tuple(value for _, value in found))

    def grade(self, answer: object) -> Grade:
        """Full points when the answer matches any accepted one."""
        is_right = isinstance(answer, str) and any(answers_match(answer, ok) for ok in self.accepted)
        return Grade(1.0 if is_right else 0.0, (is_right,))

    def shape(self) -> str:
        """Accepted answers are written per language, so only the type must match."""
        return "a typed answer"


@dataclass(frozen=True)
class Numeric(GradedSpec):
    """A number, right within an absolute tolerance; decimals are exact, so 2.1 is within 0.1 of 2.0."""

    kind = "numeric"
    answer: Decimal
    tolerance: Decimal = Decimal(0)

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The ``Answer:`` (or ``Tolerance:``) line ends the question text."""
        return _starts_with(text, "Answer") or _starts_with(text, "Tolerance")

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read ``Answer: <number>`` and an optional ``Tolerance: <number>``."""
        found = keyword_values(lines, ["Answer", "Tolerance"], ctx, cls.kind)
        answer = single_value(found, "Answer", heading, ctx)
        tolerance = single_value(found, "Tolerance", heading, ctx) or (heading, "0")
        if answer is None or not _NUMBER.fullmatch(answer[1]):
            ctx.problem(
                answer[0] if answer else heading,
                "a numeric question needs 'Answer: <number>', like 'Answer: 2011' or 'Answer: 3.5'",
            )
            return None
        if not _NUMBER.fullmatch(tolerance[1]) or tolerance[1].startswith("-"):
            ctx.problem(tolerance[0], "'Tolerance:' must be a number of 0 or more, like 'Tolerance: 0.5'")
            return None
        return cls(Decimal(answer[1]), Decimal(tolerance[1]))

    def grade(self, answer: object) -> Grade:
        """Full points within the tolerance; text is read leniently (spaces, a decimal comma)."""
        value = parse_number(answer)
        is_right = value is not None and abs(value - self.answer) <= self.tolerance
        return Grade(1.0 if is_right else 0.0, (is_right,))

    def shape(self) -> str:
        """The answer and tolerance must be the same in every language."""
        return f"answer {self.answer} ± {self.tolerance}"


def parse_number(answer: object) -> Decimal | None:
    """Read a typed number: ``2 011``, ``3,5`` and ``3.5`` are all fine; anything else is None."""
    text = _number_text(answer)
    return Decimal(text) if text is not None and _NUMBER.fullmatch(text) else None


def _number_text(answer: object) -> str | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float | Decimal):
        return format(Decimal(str(answer)), "f")
    if not isinstance(answer, str):
        return None
    compact = _SPACES.sub("", answer)
    if "," in compact and "." not in compact and compact.count(",") == 1:
        return compact.replace(",", ".")
    return compact


def _starts_with(text: str, name: str) -> bool:
    pair = keyword(text)
    return pair is not None and pair[0] == name
