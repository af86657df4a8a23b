"""Progress through a module: status, percentage, next lesson, prerequisites."""

from __future__ import annotations

from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.progress import Status, missing_prerequisites, module_progress

LESSONS = ("01-a", "02-b", "03-c")


def quiz(*percents: float, purpose: Purpose = Purpose.KNOWLEDGE_CHECK) -> QuizRecord:
    return QuizRecord(purpose, 70.0, GradingMethod.HIGHEST, percents)


def test_nothing_done_is_not_started_and_points_at_the_first_lesson():
    progress = module_progress(CompletionRule.LESSONS_AND_QUIZ, LESSONS, set(), quiz(), is_completed=False)
    assert (progress.status, progress.percent, progress.next_lesson) == (Status.NOT_STARTED, 0, "01-a")


def test_lessons_and_a_passed_quiz_are_each_a_step():
    progress = module_progress(CompletionRule.LESSONS_AND_QUIZ, LESSONS, {"01-a", "02-b"}, quiz(80), False)
    assert (progress.status, progress.percent, progress.next_lesson) == (Status.IN_PROGRESS, 75, "03-c")
    assert progress.is_quiz_done


def test_a_failed_attempt_starts_the_module_but_is_not_a_step_done():
    progress = module_progress(CompletionRule.QUIZ, LESSONS, set(), quiz(40), False)
    assert (progress.status, progress.percent) == (Status.IN_PROGRESS, 0)


def test_a_lessons_only_rule_ignores_the_quiz():
    progress = module_progress(CompletionRule.LESSONS, LESSONS, {"01-a"}, quiz(), False)
    assert progress.percent == 33
    assert not progress.needs_quiz


def test_a_recorded_completion_is_complete_whatever_changed_since():
    progress = module_progress(CompletionRule.LESSONS, ("01-a", "02-new"), {"01-a"}, None, is_completed=True)
    assert (progress.status, progress.percent) == (Status.COMPLETED, 100)


def test_a_submitted_pre_test_counts_as_done_whatever_the_score():
    progress = module_progress(CompletionRule.QUIZ, (), set(), quiz(10, purpose=Purpose.PRE_TEST), False)
    assert progress.percent == 100 and progress.is_quiz_done


def test_missing_prerequisites_keep_the_listed_order():
    assert missing_prerequisites(("b", "a", "c"), {"a"}) == ("b", "c")


def steps(rule: CompletionRule, lessons: tuple[str, ...], read: set[str], record: QuizRecord | None, done=False):
    progress = module_progress(rule, lessons, read, record, done)
    return progress.steps_done, progress.steps, progress.percent, progress.counted


def test_the_lessons_rule_counts_each_lesson_and_never_the_quiz():
    assert steps(CompletionRule.LESSONS, LESSONS, set(), quiz(100)) == (0, 3, 0, "lessons")
    assert steps(CompletionRule.LESSONS, LESSONS, {"01-a", "03-c"}, quiz()) == (2, 3, 66, "lessons")
    assert steps(CompletionRule.LESSONS, LESSONS, {"01-a"}, None) == (1, 3, 33, "lessons")


def test_the_quiz_rule_counts_the_quiz_as_its_one_step_and_never_the_lessons():
    assert steps(CompletionRule.QUIZ, LESSONS, set(LESSONS), quiz(40)) == (0, 1, 0, "quiz")
    assert steps(CompletionRule.QUIZ, LESSONS, set(), quiz(40, 90)) == (1, 1, 100, "quiz")
    assert steps(CompletionRule.QUIZ, LESSONS, set(), None) == (0, 0, 0, "lessons")  # no quiz: nothing to count


def test_the_lessons_and_quiz_rule_counts_each_lesson_and_the_quiz():
    # The walkthrough's D-23: the quiz passed with 100 % and no lesson read is one step of four, not "100 %".
    assert steps(CompletionRule.LESSONS_AND_QUIZ, LESSONS, set(), quiz(100)) == (1, 4, 25, "lessons_and_quiz")
    assert steps(CompletionRule.LESSONS_AND_QUIZ, LESSONS, set(LESSONS), quiz(50)) == (3, 4, 75, "lessons_and_quiz")
    assert steps(CompletionRule.LESSONS_AND_QUIZ, (), set(), quiz(80)) == (1, 1, 100, "quiz")
    assert steps(CompletionRule.LESSONS_AND_QUIZ, LESSONS, {"01-a"}, None) == (1, 3, 33, "lessons")


def test_a_completed_module_has_every_step_done_under_every_rule():
    for rule in CompletionRule:
        done, total, percent, _ = steps(rule, LESSONS, set(), quiz(), done=True)
        assert (done, percent) == (total, 100), rule
