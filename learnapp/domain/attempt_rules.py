"""Rules of an attempt at a quiz or survey: whether it may start, what it shows, when time is up, how it is graded.

Plain values in, plain values out: the web layer reads the rows, these functions decide.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from learnapp.domain.content import Purpose
from learnapp.domain.grading import QuestionScore, draw_pool, is_passed, quiz_percent, shuffled
from learnapp.domain.question_base import Grade, GradedSpec, Spec

# Answers are still accepted this long after the deadline, for a slow link or a late click.
GRACE = timedelta(seconds=30)
QUIZ = "quiz"
SURVEY = "survey"


class Refusal(StrEnum):
    """Why a new attempt cannot start."""

    LOCKED = "locked"
    PRE_TEST_FIRST = "pre_test_first"
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    ALREADY_ANSWERED = "already_answered"


@dataclass(frozen=True)
class StartContext:
    """What decides whether a trainee may start a new attempt (an open one is always resumed instead)."""

    kind: str
    purpose: Purpose | None
    attempts_allowed: int
    attempts_used: int
    missing_prerequisites: tuple[str, ...] = ()
    pending_pre_test: str | None = None


@dataclass(frozen=True)
class AttemptResult:
    """A graded attempt: the percentage, pass or fail, and each question's grade by id."""

    percent: float
    is_passed: bool
    grades: Mapping[str, Grade]


def start_refusal(context: StartContext) -> Refusal | None:
    """The reason a new attempt may not start, or None when it may.

    A module is locked until its prerequisites are completed; a quiz other than a pre-test waits until every
    pre-test has been submitted; a quiz allows ``attempts_allowed`` attempts (0 = unlimited), across versions;
    a survey is answered once.
    """
    if context.missing_prerequisites:
        return Refusal.LOCKED
    if context.kind == QUIZ and context.purpose is not Purpose.PRE_TEST and context.pending_pre_test:
        return Refusal.PRE_TEST_FIRST
    if context.kind == SURVEY:
        return Refusal.ALREADY_ANSWERED if context.attempts_used else None
    if context.attempts_allowed and context.attempts_used >= context.attempts_allowed:
        return Refusal.NO_ATTEMPTS_LEFT
    return None


def deadline_for(started_at: datetime, time_limit_minutes: int) -> datetime | None:
    """When an attempt's time runs out; None without a time limit."""
    return started_at + timedelta(minutes=time_limit_minutes) if time_limit_minutes > 0 else None


def is_time_up(deadline_at: datetime | None, now: datetime) -> bool:
    """True once the deadline and the grace period have passed: answers are refused, the attempt is graded."""
    return deadline_at is not None and now > deadline_at + GRACE


def seconds_left(deadline_at: datetime | None, now: datetime) -> int | None:
    """Whole seconds until the deadline (never negative); None without a time limit."""
    if deadline_at is None:
        return None
    return max(0, math.ceil((deadline_at - now).total_seconds()))


def draw_questions(
    question_ids: Sequence[str], pool_size: int, seed: str, used: Collection[str], is_shuffled: bool
) -> tuple[str, ...]:
    """The questions of a new attempt, in the order shown: drawn from the pool, then shuffled if asked."""
    drawn = draw_pool(question_ids, pool_size, seed, used)
    return shuffled(drawn, seed) if is_shuffled else drawn


def display_order(count: int, seed: str, salt: str, must_move: bool = False) -> tuple[int, ...]:
    """A fixed order of ``count`` ids for one question of one attempt, the same on every reload.

    With ``must_move`` (matching and ordering, whose written order is the answer) the written order is never
    shown as is.
    """
    order = shuffled(range(count), f"{seed}:{salt}")
    if must_move and count > 1 and order == tuple(range(count)):
        order = order[1:] + order[:1]
    return order


def unanswered_numbers(question_ids: Sequence[str], answered: Collection[str]) -> tuple[int, ...]:
    """The numbers (from 1, in the attempt's order) of the questions without a saved answer."""
    return tuple(number for number, ident in enumerate(question_ids, start=1) if ident not in answered)


def grade_attempt(
    questions: Mapping[str, tuple[Spec, float]], answers: Mapping[str, object], pass_mark: float
) -> AttemptResult:
    """Grade every graded question of an attempt (unanswered earn nothing) and the attempt as a whole."""
    grades = {
        ident: spec.grade(answers.get(ident))
        for ident, (spec, _points) in questions.items()
        if isinstance(spec, GradedSpec)
    }
    percent = quiz_percent(QuestionScore(grade.fraction, questions[ident][1]) for ident, grade in grades.items())
    return AttemptResult(percent, is_passed(percent, pass_mark), grades)


