"""A valid tree loads into plain values the web side can show, grade and store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from learnapp.domain.content import (
    Block,
    CompletionRule,
    GradingMethod,
    Module,
    Purpose,
    ReviewPolicy,
    Sensitivity,
    localised,
)
from learnapp.domain.loader import load_tree
from learnapp.domain.question_choice import SingleChoice
from learnapp.domain.question_lists import Matching
from learnapp.domain.question_survey import Rating
from learnapp.domain.question_typed import Numeric
from learnapp.domain.summary import summarize
from tests.domain.module_tree import LESSON, MODULE_YAML, QUIZ, QUIZ_RU, load, write_tree

FULL_QUIZ = """\
---
title: Check your understanding
purpose: post_test
pass_mark: 75
attempts: 3
grading: average
time_limit_minutes: 20
shuffle: true
pool: 2
review: correctness
bands:
  - min: 70
    text: Well done.
  - min: 0
    text: Re-read the lessons.
---

## pillars-count (single)
How many **pillars**?

- [ ] Two
  > No: count them.
- [x] Four
  > Correct.

Points: 2
Feedback: See lesson 2.
It has a section on this.

## year (numeric)
Which year?

Answer: 2011
Tolerance: 1

## documents-topics (matching)
Match.

- Rome Memorandum => rehabilitation
- Abu Dhabi Memorandum => education
"""

LESSON_WITH_BLOCKS = """\
---
title: Definitions
minutes: 12
summary: What the words mean.
---

Intro with a note[^1].

::: reflection first-signs
Think of a *young person*.
:::

Between the blocks.

::: scenario step-1
What should the teacher do?
--- commentary
Stay in contact.
:::

