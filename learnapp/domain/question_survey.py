"""Survey-only question types: ``rating`` (a scale) and ``text`` (free text). Neither is graded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from learnapp.domain.question_base import (
    ParseContext,
    SourceLine,
    Spec,
    keyword,
    keyword_values,
    single_value,
)

_SCALE = re.compile(r"(\d+)\s*-\s*(\d+)")
_NEEDS_SCALE = "a rating question needs 'Scale: LOW-HIGH', like 'Scale: 1-5'"


@dataclass(frozen=True)
class Rating(Spec):
    """A scale from ``low`` to ``high``; labels name both ends or every point."""

    kind = "rating"
    in_quiz = False
    in_survey = True
    low: int
    high: int
    labels: tuple[str, ...] = ()

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The ``Scale:`` (or ``Labels:``) line ends the question text."""
        pair = keyword(text)
        return pair is not None and pair[0] in ("Scale", "Labels")

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read ``Scale: 1-5`` and optional ``Labels: low | high``."""
        found = keyword_values(lines, ["Scale", "Labels"], ctx, cls.kind)
        scale = single_value(found, "Scale", heading, ctx)
        match = _SCALE.fullmatch(scale[1]) if scale else None
        if scale is None or match is None or int(match.group(1)) >= int(match.group(2)):
            ctx.problem(scale[0] if scale else heading, _NEEDS_SCALE)
            return None
        spec = cls(int(match.group(1)), int(match.group(2)))
        labels = single_value(found, "Labels", heading, ctx)
        return spec.with_labels(labels, ctx) if labels else spec

    def with_labels(self, labels: tuple[int, str], ctx: ParseContext) -> Self:
        """Add ``Labels:``; there must be two (the ends) or one per point of the scale."""
        names = tuple(name.strip() for name in labels[1].split("|"))
        points = self.high - self.low + 1
        if len(names) not in (2, points) or not all(names):
            ctx.problem(
                labels[0],
                f"'Labels:' needs 2 or {points} labels separated by '|', like 'Labels: Not at all | Fully'",
            )
            return self
        return type(self)(self.low, self.high, names)

    def shape(self) -> str:
        """The scale must be the same in every language."""
        return f"scale {self.low}-{self.high}"


@dataclass(frozen=True)
class FreeText(Spec):
    """A free-text answer: the question text only, no answer lines."""

    kind = "text"
    in_quiz = False
    in_survey = True

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """Everything is question text."""
        return False

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """There is nothing to parse."""
        return cls()

    def shape(self) -> str:
        """Only the type must match."""
        return "free text"
