"""Secondary suppression, proved over random lines: no hidden count can be worked out from what is shown.

The reader is assumed to know the rule: "<5" holds 1 to 4, a withheld cell holds 0 or 5 and more. For each random
line, every table of counts consistent with what the reader sees is enumerated by brute force; each hidden cell must
take at least two values across them.
"""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from learnapp.domain.suppression import Hidden, suppress_line


def _candidates(reason: Hidden, largest: int, in_small_line: bool) -> list[int]:
    if reason is Hidden.SMALL:
        return [0, 1, 2, 3, 4] if in_small_line else [1, 2, 3, 4]
    return [0, *range(5, largest + 1)]


def possible_values(parts: list[int], total: int) -> dict[int, set[int]]:
    """For each hidden part, every value it may hold in a line consistent with the visible cells and the total."""
    shown = suppress_line(parts, total)
    hidden = [index for index, reason in enumerate(shown.parts) if reason is not None]
    visible_sum = sum(part for part, reason in zip(parts, shown.parts, strict=True) if reason is None)
    largest = total if shown.total is None else total + 30  # a hidden total bounds nothing: let the search go wide
    found: dict[int, set[int]] = {index: set() for index in hidden}
    in_small_line = shown.total is Hidden.SMALL
    domains = [_candidates(shown.parts[index], largest, in_small_line) for index in hidden]  # type: ignore[arg-type]
    for values in product(*domains):
        line_total = visible_sum + sum(values)
        if shown.total is None and line_total != total:
            continue
        if shown.total is Hidden.SMALL and not 1 <= line_total <= 4:
            continue
        for index, value in zip(hidden, values, strict=True):
            found[index].add(value)
    return found


lines = st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_no_hidden_count_can_be_worked_out(parts: list[int]) -> None:
    for index, values in possible_values(parts, sum(parts)).items():
        assert len(values) >= 2, f"{parts}: hidden part {index} can only be {values}"


@settings(max_examples=300, deadline=None)
@given(lines)
def test_the_true_value_is_among_the_possible_ones_and_small_counts_are_always_hidden(parts: list[int]) -> None:
    shown = suppress_line(parts, sum(parts))
    for index, values in possible_values(parts, sum(parts)).items():
        assert parts[index] in values
    assert all(shown.parts[index] is Hidden.SMALL for index, part in enumerate(parts) if 1 <= part <= 4)
    if not shown.hides_anything:
        assert not any(1 <= part <= 4 for part in parts)


def test_one_small_count_is_protected_by_the_smallest_count_that_suffices() -> None:
    """Withholding the 0 would not do (3 + 0 = 3 gives the 3 back); the 7 does: 3 + 7 = 10 is 1 + 9, 2 + 8, …"""
    shown = suppress_line([20, 3, 7, 0], 30)

    assert shown.parts == (None, Hidden.SMALL, Hidden.WITHHELD, None)
    assert shown.total is None


def test_the_documented_counterexample_is_closed() -> None:
    """12 enrolled, 6 completed, 0 overdue (docs/reports.md): hiding "1" and "5" alone gives them back (1 + 5 = 6)."""
    parts = [1, 5, 6, 0]

    shown = suppress_line(parts, 12)

    assert shown.parts == (Hidden.SMALL, None, Hidden.WITHHELD, None)
    assert shown.total is None
    assert possible_values(parts, 12)[0] == {1, 2}


def test_a_line_without_small_counts_is_shown_whole() -> None:
    assert not suppress_line([10, 0, 25, 7], 42).hides_anything


def test_a_small_total_hides_its_small_parts_and_itself() -> None:
    shown = suppress_line([3, 0, 1], 4)

    assert shown.parts == (Hidden.SMALL, Hidden.SMALL, Hidden.SMALL)
    assert shown.total is Hidden.SMALL