[^1]: The footnote.
"""


def module_of(tmp_path: Path, files: dict[str, str | bytes | None]) -> Module:
    result = load(tmp_path, files)
    assert result.problems == ()
    return result.modules[0]


def test_module_metadata_is_loaded_with_defaults(tmp_path: Path) -> None:
    module = module_of(tmp_path, {})
    assert (module.id, module.order, module.default_language, module.estimated_minutes) == ("alpha", 1, "en", 30)
    assert module.sensitivity is Sensitivity.PUBLIC
    assert (module.prerequisites, module.tags) == ((), ())
    assert module.completion is CompletionRule.LESSONS
    assert module.title == {"en": "Alpha", "ru": "Альфа"}
    assert module.objectives["ru"] == ("Объяснять основы.",)


def test_module_with_a_quiz_is_completed_by_lessons_and_quiz_by_default(tmp_path: Path) -> None:
    assert module_of(tmp_path, {"01-alpha/quiz.en.md": QUIZ}).completion is CompletionRule.LESSONS_AND_QUIZ


def test_modules_come_in_catalogue_order(tmp_path: Path) -> None:
    second = MODULE_YAML.replace("id: alpha", "id: beta").replace("order: 1", "order: 0")
    result = load(tmp_path, {"02-beta/module.yaml": second, "02-beta/lessons/01-a.en.md": LESSON})
    assert [module.id for module in result.modules] == ["beta", "alpha"]


def test_lessons_follow_file_name_order_and_hold_each_language(tmp_path: Path) -> None:
    files = {"01-alpha/lessons/02-next.en.md": LESSON, "01-alpha/lessons/01-intro.ru.md": LESSON}
    lessons = module_of(tmp_path, files).lessons
    assert [(lesson.id, lesson.position, sorted(lesson.texts)) for lesson in lessons] == [
        ("01-intro", 1, ["en", "ru"]),
        ("02-next", 2, ["en"]),
    ]


def test_missing_translation_falls_back_to_the_default_language_and_says_so(tmp_path: Path) -> None:
    module = module_of(tmp_path, {})
    text, is_fallback = localised(module.lessons[0].texts, "ky", module.default_language)
    assert text.language == "en"
    assert is_fallback


def test_lesson_body_keeps_prose_and_blocks_in_order(tmp_path: Path) -> None:
    text = module_of(tmp_path, {"01-alpha/lessons/01-intro.en.md": LESSON_WITH_BLOCKS}).lessons[0].texts["en"]
    assert [type(part).__name__ for part in text.parts] == ["str", "Block", "str", "Block", "str"]
    assert text.blocks == (
        Block("reflection", "first-signs", 9, "<p>Think of a <em>young person</em>.</p>"),
        Block("scenario", "step-1", 15, "<p>What should the teacher do?</p>", "<p>Stay in contact.</p>"),
    )
    assert (text.title, text.summary, text.minutes) == ("Definitions", "What the words mean.", 12)


def test_footnote_defined_at_the_end_works_before_a_block(tmp_path: Path) -> None:
    text = module_of(tmp_path, {"01-alpha/lessons/01-intro.en.md": LESSON_WITH_BLOCKS}).lessons[0].texts["en"]
    first = text.parts[0]
    assert isinstance(first, str)
    assert 'href="#fn:1"' in first
    assert "The footnote." in text.html


def test_lesson_minutes_are_estimated_at_200_words_a_minute(tmp_path: Path) -> None:
    lesson = "---\ntitle: Long\n---\n\n" + "word " * 401
    text = module_of(tmp_path, {"01-alpha/lessons/01-intro.en.md": lesson}).lessons[0].texts["en"]
    assert text.minutes == 3


def test_quiz_settings_and_bands_are_loaded(tmp_path: Path) -> None:
    quiz = module_of(tmp_path, {"01-alpha/quiz.en.md": FULL_QUIZ}).quiz
    assert quiz is not None
    settings = quiz.settings
    assert (settings.purpose, settings.pass_mark, settings.attempts) == (Purpose.POST_TEST, 75.0, 3)
    assert (settings.grading, settings.time_limit_minutes, settings.shuffle) == (GradingMethod.AVERAGE, 20, True)
    assert (settings.pool, settings.review) == (2, ReviewPolicy.CORRECTNESS)
    assert [band.min for band in quiz.texts["en"].bands] == [0, 70]
    assert quiz.question_ids == ("pillars-count", "year", "documents-topics")


def test_quiz_defaults_apply_to_settings_left_out(tmp_path: Path) -> None:
    quiz = module_of(tmp_path, {"01-alpha/quiz.en.md": QUIZ}).quiz
    assert quiz is not None
    assert quiz.settings.purpose is Purpose.KNOWLEDGE_CHECK
    assert (quiz.settings.attempts, quiz.settings.pool, quiz.settings.shuffle) == (0, 0, False)
    assert quiz.settings.review is ReviewPolicy.AFTER_LAST_ATTEMPT


def test_choice_question_is_loaded_with_choice_feedback_points_and_feedback(tmp_path: Path) -> None:
    quiz = module_of(tmp_path, {"01-alpha/quiz.en.md": FULL_QUIZ}).quiz
    assert quiz is not None
    question = quiz.texts["en"].questions[0]
    assert question.text_html == "<p>How many <strong>pillars</strong>?</p>"
    assert question.points == 2.0
    assert question.feedback_html == "<p>See lesson 2.\nIt has a section on this.</p>"
    assert isinstance(question.spec, SingleChoice)
    assert [(c.id, c.html, c.is_correct, c.feedback_html) for c in question.spec.choices] == [
        (0, "Two", False, "<p>No: count them.</p>"),
        (1, "Four", True, "<p>Correct.</p>"),
    ]
    assert question.grade(1).is_correct


def test_numeric_and_matching_questions_are_loaded(tmp_path: Path) -> None:
    quiz = module_of(tmp_path, {"01-alpha/quiz.en.md": FULL_QUIZ}).quiz
    assert quiz is not None
    year, matching = quiz.texts["en"].questions[1:]
    assert year.spec == Numeric(Decimal(2011), Decimal(1))
    assert year.grade("2012").is_correct
    assert isinstance(matching.spec, Matching)
    assert [pair.right_html for pair in matching.spec.pairs] == ["rehabilitation", "education"]


def test_translated_quiz_shares_question_ids_and_keeps_its_own_text(tmp_path: Path) -> None:
    quiz = module_of(tmp_path, {"01-alpha/quiz.en.md": QUIZ, "01-alpha/quiz.ru.md": QUIZ_RU}).quiz
    assert quiz is not None
    assert quiz.texts["ru"].title == "Проверка"
    assert quiz.texts["ru"].questions[0].id == quiz.texts["en"].questions[0].id == "pick-one"


def test_survey_is_anonymous_by_default_and_its_rating_keeps_its_labels(tmp_path: Path) -> None:
    survey_text = (
        "---\ntitle: Evaluation\n---\n\n## overall (rating)\nOverall?\n\nScale: 1-5\nLabels: Poor | Excellent\n"
    )
    survey = module_of(tmp_path, {"01-alpha/survey.en.md": survey_text}).survey
    assert survey is not None
    assert survey.is_anonymous
    assert survey.texts["en"].questions[0].spec == Rating(1, 5, ("Poor", "Excellent"))


def test_images_are_served_from_the_media_base_of_their_module(tmp_path: Path) -> None:
    lesson = "---\ntitle: Pictures\n---\n\n![Map](media/map.png)\n"
    root = write_tree(tmp_path, {"01-alpha/lessons/01-intro.en.md": lesson, "01-alpha/media/map.png": b"png"})
    module = load_tree(root, media_base="/media/{module_id}/").modules[0]
    assert 'src="/media/alpha/media/map.png"' in module.lessons[0].texts["en"].html


def test_unchanged_module_keeps_its_content_hash(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {})
    assert load_tree(root).modules[0].content_hash == load_tree(root).modules[0].content_hash


def test_changing_a_byte_or_a_file_name_changes_the_content_hash(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {})
    before = load_tree(root).modules[0].content_hash
    lesson = root / "01-alpha/lessons/01-intro.en.md"
    lesson.write_text(LESSON.replace("Some", "Same"), encoding="utf-8")
    edited = load_tree(root).modules[0].content_hash
    lesson.rename(root / "01-alpha/lessons/01-start.en.md")
    renamed = load_tree(root).modules[0].content_hash
    assert len({before, edited, renamed}) == 3


def test_hidden_files_do_not_change_the_content_hash(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {})
    before = load_tree(root).modules[0].content_hash
    (root / "01-alpha/.DS_Store").write_bytes(b"junk")
    assert load_tree(root).modules[0].content_hash == before


def test_summary_counts_lessons_and_questions_per_language(tmp_path: Path) -> None:
    files = {"01-alpha/lessons/01-intro.ru.md": LESSON, "01-alpha/quiz.en.md": QUIZ, "01-alpha/quiz.ru.md": QUIZ_RU}
    summary = summarize(module_of(tmp_path, files))
    assert summary.languages == ("en", "ru")
    assert str(summary) == f"alpha ({tmp_path}/modules/01-alpha): lessons en 1, ru 1; quiz en 1, ru 1; survey none"
