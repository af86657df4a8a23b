"""Completion rules and knowledge-gain arithmetic."""

from __future__ import annotations

import pytest

from learnapp.domain.completion import (
    QuizRecord,
    is_module_complete,
    is_quiz_done,
    knowledge_gain,
    mean_normalised_gain,
    question_gains,
)
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose

LESSONS = ("01-a", "02-b")


def record(*percents: float, purpose: Purpose = Purpose.KNOWLEDGE_CHECK) -> QuizRecord:
    return QuizRecord(purpose, 70, GradingMethod.HIGHEST, percents)


def test_lessons_rule_is_met_when_every_lesson_is_read() -> None:
    assert is_module_complete(CompletionRule.LESSONS, LESSONS, {"01-a", "02-b"}, None)
    assert not is_module_complete(CompletionRule.LESSONS, LESSONS, {"01-a"}, None)


def test_quiz_rule_is_met_when_the_grade_over_attempts_reaches_the_pass_mark() -> None:
    assert is_module_complete(CompletionRule.QUIZ, LESSONS, set(), record(50, 75))
    assert not is_module_complete(CompletionRule.QUIZ, LESSONS, set(), record(50, 65))


def test_pre_test_counts_once_submitted_whatever_the_score() -> None:
    assert is_quiz_done(record(5, purpose=Purpose.PRE_TEST))
    assert not is_quiz_done(record(purpose=Purpose.PRE_TEST))


def test_post_test_must_be_passed() -> None:
    assert not is_quiz_done(record(40, purpose=Purpose.POST_TEST))


def test_lessons_and_quiz_rule_needs_both() -> None:
    rule = CompletionRule.LESSONS_AND_QUIZ
    assert is_module_complete(rule, LESSONS, set(LESSONS), record(80))
    assert not is_module_complete(rule, LESSONS, {"01-a"}, record(80))
    assert not is_module_complete(rule, LESSONS, set(LESSONS), record(10))


def test_rule_needing_a_quiz_is_never_met_without_one() -> None:
    assert not is_module_complete(CompletionRule.LESSONS_AND_QUIZ, LESSONS, set(LESSONS), None)


def test_knowledge_gain_is_the_difference_and_the_share_of_what_was_left_to_learn() -> None:
    gain = knowledge_gain(40, 70)
    assert gain.gain == 30
    assert gain.normalised == pytest.approx(0.5)


def test_normalised_gain_is_negative_when_the_post_test_is_worse() -> None:
    assert knowledge_gain(50, 25).normalised == pytest.approx(-0.5)


def test_normalised_gain_is_undefined_after_a_perfect_pre_test() -> None:
    gain = knowledge_gain(100, 90)
    assert gain.gain == -10
    assert gain.normalised is None


def test_normalised_gain_from_zero_is_the_post_test_share() -> None:
    assert knowledge_gain(0, 100).normalised == 1.0


def test_average_normalised_gain_leaves_out_undefined_ones() -> None:
    gains = [knowledge_gain(40, 70), knowledge_gain(100, 100), knowledge_gain(0, 0)]
    assert mean_normalised_gain(gains) == pytest.approx(0.25)
    assert mean_normalised_gain([knowledge_gain(100, 100)]) is None


@pytest.mark.parametrize(("pre", "post"), [(-1, 50), (50, 101)])
def test_scores_outside_zero_to_hundred_are_refused(pre: float, post: float) -> None:
    with pytest.raises(ValueError, match="percentages"):
        knowledge_gain(pre, post)


def test_question_gains_pair_pre_and_post_test_questions_by_id() -> None:
    gains = question_gains({"pillars": 0.0, "only-pre": 50.0}, {"pillars": 100.0, "only-post": 10.0})
    assert set(gains) == {"pillars"}
    assert gains["pillars"].normalised == 1.0
