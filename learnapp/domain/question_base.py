"""What every question type shares: the grade it returns, the lines it parses, and the base classes."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, Self, TypeGuard

_KEYWORD = re.compile(r"([A-Z][a-z]+):\s*(.*)")


@dataclass(frozen=True)
class Grade:
    """A graded answer: the fraction of the question's points earned (0 to 1) and each part right or wrong.

    Parts are per choice (multiple), per pair (matching), per position (ordering), or a single part otherwise.
    """

    fraction: float
    parts: tuple[bool, ...]

    @property
    def is_correct(self) -> bool:
        """Whether the answer earned all the points."""
        return self.fraction >= 1.0


@dataclass(frozen=True)
class SourceLine:
    """One line of a content file with its 1-based number."""

    number: int
    text: str


class ParseContext(Protocol):
    """What a question type needs from the file being parsed: rendering and a place to report problems."""

    @property
    def in_survey(self) -> bool:
        """Whether the question is in a survey (no correct answers) rather than a quiz."""

    def problem(self, line: int, message: str) -> None:
        """Report a problem at a line of the file."""

    def block(self, text: str, line: int) -> str:
        """Render Markdown that starts at ``line`` to safe HTML."""

    def inline(self, text: str, line: int) -> str:
        """Render one line of Markdown to safe HTML without a wrapping paragraph."""


@dataclass(frozen=True)
class Spec(ABC):
    """The type-specific part of a question: each subclass is one question type."""

    kind: ClassVar[str]
    in_quiz: ClassVar[bool] = True
    in_survey: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def starts_answers(cls, text: str) -> bool:
        """Tell whether a line is this type's first answer line, which ends the question text."""

    @classmethod
    @abstractmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Parse the answer lines (from the first answer line on), reporting problems; None when unusable."""

    @abstractmethod
    def shape(self) -> str:
        """Describe what must be the same in every language (choice count, correct answers...)."""


class GradedSpec(Spec):
    """A question type that can be graded."""

    @abstractmethod
    def grade(self, answer: object) -> Grade:
        """Grade an answer; an answer of the wrong shape counts as no answer and earns nothing."""


def is_index(value: object) -> TypeGuard[int]:
    """Tell whether an answer value is a choice, pair or item id (an int, and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def keyword(text: str) -> tuple[str, str] | None:
    """Split a ``Keyword: value`` line into its keyword and stripped value."""
    match = _KEYWORD.fullmatch(text.rstrip())
    return (match.group(1), match.group(2).strip()) if match else None


def keyword_values(
    lines: Sequence[SourceLine], allowed: Sequence[str], ctx: ParseContext, kind: str
) -> dict[str, list[tuple[int, str]]]:
    """Collect ``Keyword: value`` lines by keyword, reporting any other non-blank line."""
    found: dict[str, list[tuple[int, str]]] = {name: [] for name in allowed}
    for line in lines:
        pair = keyword(line.text)
        if pair is not None and pair[0] in found:
            found[pair[0]].append((line.number, pair[1]))
        elif line.text.strip():
            expected = " or ".join(f"'{name}: ...'" for name in allowed)
            ctx.problem(line.number, f"unexpected line in a {kind} question: expected {expected}")
    return found


def single_value(
    found: dict[str, list[tuple[int, str]]], name: str, heading: int, ctx: ParseContext
) -> tuple[int, str] | None:
    """Return the one value of a keyword that may appear once, reporting repeats."""
    values = found.get(name, [])
    for number, _ in values[1:]:
        ctx.problem(number, f"'{name}:' appears more than once: keep one")
    return values[0] if values else None


def unexpected(line: SourceLine, kind: str, expected: str, ctx: ParseContext) -> None:
    """Report a line that is not part of a question type's syntax."""
    ctx.problem(line.number, f"unexpected line in a {kind} question: expected {expected}")
