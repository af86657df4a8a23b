"""The checker reports what is wrong in quiz and survey files, and translations that drift from the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.domain.module_tree import QUIZ, QUIZ_RU, problems, quiz_file

EN = "01-alpha/quiz.en.md"
RU = "01-alpha/quiz.ru.md"
QUIZ_EN_PATH = f"modules/{EN}"
QUIZ_RU_PATH = f"modules/{RU}"
SURVEY = "01-alpha/survey.en.md"
BANDS_EN = "bands:\n  - min: 0\n    text: Again.\n  - min: 70\n    text: Good.\n"


def quiz_problems(tmp_path: Path, *questions: str) -> list[str]:
    """Problems of a default-language quiz holding the given questions (the first heading is on line 6)."""
    return problems(tmp_path, {EN: quiz_file(*questions)})


def survey_file(*questions: str) -> str:
    return "---\ntitle: Evaluation\n---\n\n" + "\n".join(questions)


def test_valid_quiz_and_translation_have_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ, RU: QUIZ_RU}) == []


@pytest.mark.parametrize(("choices", "found"), [("- [ ] A\n- [ ] B\n", 0), ("- [x] A\n- [x] B\n", 2)])
def test_single_choice_without_exactly_one_correct_choice_is_reported(tmp_path: Path, choices: str, found: int) -> None:
    assert quiz_problems(tmp_path, f"## a (single)\nText\n\n{choices}") == [
        f"{QUIZ_EN_PATH}:6: a single question needs exactly one correct choice '- [x]'; found {found}"
    ]


def test_multiple_choice_without_a_correct_choice_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (multiple)\nText\n\n- [ ] A\n- [ ] B\n") == [
        f"{QUIZ_EN_PATH}:6: a multiple question needs at least one correct choice '- [x]'"
    ]


def test_choice_question_with_one_choice_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (single)\nText\n\n- [x] Only\n") == [
        f"{QUIZ_EN_PATH}:6: a single question needs at least two choices '- [ ] text'"
    ]


def test_stray_line_among_choices_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (single)\nText\n\n- [ ] A\n- [x] B\nstray text\n") == [
        f"{QUIZ_EN_PATH}:11: unexpected line in a single question: expected a choice '- [ ] text' or "
        "'- [x] text', or its feedback on an indented '> text' line"
    ]


@pytest.mark.parametrize(("answer", "line"), [("", 6), ("Answer: yes\n", 9)])
def test_truefalse_without_a_true_or_false_answer_is_reported(tmp_path: Path, answer: str, line: int) -> None:
    assert quiz_problems(tmp_path, f"## a (truefalse)\nStatement.\n\n{answer}") == [
        f"{QUIZ_EN_PATH}:{line}: a truefalse question needs a line 'Answer: true' or 'Answer: false'"
    ]


def test_short_answer_without_accept_lines_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (short)\nWhich resolution?\n") == [
        f"{QUIZ_EN_PATH}:6: a short question needs at least one 'Accept: answer' line"
    ]


def test_numeric_answer_that_is_not_a_number_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (numeric)\nWhich year?\n\nAnswer: two thousand eleven\n") == [
        f"{QUIZ_EN_PATH}:9: a numeric question needs 'Answer: <number>', like 'Answer: 2011' or 'Answer: 3.5'"
    ]


def test_negative_tolerance_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (numeric)\nWhich year?\n\nAnswer: 2011\nTolerance: -1\n") == [
        f"{QUIZ_EN_PATH}:10: 'Tolerance:' must be a number of 0 or more, like 'Tolerance: 0.5'"
    ]


def test_matching_with_fewer_than_two_pairs_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (matching)\nMatch.\n\n- Rome => rehabilitation\n") == [
        f"{QUIZ_EN_PATH}:6: a matching question needs at least two pairs '- left => right'"
    ]


def test_ordering_with_fewer_than_two_items_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (ordering)\nOrder.\n\n1. Only one\n") == [
        f"{QUIZ_EN_PATH}:6: an ordering question needs at least two numbered items '1. text'"
    ]


@pytest.mark.parametrize("kind", ["rating", "text"])
def test_survey_only_types_in_a_quiz_are_reported(tmp_path: Path, kind: str) -> None:
    assert quiz_problems(tmp_path, f"## a ({kind})\nHow was it?\n\nScale: 1-5\n") == [
        f"{QUIZ_EN_PATH}:6: {kind} questions are only allowed in a survey (survey.LANG.md)"
    ]


def test_duplicate_question_ids_are_reported_at_the_second(tmp_path: Path) -> None:
    question = "## a (truefalse)\nStatement.\n\nAnswer: true\n"
    assert quiz_problems(tmp_path, question, question) == [
        f"{QUIZ_EN_PATH}:11: question id 'a' is already used on line 6: give each question its own id"
    ]


def test_bad_question_id_is_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## Q_1 (truefalse)\nStatement.\n\nAnswer: true\n") == [
        f"{QUIZ_EN_PATH}:6: question id must be lowercase latin letters, digits and single hyphens, "
        "like 'scope-and-nature', not 'Q_1'"
    ]


def test_unknown_question_type_is_reported_with_the_known_ones(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (essay)\nWrite.\n") == [
        f"{QUIZ_EN_PATH}:6: unknown question type 'essay': use one of single, multiple, truefalse, short, numeric, "
        "matching, ordering, rating, text"
    ]


def test_malformed_question_heading_is_reported_once(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a single\nText\n") == [
        f"{QUIZ_EN_PATH}:6: a question heading must be '## <id> (<type>)', like '## pillars-count (single)'"
    ]


def test_points_that_are_not_positive_are_reported(tmp_path: Path) -> None:
    assert quiz_problems(tmp_path, "## a (truefalse)\nStatement.\n\nAnswer: true\nPoints: 0\n") == [
        f"{QUIZ_EN_PATH}:10: 'Points:' must be a number greater than 0, like 'Points: 2'"
    ]


def test_quiz_without_pass_mark_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ.replace("pass_mark: 70\n", "")}) == [
        f"{QUIZ_EN_PATH}:2: missing required key 'pass_mark': add it"
    ]


def test_pool_larger_than_the_quiz_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ.replace("pass_mark: 70\n", "pass_mark: 70\npool: 3\n")}) == [
        f"{QUIZ_EN_PATH}:4: 'pool' must be at most the number of questions (1), or 0 for all; it is 3"
    ]


def test_quiz_settings_in_a_translation_are_reported(tmp_path: Path) -> None:
    translated = QUIZ_RU.replace("title: Проверка\n", "title: Проверка\npass_mark: 50\n")
    assert problems(tmp_path, {EN: QUIZ, RU: translated}) == [
        f"{QUIZ_RU_PATH}:3: setting 'pass_mark' belongs in quiz.en.md (the default language file): remove it here"
    ]


def test_band_min_values_differing_across_languages_are_reported(tmp_path: Path) -> None:
    english = QUIZ.replace("pass_mark: 70\n", "pass_mark: 70\n" + BANDS_EN)
    russian = QUIZ_RU.replace("title: Проверка\n", "title: Проверка\n" + BANDS_EN.replace("70", "60"))
    assert problems(tmp_path, {EN: english, RU: russian}) == [
        f"{QUIZ_RU_PATH}:3: band 'min' values [0, 60] differ from [0, 70] in quiz.en.md: "
        "use the same min values in every language"
    ]


def test_translation_with_other_question_ids_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ, RU: QUIZ_RU.replace("## pick-one", "## pick-two")}) == [
        f"{QUIZ_RU_PATH}:1: question 'pick-one' of quiz.en.md is missing here: translate it with the same id",
        f"{QUIZ_RU_PATH}:5: question 'pick-two' is not in quiz.en.md: every language needs the same question ids",
    ]


def test_translation_with_another_question_type_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ, RU: QUIZ_RU.replace("(single)", "(multiple)")}) == [
        f"{QUIZ_RU_PATH}:5: question 'pick-one' is multiple here but single in quiz.en.md: "
        "the type must be the same in every language"
    ]


def test_translation_with_another_number_of_choices_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ, RU: QUIZ_RU + "- [ ] Ещё\n"}) == [
        f"{QUIZ_RU_PATH}:5: question 'pick-one' has 3 choices (correct: 2) here but 2 choices (correct: 2) in "
        "quiz.en.md: keep the choices and correct answers the same in every language"
    ]


def test_translation_with_another_correct_choice_is_reported(tmp_path: Path) -> None:
    swapped = QUIZ_RU.replace("- [ ] Неверно\n- [x] Верно", "- [x] Неверно\n- [ ] Верно")
    assert problems(tmp_path, {EN: QUIZ, RU: swapped}) == [
        f"{QUIZ_RU_PATH}:5: question 'pick-one' has 2 choices (correct: 1) here but 2 choices (correct: 2) in "
        "quiz.en.md: keep the choices and correct answers the same in every language"
    ]


def test_translation_with_other_points_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ + "Points: 2\n", RU: QUIZ_RU}) == [
        f"{QUIZ_RU_PATH}:5: question 'pick-one' has 'Points: 1' here but 'Points: 2' in quiz.en.md: "
        "use the same points in every language"
    ]


def test_translated_quiz_without_the_default_language_file_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {RU: QUIZ_RU}) == [
        f"{QUIZ_RU_PATH}:1: there is no quiz.en.md for the module's default language: "
        "the settings and the reference questions live there; add it"
    ]


def test_quiz_file_name_without_a_language_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {"01-alpha/quiz.md": QUIZ}) == [
        "modules/01-alpha/quiz.md:1: the file name has no language: name it NAME.LANG.md, like quiz.en.md"
    ]


def test_text_before_the_first_question_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: QUIZ.replace("## pick-one", "Intro.\n\n## pick-one")}) == [
        f"{QUIZ_EN_PATH}:6: text before the first question is never shown: move it into a question"
    ]


def test_valid_survey_has_no_problems(tmp_path: Path) -> None:
    survey = survey_file(
        "## overall (rating)\nOverall?\n\nScale: 1-5\nLabels: Very poor | Excellent\n",
        "## why (text)\nWhy?\n",
        "## role (single)\nYour role?\n\n- [ ] Teacher\n- [ ] Police\n",
    )
    assert problems(tmp_path, {SURVEY: survey}) == []


def test_survey_rating_without_a_scale_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {SURVEY: survey_file("## overall (rating)\nOverall?\n\nScale: 5-1\n")}) == [
        "modules/01-alpha/survey.en.md:8: a rating question needs 'Scale: LOW-HIGH', like 'Scale: 1-5'"
    ]


def test_graded_types_and_correct_answers_in_a_survey_are_reported(tmp_path: Path) -> None:
    survey = survey_file("## fact (truefalse)\nX\n\nAnswer: true\n", "## role (single)\nRole?\n\n- [x] A\n- [ ] B\n")
    assert problems(tmp_path, {SURVEY: survey}) == [
        "modules/01-alpha/survey.en.md:5: truefalse questions are not allowed in a survey: "
        "use single, multiple, rating or text",
        "modules/01-alpha/survey.en.md:10: a survey has no correct answers: write '- [ ]' for every choice",
    ]
