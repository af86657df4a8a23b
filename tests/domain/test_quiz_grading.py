"""Quiz scores, grades over attempts, pass marks, feedback bands and the question pool."""

from __future__ import annotations

import pytest

from learnapp.domain.content import Band, GradingMethod, ReviewPolicy
from learnapp.domain.grading import (
    QuestionScore,
    QuizStanding,
    attempts_grade,
    attempts_left,
    band_text,
    draw_pool,
    is_passed,
    quiz_percent,
    review_visibility,
    shuffled,
)

IDS = tuple(f"q{index}" for index in range(10))
BANDS = (Band(70, "Well done."), Band(0, "Re-read the lessons."), Band(90, "Excellent."))


def test_quiz_score_is_points_earned_over_points_possible_as_a_percentage() -> None:
    scores = [QuestionScore(1.0, 2), QuestionScore(0.5, 1), QuestionScore(0.0, 1)]
    assert quiz_percent(scores) == 62.5


def test_quiz_score_is_exact_enough_to_pass_at_the_mark() -> None:
    scores = [QuestionScore(1.0, 1)] * 7 + [QuestionScore(0.0, 1)] * 3
    assert is_passed(quiz_percent(scores), 70)


def test_quiz_without_points_scores_zero() -> None:
    assert quiz_percent([]) == 0.0


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (GradingMethod.HIGHEST, 80.0),
        (GradingMethod.LAST, 60.0),
        (GradingMethod.FIRST, 40.0),
        (GradingMethod.AVERAGE, 60.0),
    ],
)
def test_grade_over_attempts_follows_the_quiz_method(method: GradingMethod, expected: float) -> None:
    assert attempts_grade([40.0, 80.0, 60.0], method) == expected


def test_no_attempt_has_no_grade_and_does_not_pass() -> None:
    assert attempts_grade([], GradingMethod.HIGHEST) is None
    assert not is_passed(None, 0)


def test_pass_mark_is_reached_at_or_above_it() -> None:
    assert is_passed(70.0, 70)
    assert not is_passed(69.9, 70)


@pytest.mark.parametrize(
    ("score", "text"),
    [(0, "Re-read the lessons."), (69.9, "Re-read the lessons."), (70, "Well done."), (100, "Excellent.")],
)
def test_band_with_the_highest_min_at_or_below_the_score_applies(score: float, text: str) -> None:
    assert band_text(BANDS, score) == text


def test_score_below_every_band_gets_no_band_text() -> None:
    assert band_text([Band(50, "Half.")], 10) is None


def test_attempts_left_counts_down_and_zero_allowed_means_unlimited() -> None:
    assert attempts_left(3, 1) == 2
    assert attempts_left(3, 5) == 0
    assert attempts_left(0, 99) is None


UNSETTLED = QuizStanding(attempts_left=2, has_open_attempt=False, has_passed=False)
SETTLED = QuizStanding(attempts_left=0, has_open_attempt=False, has_passed=False)


@pytest.mark.parametrize("standing", [UNSETTLED, SETTLED])
@pytest.mark.parametrize(
    ("policy", "score", "correctness", "feedback"),
    [
        (ReviewPolicy.NONE, False, False, False),
        (ReviewPolicy.SCORE, True, False, False),
        (ReviewPolicy.CORRECTNESS, True, True, False),
        (ReviewPolicy.FULL, True, True, True),
    ],
)
def test_each_review_policy_shows_more_than_the_one_before_whatever_the_attempts(
    policy: ReviewPolicy, score: bool, correctness: bool, feedback: bool, standing: QuizStanding
) -> None:
    visible = review_visibility(policy, standing)
    assert (visible.shows_score, visible.shows_correctness, visible.shows_feedback) == (score, correctness, feedback)
    assert not visible.is_held_back


@pytest.mark.parametrize(
    ("attempts_left", "has_open_attempt", "has_passed", "shows_answers"),
    [
        (2, False, False, False),  # failed, attempts left: the answers would help the retry
        (None, False, False, False),  # unlimited attempts, never passed
        (0, True, False, False),  # the last attempt is in progress
        (0, False, False, True),  # every attempt used
        (2, False, True, True),  # passed with attempts left
        (None, False, True, True),  # passed, unlimited attempts
        (1, True, True, True),  # passed earlier, another attempt in progress
    ],
)
def test_after_last_attempt_shows_answers_only_after_the_last_attempt_or_a_pass(
    attempts_left: int | None, has_open_attempt: bool, has_passed: bool, shows_answers: bool
) -> None:
    standing = QuizStanding(attempts_left, has_open_attempt, has_passed)
    visible = review_visibility(ReviewPolicy.AFTER_LAST_ATTEMPT, standing)
    assert (visible.shows_score, visible.shows_correctness) == (True, True)
    assert visible.shows_feedback is shows_answers
    assert visible.is_held_back is not shows_answers


def test_pool_draws_the_requested_number_of_questions_in_quiz_order() -> None:
    drawn = draw_pool(IDS, 4, seed="attempt-1")
    assert len(drawn) == 4
    assert list(drawn) == [ident for ident in IDS if ident in drawn]


def test_pool_draw_is_the_same_for_the_same_seed() -> None:
    assert draw_pool(IDS, 4, seed=17) == draw_pool(IDS, 4, seed=17)


def test_pool_of_zero_or_of_all_questions_draws_every_question() -> None:
    assert draw_pool(IDS, 0, seed=1) == IDS
    assert draw_pool(IDS, 10, seed=1) == IDS


def test_pool_does_not_repeat_questions_across_attempts_while_enough_unused_remain() -> None:
    first = draw_pool(IDS, 4, seed="a")
    second = draw_pool(IDS, 4, seed="b", used=first)
    assert not set(first) & set(second)


def test_pool_reuses_questions_only_when_too_few_unused_remain() -> None:
    used = set(draw_pool(IDS, 4, seed="a")) | set(draw_pool(IDS, 4, seed="b", used=draw_pool(IDS, 4, seed="a")))
    third = draw_pool(IDS, 4, seed="c", used=used)
    assert len(third) == 4
    assert set(IDS) - used <= set(third)


def test_shuffle_is_a_permutation_fixed_by_the_seed() -> None:
    order = shuffled(IDS, seed="attempt-7")
    assert sorted(order) == sorted(IDS)
    assert order == shuffled(IDS, seed="attempt-7")
