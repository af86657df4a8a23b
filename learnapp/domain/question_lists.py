"""List questions: ``matching`` and ``ordering``; each pair or position earns its share of the points."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from learnapp.domain.question_base import Grade, GradedSpec, ParseContext, SourceLine, is_index, unexpected

_PAIR_START = re.compile(r"- .*=>.*")
_PAIR = re.compile(r"- (.*?)\s*=>\s*(.*)")
_ITEM = re.compile(r"\d+\.\s+(.*)")


@dataclass(frozen=True)
class Pair:
    """A left side and its matching right side; the pair's id is its position (from 0)."""

    id: int
    left_html: str
    right_html: str


@dataclass(frozen=True)
class Matching(GradedSpec):
    """Pairs shown with the right sides shuffled.

    The answer is a sequence giving, for each left side in order, the id of the right side picked for it
    (None when left unanswered); right side ``i`` belongs to left side ``i``.
    """

    kind = "matching"
    pairs: tuple[Pair, ...]

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The first ``- left => right`` line ends the question text."""
        return _PAIR_START.fullmatch(text.rstrip()) is not None

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read ``- left => right`` lines; at least two pairs, each side non-empty, right sides distinct."""
        pairs: list[Pair] = []
        for line in lines:
            match = _PAIR.fullmatch(line.text.rstrip())
            if match is not None and match.group(1).strip() and match.group(2).strip():
                pairs.append(_pair(len(pairs), match, line, ctx))
            elif line.text.strip():
                unexpected(line, cls.kind, "a pair '- left => right' with text on both sides", ctx)
        if len(pairs) < 2:
            ctx.problem(heading, "a matching question needs at least two pairs '- left => right'")
            return None
        if len({pair.right_html for pair in pairs}) < len(pairs):
            ctx.problem(heading, "two pairs have the same right side: make every right side different")
        return cls(tuple(pairs))

    def grade(self, answer: object) -> Grade:
        """Each left side matched to its own right side earns 1/(number of pairs)."""
        picks = _positions(answer, len(self.pairs))
        parts = tuple(pick == pair.id for pick, pair in zip(picks, self.pairs, strict=True))
        return Grade(sum(parts) / len(parts), parts)

    def shape(self) -> str:
        """The number of pairs must match across languages."""
        return f"{len(self.pairs)} pairs"


@dataclass(frozen=True)
class Item:
    """An item to order; its id is its correct position (from 0)."""

    id: int
    html: str


@dataclass(frozen=True)
class Ordering(GradedSpec):
    """Items written in the correct order; the answer is the sequence of item ids as the trainee put them."""

    kind = "ordering"
    items: tuple[Item, ...]

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """The first numbered line ends the question text."""
        return _ITEM.fullmatch(text.rstrip()) is not None

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Read a numbered list; at least two items."""
        items: list[Item] = []
        for line in lines:
            match = _ITEM.fullmatch(line.text.rstrip())
            if match is not None:
                items.append(Item(len(items), ctx.inline(match.group(1), line.number)))
            elif line.text.strip():
                unexpected(line, cls.kind, "a numbered item '1. text', in the correct order", ctx)
        if len(items) < 2:
            ctx.problem(heading, "an ordering question needs at least two numbered items '1. text'")
            return None
        return cls(tuple(items))

    def grade(self, answer: object) -> Grade:
        """Each item in its correct position earns 1/(number of items)."""
        placed = _positions(answer, len(self.items))
        parts = tuple(pick == item.id for pick, item in zip(placed, self.items, strict=True))
        return Grade(sum(parts) / len(parts), parts)

    def shape(self) -> str:
        """The number of items must match across languages."""
        return f"{len(self.items)} items"


def _pair(index: int, match: re.Match[str], line: SourceLine, ctx: ParseContext) -> Pair:
    return Pair(index, ctx.inline(match.group(1), line.number), ctx.inline(match.group(2), line.number))


def _positions(answer: object, size: int) -> list[int | None]:
    """Read a sequence of ids, padded or cut to ``size``; anything that is not an id counts as unanswered."""
    if not isinstance(answer, Sequence) or isinstance(answer, str):
        return [None] * size
    picks: list[int | None] = [item if is_index(item) else None for item in answer[:size]]
    return picks + [None] * (size - len(picks))
