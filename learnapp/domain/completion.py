"""Completion rules and knowledge gain, over plain values."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.grading import attempts_grade, is_passed


@dataclass(frozen=True)
class QuizRecord:
    """A trainee's submitted attempts at a module's quiz (percentages, oldest first) and the quiz's rules."""

    purpose: Purpose
    pass_mark: float
    grading: GradingMethod
    attempt_percents: tuple[float, ...] = ()


@dataclass(frozen=True)
class Gain:
    """Knowledge gain between a pre-test and a post-test score (percentages).

    ``normalised`` is (post - pre) / (100 - pre): the share of what there was to learn that was learned. It is
    None when the pre-test score is 100, since nothing was left to gain; averages leave such trainees out.
    """

    pre: float
    post: float
    gain: float
    normalised: float | None


def is_quiz_done(record: QuizRecord) -> bool:
    """A pre-test counts once submitted; any other quiz once its grade over attempts reaches the pass mark."""
    if record.purpose is Purpose.PRE_TEST:
        return bool(record.attempt_percents)
    return is_passed(attempts_grade(record.attempt_percents, record.grading), record.pass_mark)


def is_module_complete(
    rule: CompletionRule, lesson_ids: Collection[str], read_ids: Collection[str], quiz: QuizRecord | None
) -> bool:
    """Apply a module's completion rule; a rule that needs a quiz is never met by a module without one."""
    lessons_done = all(lesson_id in read_ids for lesson_id in lesson_ids)
    quiz_done = quiz is not None and is_quiz_done(quiz)
    if rule is CompletionRule.LESSONS:
        return lessons_done
    if rule is CompletionRule.QUIZ:
        return quiz_done
    return lessons_done and quiz_done


def knowledge_gain(pre: float, post: float) -> Gain:
    """Compute the gain and the normalised gain; scores must be percentages from 0 to 100."""
    for score in (pre, post):
        if not 0 <= score <= 100:
            raise ValueError(f"scores are percentages from 0 to 100, not {score}")
    normalised = None if pre >= 100 else (post - pre) / (100 - pre)
    return Gain(pre, post, post - pre, normalised)


def mean_normalised_gain(gains: Iterable[Gain]) -> float | None:
    """Average the defined normalised gains; None when there is none to average."""
    values = [gain.normalised for gain in gains if gain.normalised is not None]
    return math.fsum(values) / len(values) if values else None


def question_gains(pre: Mapping[str, float], post: Mapping[str, float]) -> dict[str, Gain]:
    """Pair pre-test and post-test question scores (percentages) by question id, as reports do."""
    return {ident: knowledge_gain(pre[ident], post[ident]) for ident in pre.keys() & post.keys()}
