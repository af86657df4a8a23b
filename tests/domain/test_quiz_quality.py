"""Quiz quality warnings: each pattern is reported at its line with how to fix it, and the fair forms are not."""

from __future__ import annotations

from pathlib import Path

from learnapp.domain.loader import load_tree
from tests.domain.module_tree import MODULE_YAML, load, quiz_file, write_tree

ROOT = Path(__file__).resolve().parents[2]


def single(ident: str, key: str, *others: str, stem: str = "") -> str:
    choices = [f"- [x] {key}", *(f"- [ ] {other}" for other in others)]
    return f"## {ident} (single)\n{stem or f'Question {ident} about a separate point of the lesson?'}\n\n" + (
        "\n".join(choices) + "\n"
    )


def truefalse(ident: str, answer: str) -> str:
    return f"## {ident} (truefalse)\nStatement {ident} about a separate point of the lesson.\n\nAnswer: {answer}\n"


def warnings(tmp_path, quiz: str, **files: str) -> list[str]:
    result = load(tmp_path, {"01-alpha/quiz.en.md": quiz, **files})
    assert result.is_ok, [str(problem) for problem in result.problems]
    return [str(warning).removeprefix(f"{tmp_path}/") for warning in result.warnings]


def test_a_key_that_is_the_longest_in_most_single_questions_is_a_warning(tmp_path):
    quiz = quiz_file(
        single("q1", "A long and careful correct answer", "Short", "Brief"),
        single("q2", "Another long and careful correct answer", "Short", "Brief"),
        single("q3", "Short", "A long and careful wrong answer", "Brief"),
    )
    (found,) = warnings(tmp_path, quiz)
    assert found.startswith("modules/01-alpha/quiz.en.md:6: warning: the correct choice is the longest in 2 of 3")
    assert "(67 %; more than 40 %" in found and ": q1, q2;" in found and "shorten those correct choices" in found


def test_a_key_that_is_the_longest_in_few_questions_or_only_tied_is_fine(tmp_path):
    quiz = quiz_file(
        single("q1", "A long and careful correct answer", "Short", "Brief"),
        single("q2", "Equal", "Equal", "Brief"),  # a tie is not "the longest"
        single("q3", "Short", "A long and careful wrong answer", "Brief"),
    )
    assert warnings(tmp_path, quiz) == []


def test_fewer_than_three_single_questions_are_not_measured_for_length(tmp_path):
    quiz = quiz_file(single("q1", "A long and careful correct answer", "Short", "Brief"))
    assert warnings(tmp_path, quiz) == []


def test_true_false_answers_mostly_one_way_are_a_warning(tmp_path):
    quiz = quiz_file(*(truefalse(f"s{n}", "true") for n in range(1, 4)), truefalse("s4", "false"))
    (found,) = warnings(tmp_path, quiz)
    assert found.startswith("modules/01-alpha/quiz.en.md:6: warning: 3 of 4 true/false answers are 'true' (75 %")
    assert "rewrite some statements so that their answer is 'false'" in found


def test_true_false_answers_in_balance_or_too_few_to_tell_are_fine(tmp_path):
    balanced = quiz_file(*(truefalse(f"s{n}", "true" if n % 2 else "false") for n in range(1, 5)))
    assert warnings(tmp_path, balanced) == []
    assert warnings(tmp_path / "few", quiz_file(truefalse("s1", "false"), truefalse("s2", "false"))) == []


def test_all_or_none_of_the_above_is_a_warning_in_english_and_russian(tmp_path):
    english = quiz_file(single("q1", "All of the above", "Dialogue", "Policing"))
    russian_text = quiz_file(single("q1", "Всё вышеперечисленное", "Диалог", "Охрана порядка"), front="title: П\n")
    found = warnings(tmp_path, english, **{"01-alpha/quiz.ru.md": russian_text})
    assert any(
        line.startswith("modules/01-alpha/quiz.en.md:9: warning: the choice 'All of the above' in question 'q1'")
        for line in found
    )
    assert any(
        line.startswith("modules/01-alpha/quiz.ru.md:8: warning: the choice 'Всё вышеперечисленное'") for line in found
    )
    none = quiz_file(single("q1", "Dialogue", "None of the above", "Policing"))
    assert any("'None of the above'" in line for line in warnings(tmp_path / "none", none))


