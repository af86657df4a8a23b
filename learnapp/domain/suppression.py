"""Secondary suppression: which further counts of a line to hide so that no hidden small count can be worked out.

A line is a list of counts of people (a partition: each person in exactly one part) and its total. Counts of one
to four are hidden as "<5" (primary suppression, `report_rules.suppress`). When the visible counts and the total
would pin a hidden count to one value (the remainder), further cells are hidden, marked apart (`WITHHELD`) so that
no reader mistakes a hidden 40 for "fewer than five".

The reader is assumed to know this rule: a "<5" cell holds 1 to 4, a withheld cell holds 0 or 5 and more (anything
from 1 to 4 would have been "<5"). Cells are withheld until every hidden cell can take at least two values: each
time the smallest visible cell that settles it alone (else the smallest), then the check runs again. When every
part is hidden and one is still pinned, the total is withheld too. When the total itself is one to four, the whole
line is "<5", zeros included (a "<5" part then holds 0 to 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

SMALL_CELL = 5
WITHHELD = "*"


class Hidden(StrEnum):
    """Why a cell is not shown."""

    SMALL = "small"  # 1 to 4 people: shown as "<5"
    WITHHELD = "withheld"  # hidden so that a small cell cannot be worked out: shown as `WITHHELD`


@dataclass(frozen=True)
class LineSuppression:
    """What to hide in one line: a reason per part (None: shown) and for the total."""

    parts: tuple[Hidden | None, ...]
    total: Hidden | None

    @property
    def hides_anything(self) -> bool:
        """True when at least one part or the total is hidden."""
        return self.total is not None or any(reason is not None for reason in self.parts)


def is_small(count: int) -> bool:
    """A count that identifies someone: one to four people."""
    return 0 < count < SMALL_CELL


def _rest_can_sum_to(value: int, small: int, withheld: int) -> bool:
    """Whether `small` cells of 1..4 and `withheld` cells of 0 or 5+ can add up to `value`."""
    if value < small:
        return False
    if small <= value <= 4 * small:
        return True
    return withheld > 0 and value >= small + SMALL_CELL


def _domain(reason: Hidden, remainder: int) -> range | tuple[int, ...]:
    if reason is Hidden.SMALL:
        return range(1, SMALL_CELL)
    return (0, *range(SMALL_CELL, remainder + 1))


def _is_pinned(reasons: Sequence[Hidden | None], index: int, remainder: int) -> bool:
    """True when the hidden part `index` can take only one value, given the other hidden parts and the remainder."""
    reason = reasons[index]
    assert reason is not None
    others = [other for position, other in enumerate(reasons) if other is not None and position != index]
    small = sum(1 for other in others if other is Hidden.SMALL)
    withheld = len(others) - small
    possible = 0
    for value in _domain(reason, remainder):
        if _rest_can_sum_to(remainder - value, small, withheld):
            possible += 1
            if possible > 1:
                return False
    return True


def suppress_line(parts: Sequence[int], total: int) -> LineSuppression:
    """The cells to hide in a line whose `parts` add up to `total` (see the module docstring for the rule)."""
    if is_small(total):
        # Every part is hidden, zeros too: shown zeros would tell how many parts share the few people.
        return LineSuppression(tuple(Hidden.SMALL for _ in parts), Hidden.SMALL)
    reasons: list[Hidden | None] = [Hidden.SMALL if is_small(part) else None for part in parts]
    while _any_pinned(parts, reasons):
        visible = sorted((index for index, reason in enumerate(reasons) if reason is None), key=lambda i: (parts[i], i))
        if not visible:
            return LineSuppression(tuple(reasons), Hidden.WITHHELD)
        reasons[_first_that_protects(parts, reasons, visible)] = Hidden.WITHHELD
    return LineSuppression(tuple(reasons), None)


def _any_pinned(parts: Sequence[int], reasons: Sequence[Hidden | None]) -> bool:
    hidden = [index for index, reason in enumerate(reasons) if reason is not None]
    remainder = sum(parts[index] for index in hidden)
    return any(_is_pinned(reasons, index, remainder) for index in hidden)


def _first_that_protects(parts: Sequence[int], reasons: Sequence[Hidden | None], candidates: Sequence[int]) -> int:
    """The smallest visible cell whose withholding leaves no hidden cell pinned; else simply the smallest."""
    for index in candidates:
        trial = list(reasons)
        trial[index] = Hidden.WITHHELD
        if not _any_pinned(parts, trial):
            return index
    return candidates[0]
