"""Grading a quiz: score, grade over attempts, pass/fail, feedback band, and the question pool draw."""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from learnapp.domain.content import Band, GradingMethod, ReviewPolicy

T = TypeVar("T")

# Percentages are rounded to this many places so that float noise (69.99999999) never fails a pass mark.
PERCENT_PLACES = 6


@dataclass(frozen=True)
class QuestionScore:
    """A graded question: the fraction earned (0 to 1) and the points it is worth."""

    fraction: float
    points: float


@dataclass(frozen=True)
class ReviewVisibility:
    """What a trainee sees after submitting, under a review policy.

    ``is_held_back`` says the right answers and feedback exist but wait for the last attempt or a pass.
    """

    shows_score: bool
    shows_correctness: bool
    shows_feedback: bool
    is_held_back: bool = False


@dataclass(frozen=True)
class QuizStanding:
    """Where the trainee stands with a quiz when they open a review.

    Attempts left (None: unlimited), whether one is in progress, and whether any attempt has passed.
    """

    attempts_left: int | None
    has_open_attempt: bool
    has_passed: bool

    @property
    def is_settled(self) -> bool:
        """Passed, or every attempt used and none in progress: the right answers can no longer help a retry."""
        return self.has_passed or (self.attempts_left == 0 and not self.has_open_attempt)


def quiz_percent(scores: Iterable[QuestionScore]) -> float:
    """Return the sum of scores over the sum of points, as a percentage; a quiz worth nothing scores 0."""
    items = list(scores)
    total = math.fsum(item.points for item in items)
    if total <= 0:
        return 0.0
    earned = math.fsum(min(max(item.fraction, 0.0), 1.0) * item.points for item in items)
    return round(100 * earned / total, PERCENT_PLACES)


def attempts_grade(percents: Sequence[float], method: GradingMethod) -> float | None:
    """Combine attempt percentages (oldest first) by the quiz's method; None before any attempt."""
    if not percents:
        return None
    if method is GradingMethod.HIGHEST:
        return max(percents)
    if method is GradingMethod.LAST:
        return percents[-1]
    if method is GradingMethod.FIRST:
        return percents[0]
    return round(math.fsum(percents) / len(percents), PERCENT_PLACES)


def is_passed(grade: float | None, pass_mark: float) -> bool:
    """A grade at or above the pass mark passes; no grade (no attempt) never does."""
    return grade is not None and grade >= pass_mark


def band_text(bands: Iterable[Band], percent: float) -> str | None:
    """Return the text of the band with the highest ``min`` at or below the score, if any."""
    reached = [band for band in bands if band.min <= percent]
    return max(reached, key=lambda band: band.min).text if reached else None


def attempts_left(allowed: int, used: int) -> int | None:
    """Attempts still allowed; None means unlimited (``attempts: 0``)."""
    return None if allowed == 0 else max(allowed - used, 0)


def review_visibility(policy: ReviewPolicy, standing: QuizStanding) -> ReviewVisibility:
    """Each review level adds to the one before: score, then correctness, then feedback and answers.

    ``after_last_attempt`` shows feedback and answers only once the standing is settled (see `QuizStanding`).
    """
    levels = list(ReviewPolicy)
    level = levels.index(policy)
    is_held_back = policy is ReviewPolicy.AFTER_LAST_ATTEMPT and not standing.is_settled
    return ReviewVisibility(
        shows_score=level >= levels.index(ReviewPolicy.SCORE),
        shows_correctness=level >= levels.index(ReviewPolicy.CORRECTNESS),
        shows_feedback=level >= levels.index(ReviewPolicy.AFTER_LAST_ATTEMPT) and not is_held_back,
        is_held_back=is_held_back,
    )


def draw_pool(
    question_ids: Sequence[str],
    size: int,
    seed: int | str,
    used: Collection[str] = (),
) -> tuple[str, ...]:
    """Draw ``size`` question ids (0 = all) for an attempt, the same for the same seed.

    Ids used in previous attempts are drawn only when too few unused ones remain. The draw keeps the
    quiz's order; shuffling, if the quiz asks for it, is a separate step (``shuffled``).
    """
    if size <= 0 or size >= len(question_ids):
        return tuple(question_ids)
    rng = random.Random(seed)
    fresh = [ident for ident in question_ids if ident not in used]
    stale = [ident for ident in question_ids if ident in used]
    chosen = {*rng.sample(fresh, min(size, len(fresh))), *rng.sample(stale, max(size - len(fresh), 0))}
    return tuple(ident for ident in question_ids if ident in chosen)


def shuffled(items: Sequence[T], seed: int | str) -> tuple[T, ...]:
    """Return the items in an order fixed by the seed, so a reloaded attempt shows the same order."""
    order = list(items)
    random.Random(seed).shuffle(order)
    return tuple(order)
