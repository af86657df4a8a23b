"""Each question type grades answers as docs/authoring.md says, with partial credit where it applies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learnapp.domain.question_base import Grade
from learnapp.domain.question_choice import Choice, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Item, Matching, Ordering, Pair
from learnapp.domain.question_survey import FreeText
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse, parse_number
from learnapp.domain.questions import QUESTION_TYPES, Question


def choices(*marks: bool) -> tuple[Choice, ...]:
    return tuple(Choice(index, f"choice {index}", is_correct) for index, is_correct in enumerate(marks))


def test_registry_has_every_type_of_the_format() -> None:
    assert sorted(QUESTION_TYPES) == sorted(
        ["single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "rating", "text"]
    )


def test_single_choice_earns_full_points_only_for_the_correct_choice() -> None:
    spec = SingleChoice(choices(False, True, False))
    assert spec.grade(1) == Grade(1.0, (True,))
    assert spec.grade(0) == Grade(0.0, (False,))


@pytest.mark.parametrize("answer", [None, "1", [1], True])
def test_single_choice_answer_of_the_wrong_shape_earns_nothing(answer: object) -> None:
    assert SingleChoice(choices(False, True)).grade(answer).fraction == 0.0


def test_multiple_choice_gives_partial_credit_per_correct_pick() -> None:
    spec = MultipleChoice(choices(True, True, False, False))
    assert spec.grade({0}).fraction == pytest.approx(0.5)
    assert spec.grade([0, 1]).fraction == 1.0


def test_multiple_choice_wrong_pick_costs_a_share_of_the_wrong_choices() -> None:
    spec = MultipleChoice(choices(True, True, False, False))
    assert spec.grade({0, 1, 2}).fraction == pytest.approx(0.5)


def test_multiple_choice_score_never_goes_below_zero() -> None:
    spec = MultipleChoice(choices(True, False, False, True))
    assert spec.grade({1, 2}).fraction == 0.0
    assert spec.grade({0, 1, 2}).fraction == 0.0


def test_multiple_choice_picking_everything_earns_nothing_when_every_wrong_choice_costs_one_share() -> None:
    spec = MultipleChoice(choices(True, False))
    assert spec.grade({0, 1}).fraction == 0.0


def test_multiple_choice_parts_tell_which_choices_were_decided_right() -> None:
    spec = MultipleChoice(choices(True, True, False))
    assert spec.grade({0, 2}).parts == (True, False, False)


def test_multiple_choice_with_only_correct_choices_needs_all_picks() -> None:
    spec = MultipleChoice(choices(True, True, True))
    assert spec.grade({0, 1}).fraction == pytest.approx(2 / 3)


def test_truefalse_earns_points_for_the_right_truth_value() -> None:
    spec = TrueFalse(answer=False)
    assert spec.grade(False).is_correct
    assert not spec.grade(True).is_correct
    assert spec.grade("false").fraction == 0.0


def test_short_answer_accepts_any_listed_answer_ignoring_case_spacing_and_punctuation() -> None:
    spec = ShortAnswer(("2178", "S/RES/2178 (2014)"))
    assert spec.grade(" s/res/2178(2014) ").is_correct
    assert spec.grade("2178.").is_correct
    assert not spec.grade("2170").is_correct


def test_short_answer_matches_a_word_typed_with_a_stray_latin_letter() -> None:
    spec = ShortAnswer(("ОБСЕ",))
    assert spec.grade("OБСЕ").is_correct  # Latin O
    assert spec.grade("обсе").is_correct


def test_short_answer_of_punctuation_only_never_matches() -> None:
    assert not ShortAnswer(("2178",)).grade("...").is_correct


def test_numeric_accepts_answers_within_the_tolerance_inclusive() -> None:
    spec = Numeric(Decimal("2.0"), Decimal("0.1"))
    assert spec.grade(2.1).is_correct
    assert spec.grade("1,9").is_correct
    assert not spec.grade(2.11).is_correct


def test_numeric_with_zero_tolerance_needs_the_exact_number() -> None:
    spec = Numeric(Decimal(2011))
    assert spec.grade("2011").is_correct
    assert spec.grade("2 011").is_correct
    assert not spec.grade(2012).is_correct


@pytest.mark.parametrize("answer", ["", "twenty", "1e3", None, True, float("nan"), float("inf")])
def test_numeric_answer_that_is_not_a_number_earns_nothing(answer: object) -> None:
    assert Numeric(Decimal(3)).grade(answer).fraction == 0.0


def test_typed_numbers_are_read_leniently() -> None:
    assert parse_number(" -3,5 ") == Decimal("-3.5")
    assert parse_number("1\u00a0000") == Decimal(1000)
    assert parse_number("1,000.5") is None


def test_matching_earns_a_share_per_correct_pair() -> None:
    spec = Matching(tuple(Pair(index, f"left {index}", f"right {index}") for index in range(4)))
    grade = spec.grade([0, 2, 1, 3])
    assert grade.fraction == pytest.approx(0.5)
    assert grade.parts == (True, False, False, True)


def test_matching_with_unanswered_pairs_counts_them_wrong() -> None:
    spec = Matching(tuple(Pair(index, "l", f"r{index}") for index in range(3)))
    assert spec.grade([0, None]).parts == (True, False, False)
    assert spec.grade("012").fraction == 0.0


def test_ordering_earns_a_share_per_item_in_its_correct_position() -> None:
    spec = Ordering(tuple(Item(index, f"item {index}") for index in range(4)))
    assert spec.grade([0, 1, 3, 2]).fraction == pytest.approx(0.5)
    assert spec.grade([3, 2, 1, 0]).fraction == 0.0
    assert spec.grade([0, 1, 2, 3]).is_correct


def test_question_grades_through_its_type_and_refuses_to_grade_free_text() -> None:
    graded = Question("q", "truefalse", 1, "<p>q</p>", TrueFalse(answer=True))
    survey = Question("s", "text", 1, "<p>s</p>", FreeText())
    assert graded.grade(True).is_correct
    assert not survey.is_graded
    with pytest.raises(TypeError):
        survey.grade("anything")
