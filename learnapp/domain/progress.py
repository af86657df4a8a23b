"""A trainee's progress through one module, from plain values: status, percentage, next step, lock."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from learnapp.domain.completion import QuizRecord, is_quiz_done
from learnapp.domain.content import CompletionRule


class Status(StrEnum):
    """Where a trainee stands in a module."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Progress:
    """Progress in a module; `next_lesson` is the first unread lesson (None when all are read).

    `steps` are what the completion rule counts (each lesson, the quiz), `steps_done` those done: the bar and its
    text ("3 of 5 steps") show the same count; a completed module has every step done.
    """

    status: Status
    percent: int
    next_lesson: str | None
    needs_quiz: bool
    is_quiz_done: bool
    steps: int = 0
    steps_done: int = 0

    @property
    def counted(self) -> str:
        """What the steps are: "lessons", "quiz" or "lessons_and_quiz" (the rule, as this module can meet it)."""
        lessons = self.steps - (1 if self.needs_quiz else 0)
        if not self.needs_quiz:
            return CompletionRule.LESSONS.value
        return CompletionRule.LESSONS_AND_QUIZ.value if lessons else CompletionRule.QUIZ.value


def module_progress(
    rule: CompletionRule,
    lesson_ids: Sequence[str],
    read_ids: Collection[str],
    quiz: QuizRecord | None,
    is_completed: bool,
) -> Progress:
    """Count the steps the rule asks for and how many are done.

    ``lessons``: each lesson is a step; ``quiz``: the quiz is the one step (a passed quiz, or a submitted pre-test);
    ``lessons_and_quiz``: each lesson and the quiz. A module whose rule names a quiz it does not have counts its
    lessons only (``lessons_and_quiz``) or nothing (``quiz``).
    """
    needs_lessons = rule is not CompletionRule.QUIZ
    needs_quiz = rule is not CompletionRule.LESSONS and quiz is not None
    quiz_done = quiz is not None and is_quiz_done(quiz)
    read_count = sum(1 for lesson_id in lesson_ids if lesson_id in read_ids)
    steps = (len(lesson_ids) if needs_lessons else 0) + (1 if needs_quiz else 0)
    done = (read_count if needs_lessons else 0) + (1 if needs_quiz and quiz_done else 0)
    if is_completed:
        done = steps
    percent = 100 if is_completed else (100 * done // steps if steps else 0)
    started = read_count > 0 or bool(quiz and quiz.attempt_percents)
    status = Status.COMPLETED if is_completed else Status.IN_PROGRESS if started else Status.NOT_STARTED
    next_lesson = next((lesson_id for lesson_id in lesson_ids if lesson_id not in read_ids), None)
    return Progress(status, min(percent, 100), next_lesson, needs_quiz, quiz_done, steps, min(done, steps))


def missing_prerequisites(prerequisites: Sequence[str], completed: Collection[str]) -> tuple[str, ...]:
    """The prerequisite module ids not completed yet, in the order the module lists them."""
    return tuple(module_id for module_id in prerequisites if module_id not in completed)