def test_choices_that_merely_mention_everything_are_fine(tmp_path):
    quiz = quiz_file(single("q1", "All states above the river", "Every ministry", "None"))
    assert warnings(tmp_path, quiz) == []


def test_fewer_than_three_choices_is_a_warning(tmp_path):
    (found,) = warnings(tmp_path, quiz_file(single("q1", "Four", "Two")))
    assert found == (
        "modules/01-alpha/quiz.en.md:6: warning: question 'q1' has only 2 choices: a guess is right half the time; "
        "add plausible wrong choices so there are at least 3, or make it a truefalse question"
    )


BETA_YAML = MODULE_YAML.replace("id: alpha", "id: beta").replace("order: 1", "order: 2")
STEM = "Which Security Council resolution of 2014 deals with foreign terrorist fighters and their travel?"


def test_a_stem_repeated_from_another_modules_quiz_is_a_warning_on_the_module_quiz_side(tmp_path):
    pre_test = quiz_file(
        single("ftf", "2178", "2250", "1325", stem=STEM), front="title: Pre\npass_mark: 0\npurpose: pre_test\n"
    )
    module_quiz = quiz_file(
        single("ftf-again", "2178", "2250", "1325", stem=STEM.replace("deals with", "is about")),
    )
    found = warnings(
        tmp_path,
        pre_test,
        **{
            "02-beta/module.yaml": BETA_YAML,
            "02-beta/lessons/01-intro.en.md": "---\ntitle: Intro\n---\n\nText.\n",
            "02-beta/quiz.en.md": module_quiz,
        },
    )
    assert found == [
        "modules/02-beta/quiz.en.md:6: warning: question 'ftf-again' closely matches question 'ftf' of the quiz of "
        "module 'alpha' (pre_test): a trainee who met it there answers from memory, which spoils what both quizzes "
        "measure; ask about the point in a different way"
    ]


def test_a_pre_and_post_test_pair_with_the_same_id_and_different_questions_are_fine(tmp_path):
    pre = quiz_file(
        single("ftf", "2178", "2250", "1325", stem=STEM), front="title: Pre\npass_mark: 0\npurpose: pre_test\n"
    )
    post = quiz_file(
        single("ftf", "2178", "2250", "1325", stem=STEM), front="title: Post\npass_mark: 70\npurpose: post_test\n"
    )
    beta = {"02-beta/module.yaml": BETA_YAML, "02-beta/lessons/01-intro.en.md": "---\ntitle: I\n---\n\nText.\n"}
    assert warnings(tmp_path, pre, **beta, **{"02-beta/quiz.en.md": post}) == []
    other = quiz_file(
        single("ngo", "Civil society", "Police", "Army", stem="Who runs most community projects in the region today?")
    )
    assert warnings(tmp_path / "other", pre, **beta, **{"02-beta/quiz.en.md": other}) == []


def beta_quiz(question: str) -> dict[str, str]:
    """Module beta with one lesson and a one-question quiz, beside alpha."""
    return {
        "02-beta/module.yaml": BETA_YAML,
        "02-beta/lessons/01-intro.en.md": "---\ntitle: Intro\n---\n\nText.\n",
        "02-beta/quiz.en.md": quiz_file(question),
    }


def test_a_repeated_stem_is_found_whatever_its_case_punctuation_and_yo(tmp_path):
    alpha = quiz_file(single("fighters", "2178", "2250", "1325", stem=STEM))
    shouted = "WHICH Security-Council resolution, of 2014, deals with foreign terrorist fighters & their travel!"
    found = warnings(tmp_path, alpha, **beta_quiz(single("again", "2178", "2250", "1325", stem=shouted)))
    assert len(found) == 2 and all("closely matches" in warning for warning in found)
    russian = "Какая резолюция Совета Безопасности 2014 года касается иностранных боевиков и их перемещений?"
    alpha_files = {
        "01-alpha/quiz.ru.md": quiz_file(single("fighters", "2178", "2250", "1325", stem=russian), front="title: П\n")
    }
    beta = beta_quiz(single("other", "A", "B", "C", stem="How are the points of the prevention plan funded each year?"))
    beta["02-beta/quiz.ru.md"] = quiz_file(
        single("other", "A", "B", "C", stem=russian.replace("боевиков", "боёвиков").upper()), front="title: П\n"
    )
    english = quiz_file(single("fighters", "2178", "2250", "1325", stem=STEM))
    found_ru = warnings(tmp_path / "ru", english, **alpha_files, **beta)
    assert [warning.split(":")[0] for warning in found_ru] == [
        "modules/01-alpha/quiz.ru.md",
        "modules/02-beta/quiz.ru.md",
    ]


