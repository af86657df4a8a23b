"""When an attempt may start, what it shows, when its time is up, and how it is graded and reviewed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from learnapp.domain.attempt_rules import (
    Refusal,
    StartContext,
    answer_status,
    deadline_for,
    display_order,
    draw_questions,
    grade_attempt,
    is_time_up,
    review_question,
    seconds_left,
    start_refusal,
    unanswered_numbers,
)
from learnapp.domain.content import Purpose
from learnapp.domain.question_base import Grade
from learnapp.domain.question_choice import Choice, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Item, Matching, Ordering, Pair
from learnapp.domain.question_survey import FreeText
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SINGLE = SingleChoice((Choice(0, "Two", False, "No."), Choice(1, "Four", True, "Yes.")))
MULTIPLE = MultipleChoice((Choice(0, "A", True), Choice(1, "B", True), Choice(2, "C", False)))
MATCHING = Matching(
    (Pair(0, "Rome", "rehabilitation"), Pair(1, "Ankara", "approach"), Pair(2, "Abu Dhabi", "education"))
)
ORDERING = Ordering((Item(0, "first"), Item(1, "second"), Item(2, "third")))


def quiz(**fields: object) -> StartContext:
    values: dict[str, object] = {"kind": "quiz", "purpose": Purpose.KNOWLEDGE_CHECK, "attempts_allowed": 3}
    values["attempts_used"] = 0
    values.update(fields)
    return StartContext(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("context", "refusal"),
    [
        (quiz(), None),
        (quiz(attempts_used=2), None),
        (quiz(attempts_used=3), Refusal.NO_ATTEMPTS_LEFT),
        (quiz(attempts_allowed=0, attempts_used=50), None),
        (quiz(missing_prerequisites=("alpha",)), Refusal.LOCKED),
        (quiz(missing_prerequisites=("alpha",), pending_pre_test="pre"), Refusal.LOCKED),
        (quiz(pending_pre_test="pre"), Refusal.PRE_TEST_FIRST),
        (quiz(purpose=Purpose.PRE_TEST, pending_pre_test="pre"), None),
        (quiz(purpose=Purpose.POST_TEST, pending_pre_test="pre"), Refusal.PRE_TEST_FIRST),
        (StartContext("survey", None, 0, 0, pending_pre_test="pre"), None),
        (StartContext("survey", None, 0, 1), Refusal.ALREADY_ANSWERED),
    ],
)
def test_an_attempt_starts_unless_a_rule_refuses_it(context: StartContext, refusal: Refusal | None) -> None:
    assert start_refusal(context) is refusal


def test_the_deadline_follows_the_time_limit_and_there_is_none_without_one() -> None:
    assert deadline_for(NOON, 30) == NOON + timedelta(minutes=30)
    assert deadline_for(NOON, 0) is None


@pytest.mark.parametrize(("late", "is_up"), [(0, False), (30, False), (31, True), (-60, False)])
def test_time_is_up_only_after_the_deadline_and_a_30_second_grace(late: int, is_up: bool) -> None:
    assert is_time_up(NOON, NOON + timedelta(seconds=late)) is is_up
    assert is_time_up(None, NOON) is False


def test_seconds_left_never_go_below_zero() -> None:
    assert seconds_left(NOON, NOON - timedelta(seconds=90.2)) == 91
    assert seconds_left(NOON, NOON + timedelta(seconds=5)) == 0
    assert seconds_left(None, NOON) is None


def test_questions_are_drawn_from_the_pool_then_shuffled_the_same_way_for_the_same_seed() -> None:
    ids = [f"q{number}" for number in range(10)]
    drawn = draw_questions(ids, 4, "seed", (), is_shuffled=True)
    assert len(drawn) == 4 and drawn == draw_questions(ids, 4, "seed", (), is_shuffled=True)
    assert draw_questions(ids, 0, "seed", (), is_shuffled=False) == tuple(ids)
    unused = draw_questions(ids, 4, "other", used=ids[:6], is_shuffled=False)
    assert set(unused) == set(ids[6:])


def test_the_display_order_is_fixed_by_the_seed_and_never_the_written_one_when_it_must_move() -> None:
    assert display_order(5, "seed", "q1") == display_order(5, "seed", "q1")
    assert sorted(display_order(5, "seed", "q1")) == [0, 1, 2, 3, 4]
    for seed in range(200):
        assert display_order(2, str(seed), "q", must_move=True) == (1, 0)
        assert display_order(3, str(seed), "q", must_move=True) != (0, 1, 2)
    assert display_order(1, "seed", "q", must_move=True) == (0,)


def test_unanswered_questions_are_numbered_in_the_attempts_order() -> None:
    assert unanswered_numbers(["c", "a", "b"], {"a"}) == (1, 3)


def test_an_attempt_is_graded_over_the_points_with_unanswered_questions_earning_nothing() -> None:
    questions = {
        "one": (SINGLE, 2.0),
        "many": (MULTIPLE, 1.0),
        "number": (Numeric(Decimal(2011)), 1.0),
        "note": (FreeText(), 1.0),
    }
    result = grade_attempt(questions, {"one": 1, "many": [0]}, pass_mark=70)
    assert result.percent == 62.5 and result.is_passed is False
    assert set(result.grades) == {"one", "many", "number"}
    assert grade_attempt(questions, {"one": 1, "many": [0, 1], "number": "2 011"}, 70).percent == 100


@pytest.mark.parametrize(
    ("grade", "is_answered", "status"),
    [
        (Grade(1.0, (True,)), True, "correct"),
        (Grade(0.5, (True, False)), True, "partial"),
        (Grade(0.0, (False,)), True, "incorrect"),
        (Grade(0.0, (False,)), False, "unanswered"),
    ],
)
def test_each_answer_has_a_status(grade: Grade, is_answered: bool, status: str) -> None:
    assert answer_status(grade, is_answered) == status


def test_a_choice_review_shows_the_picks_and_only_with_answers_shown_the_key_and_feedback() -> None:
    hidden = review_question(SINGLE, 0, shows_correctness=True, shows_key=False, order=(1, 0))
    assert hidden.status == "incorrect" and hidden.fraction == 0.0
    assert [(line.html, line.is_picked, line.is_key, line.feedback_html) for line in hidden.answer] == [
        ("Four", False, False, ""),
        ("Two", True, False, ""),
    ]
    shown = review_question(SINGLE, 0, shows_correctness=True, shows_key=True, order=(0, 1))
    assert [(line.is_key, line.feedback_html) for line in shown.answer] == [(False, "No."), (True, "")]


def test_typed_answers_are_reviewed_with_the_accepted_answer() -> None:
    short = review_question(ShortAnswer(("2178", "S/RES/2178")), "2179", True, True, ())
    assert [line.text for line in short.answer] == ["2179"] and [line.text for line in short.key] == ["2178"]
    number = review_question(Numeric(Decimal("3.5"), Decimal("0.5")), None, True, True, ())
    assert number.status == "unanswered" and number.answer == () and number.key[0].text == "3.5 ± 0.5"
    truth = review_question(TrueFalse(False), True, True, False, ())
    assert truth.answer[0].truth is True and truth.key == ()


def test_pairs_and_orders_are_reviewed_part_by_part() -> None:
    matching = review_question(MATCHING, [0, 2, None], True, True, ())
    assert [(line.html, line.match_html, line.is_right) for line in matching.answer] == [
        ("Rome", "rehabilitation", True),
        ("Ankara", "education", False),
        ("Abu Dhabi", "", False),
    ]
    assert matching.status == "partial" and matching.key[1].match_html == "approach"
    ordering = review_question(ORDERING, [1, 0, 2], True, False, ())
    assert [(line.html, line.is_right) for line in ordering.answer] == [
        ("second", None),
        ("first", None),
        ("third", None),
    ]
    assert review_question(ORDERING, None, True, True, ()).answer == ()