@dataclass(frozen=True)
class ReviewLine:
    """One line of a reviewed answer: a choice, a pair, an item in its place, a typed answer or a truth value.

    ``html`` and ``match_html`` are stored sanitised HTML; ``text`` is what the trainee typed. ``is_key`` and
    ``is_right`` are only set when the review policy shows the correct answers.
    """

    html: str = ""
    match_html: str = ""
    text: str = ""
    truth: bool | None = None
    is_pair: bool = False
    is_picked: bool = False
    is_key: bool = False
    is_right: bool | None = None
    feedback_html: str = ""


@dataclass(frozen=True)
class QuestionReview:
    """What the trainee sees of one question after submitting, under the quiz's review policy."""

    status: str | None
    fraction: float | None
    answer: tuple[ReviewLine, ...]
    key: tuple[ReviewLine, ...]


def answer_status(grade: Grade, is_answered: bool) -> str:
    """``correct``, ``partial``, ``incorrect`` or ``unanswered``."""
    if not is_answered:
        return "unanswered"
    if grade.is_correct:
        return "correct"
    return "partial" if grade.fraction > 0 else "incorrect"


def review_question(
    spec: GradedSpec, answer: object, shows_correctness: bool, shows_key: bool, order: Sequence[int]
) -> QuestionReview:
    """Review one graded question; ``order`` is the order its choices were shown in (if it has choices)."""
    grade = spec.grade(answer)
    lines, key = _REVIEWERS[spec.kind](spec, answer, grade, shows_key, order)
    status = answer_status(grade, answer is not None) if shows_correctness else None
    return QuestionReview(status, grade.fraction if shows_correctness else None, lines, key if shows_key else ())


Lines = tuple[tuple[ReviewLine, ...], tuple[ReviewLine, ...]]


def _review_choices(spec: Any, answer: object, grade: Grade, shows_key: bool, order: Sequence[int]) -> Lines:
    picked = set(answer) if isinstance(answer, list) else {answer}
    choices = [spec.choices[index] for index in order]
    lines = tuple(
        ReviewLine(
            html=choice.html,
            is_picked=choice.id in picked,
            is_key=shows_key and choice.is_correct,
            feedback_html=choice.feedback_html if shows_key and choice.id in picked else "",
        )
        for choice in choices
    )
    return lines, ()


def _review_truth(spec: Any, answer: object, grade: Grade, shows_key: bool, order: Sequence[int]) -> Lines:
    given = (ReviewLine(truth=answer),) if isinstance(answer, bool) else ()
    return given, (ReviewLine(truth=spec.answer),)


def _review_typed(spec: Any, answer: object, grade: Grade, shows_key: bool, order: Sequence[int]) -> Lines:
    given = (ReviewLine(text=str(answer)),) if answer is not None else ()
    if spec.kind == "short":
        return given, (ReviewLine(text=spec.accepted[0]),)
    tolerance = f" ± {spec.tolerance}" if spec.tolerance else ""
    return given, (ReviewLine(text=f"{spec.answer}{tolerance}"),)


def _review_matching(spec: Any, answer: object, grade: Grade, shows_key: bool, order: Sequence[int]) -> Lines:
    rights = {pair.id: pair.right_html for pair in spec.pairs}
    picks = answer if isinstance(answer, list) else []
    lines = tuple(
        ReviewLine(
            html=pair.left_html,
            match_html=rights.get(_at(picks, index), ""),
            is_pair=True,
            is_right=grade.parts[index] if shows_key else None,
        )
        for index, pair in enumerate(spec.pairs)
    )
    return lines, tuple(
        ReviewLine(html=pair.left_html, match_html=pair.right_html, is_pair=True) for pair in spec.pairs
    )


def _review_ordering(spec: Any, answer: object, grade: Grade, shows_key: bool, order: Sequence[int]) -> Lines:
    items = {item.id: item.html for item in spec.items}
    placed = answer if isinstance(answer, list) else []
    lines = tuple(
        ReviewLine(html=items.get(_at(placed, index), ""), is_right=part if shows_key else None)
        for index, part in enumerate(grade.parts)
    )
    return (lines if placed else ()), tuple(ReviewLine(html=item.html) for item in spec.items)


def _at(items: Sequence[Any], index: int) -> Any:
    return items[index] if index < len(items) else None


_REVIEWERS = {
    "single": _review_choices,
    "multiple": _review_choices,
    "truefalse": _review_truth,
    "short": _review_typed,
    "numeric": _review_typed,
    "matching": _review_matching,
    "ordering": _review_ordering,
}