def test_different_questions_and_short_stems_are_not_repeats(tmp_path):
    alpha = quiz_file(
        single("fighters", "2178", "2250", "1325", stem=STEM),
        single("match", "Yes", "No", "Maybe", stem="Match each document."),
    )
    other = "Which General Assembly resolution of 2006 adopted the Global Counter-Terrorism Strategy and its pillars?"
    beta = beta_quiz(single("strategy", "60/288", "70/291", "72/284", stem=other))
    assert warnings(tmp_path, alpha, **beta) == []
    short = beta_quiz(single("match-again", "Yes", "No", "Maybe", stem="Match each document."))
    assert warnings(tmp_path / "short", alpha, **short) == []


def test_feedback_pointing_to_a_missing_lesson_or_module_is_a_warning(tmp_path):
    question = single("q1", "Four", "Two", "Seven") + "\nFeedback: See lesson 3, and Module 5, lesson 1.\n"
    found = warnings(tmp_path, quiz_file(question))
    assert found == [
        "modules/01-alpha/quiz.en.md:13: warning: the feedback points to lesson 3 of this module ('alpha'), "
        "which has 1 lesson(s): correct the lesson number",
        "modules/01-alpha/quiz.en.md:13: warning: the feedback points to module 5, but no module has order 5: "
        "correct the number (module N is the module with 'order: N')",
    ]


def test_russian_feedback_and_choice_feedback_are_read_too(tmp_path):
    english = quiz_file(single("q1", "Four", "Two", "Seven") + "\nFeedback: See lesson 1.\n")
    russian = quiz_file(
        "## q1 (single)\nСколько?\n\n- [x] Четыре\n  > См. уроки 1 и 2.\n- [ ] Два\n- [ ] Семь\n\n"
        "Feedback: См. урок 1.\n",
        front="title: П\n",
    )
    found = warnings(tmp_path, english, **{"01-alpha/quiz.ru.md": russian})
    assert found == [
        "modules/01-alpha/quiz.ru.md:9: warning: the feedback points to lesson 2 of this module ('alpha'), "
        "which has 1 lesson(s): correct the lesson number"
    ]


def test_feedback_pointing_to_lessons_that_exist_is_fine(tmp_path):
    question = single("q1", "Four", "Two", "Seven") + "\nFeedback: See lesson 1 and Module 1, lesson 1.\n"
    assert warnings(tmp_path, quiz_file(question)) == []


def test_the_shipped_curriculum_has_no_quality_warning():
    result = load_tree(ROOT / "modules")
    assert result.is_ok and [str(warning) for warning in result.warnings] == []


def test_a_module_checked_alone_does_not_report_references_to_other_modules(tmp_path):
    root = write_tree(
        tmp_path,
        {"01-alpha/quiz.en.md": quiz_file(single("q1", "Four", "Two", "Seven") + "\nFeedback: See Module 4.\n")},
    )
    assert load_tree(root, whole_curriculum=False).warnings == ()
    assert len(load_tree(root).warnings) == 1


def test_warnings_for_one_module_among_the_curriculum_are_those_the_whole_check_gives_it(tmp_path):
    # The studio checks a draft among the published modules and wants the draft's warnings only.
    alpha = quiz_file(
        single("fighters", "2178", "2250", "1325", stem=STEM),
        single("q2", "Four", "Two") + "\nFeedback: See lesson 4.\n",
    )
    root = write_tree(
        tmp_path, {"01-alpha/quiz.en.md": alpha, **beta_quiz(single("again", "2178", "2250", "1325", stem=STEM))}
    )
    whole = load_tree(root).warnings
    for folder in ("01-alpha", "02-beta"):
        focused = load_tree(root, warn_only=folder).warnings
        assert focused == tuple(warning for warning in whole if f"/{folder}/" in warning.path)
        assert focused and all("closely matches" in w.message for w in focused if "again" in w.message)
