"""The shipped curriculum: complete in English and Russian, the right size, with sources, and checkable.

`flask modules stats` prints the same table as `test_the_curriculum_table` (run pytest with -s to see it here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from learnapp.domain.curriculum_stats import module_stats, stats_table
from learnapp.domain.loader import load_tree

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "ru")
# Russian takes fewer words than English for the same text (no articles, richer inflection): about 0.9 here.
# A translation under 70 % of its original's words is a summary, not a translation.
MIN_TRANSLATION_RATIO = 0.7


@pytest.fixture(scope="module")
def curriculum():
    result = load_tree(ROOT / "modules")
    assert [str(problem) for problem in result.problems] == []
    return result.modules


@pytest.fixture(scope="module")
def stats(curriculum):
    return {(row.module_id, row.language): row for module in curriculum for row in module_stats(module, LANGUAGES)}


def test_the_curriculum_table(curriculum, stats):
    print("\n" + stats_table(stats.values()))
    assert len(curriculum) == 8
    assert [module.order for module in curriculum] == list(range(8))


def test_every_lesson_and_question_exists_in_both_languages(curriculum, stats):
    for module in curriculum:
        en, ru = stats[module.id, "en"], stats[module.id, "ru"]
        assert (en.lessons, en.questions) == (ru.lessons, ru.questions), module.id
        assert [lesson_id for lesson_id, _ in en.lesson_words] == [lesson_id for lesson_id, _ in ru.lesson_words]


def test_no_translation_is_far_shorter_than_its_original(stats):
    for (module_id, language), row in stats.items():
        if language == "en":
            continue
        original = dict(stats[module_id, "en"].lesson_words)
        for lesson_id, words in row.lesson_words:
            assert words >= MIN_TRANSLATION_RATIO * original[lesson_id], (module_id, lesson_id, words)


def test_each_module_has_three_to_six_lessons_of_600_to_1500_words(stats):
    for (module_id, language), row in stats.items():
        assert 3 <= row.lessons <= 6, (module_id, language, row.lessons)
        for lesson_id, words in row.lesson_words:
            assert 600 <= words <= 1500, (module_id, language, lesson_id, words)


def test_each_quiz_has_8_to_15_questions_of_several_types(curriculum):
    for module in curriculum:
        assert module.quiz is not None, module.id
        questions = module.quiz.texts["en"].questions
        assert 8 <= len(questions) <= 15, module.id
        assert len({question.kind for question in questions}) >= 3, module.id


def test_every_lesson_ends_with_its_sources(curriculum):
    headings = {"en": "## Sources and further reading", "ru": "## Источники и дополнительная литература"}
    for module in curriculum:
        for lesson in module.lessons:
            for language, text in lesson.texts.items():
                body = Path(text.path).read_text(encoding="utf-8")
                assert headings[language] in body, text.path


def test_the_post_test_measures_the_same_questions_as_the_pre_test(curriculum):
    by_purpose = {module.quiz.settings.purpose.value: module.quiz for module in curriculum if module.quiz}
    assert by_purpose["post_test"].question_ids == by_purpose["pre_test"].question_ids


def test_the_evaluation_questionnaire_is_anonymous_and_ungraded(curriculum):
    surveys = [module.survey for module in curriculum if module.survey]
    assert len(surveys) == 1 and surveys[0].is_anonymous
    assert all(not question.is_graded for question in surveys[0].texts["en"].questions)
