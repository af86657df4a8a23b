"""The shipped quizzes cannot be passed by pattern, and the pre/post gain measures learning, not recall.

Everything is computed from the loaded question objects, so the limits hold whatever the quizzes hold:

- single-choice: the key is the longest choice (in characters of its visible text) in at most 40 % of a quiz's
  single-choice questions, in every language, and, so that the rule is not simply turned round, the shortest in at
  most 40 % as well;
- true/false: between 40 % and 60 % of the curriculum's statements are true (each quiz counted, so the shared
  pre/post bank counts twice, as trainees meet it twice);
- no "all/none of the above" choice, in English or Russian, and at least three choices to every choice question;
- the pre-test and the post-test are one bank: the same ids, types, stems, choices and keys;
- no module quiz (modules 1 to 6, which show full answers) holds a near-twin of a bank item. A near-twin is a
  stem whose set of words overlaps a bank stem's by a Jaccard index of 0.5 or more (stems lower-cased, punctuation
  removed), or an item that repeats at least half of a bank item's choices or pairs word for word. Jaccard on word
  sets was chosen over difflib ratios because stems such as "Match each ... with its subject" share their shape
  without testing the same thing, and a ratio flags them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from learnapp.domain.loader import load_tree

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "ru")
MAX_LONGEST_KEY_SHARE = 0.40
TRUE_SHARE_RANGE = (0.40, 0.60)
TWIN_JACCARD = 0.5
SHARED_CHOICES_SHARE = 0.5
CATCH_ALL = re.compile(
    r"\b(all|none|both|neither) of the (above|options|answers|these)\b"
    r"|вс[её]\s+(вышеперечисленн|перечисленн|указанн)"
    r"|ни\s+од(ин|на|но)\s+из"
    r"|ничего\s+из\s+(вышеперечисленн|перечисленн)"
    r"|все\s+ответы",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def quizzes():
    result = load_tree(ROOT / "modules")
    assert [str(problem) for problem in result.problems] == []
    return {module.order: module.quiz for module in result.modules if module.quiz}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _words(fragment: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", _text(fragment).lower()))


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    return len(first & second) / len(first | second) if first | second else 0.0


def _answers(question) -> list[str]:
    """The visible choices, pairs or items of a question, normalised; empty for typed answers."""
    spec = question.spec
    if hasattr(spec, "pairs"):
        fragments = [f"{pair.left_html} {pair.right_html}" for pair in spec.pairs]
    else:
        fragments = [part.html for part in getattr(spec, "choices", getattr(spec, "items", ()))]
    return [" ".join(sorted(_words(fragment))) for fragment in fragments]


def _bank(quizzes):
    by_purpose = {quiz.settings.purpose.value: quiz for quiz in quizzes.values()}
    return by_purpose["pre_test"], by_purpose["post_test"]


def _keys_at_the_extreme(quiz, language, pick):
    """Ids of the single-choice questions whose key is as long as ``pick`` (max or min) of its choices."""
    singles = [question for question in quiz.texts[language].questions if question.kind == "single"]
    found = []
    for question in singles:
        lengths = [len(_text(choice.html)) for choice in question.spec.choices]
        key = next(index for index, choice in enumerate(question.spec.choices) if choice.is_correct)
        if lengths[key] == pick(lengths):
            found.append(question.id)
    return found, len(singles)


def test_no_quiz_rewards_picking_the_longest_answer(quizzes):
    for order, quiz in quizzes.items():
        for language in LANGUAGES:
            longest, singles = _keys_at_the_extreme(quiz, language, max)
            assert len(longest) <= MAX_LONGEST_KEY_SHARE * singles, (order, language, longest)


def test_no_quiz_rewards_picking_the_shortest_answer_either(quizzes):
    for order, quiz in quizzes.items():
        for language in LANGUAGES:
            shortest, singles = _keys_at_the_extreme(quiz, language, min)
            assert len(shortest) <= MAX_LONGEST_KEY_SHARE * singles, (order, language, shortest)


def test_true_false_statements_are_not_mostly_false(quizzes):
    answers = [
        question.spec.answer
        for quiz in quizzes.values()
        for question in quiz.texts["en"].questions
        if question.kind == "truefalse"
    ]
    low, high = TRUE_SHARE_RANGE
    assert answers and low <= sum(answers) / len(answers) <= high, (sum(answers), len(answers))


def test_no_choice_is_a_catch_all_answer(quizzes):
    for order, quiz in quizzes.items():
        for language in LANGUAGES:
            for question in quiz.texts[language].questions:
                for choice in getattr(question.spec, "choices", ()):
                    assert not CATCH_ALL.search(_text(choice.html)), (order, language, question.id)


def test_every_choice_question_offers_at_least_three_choices(quizzes):
    for order, quiz in quizzes.items():
        for language in LANGUAGES:
            for question in quiz.texts[language].questions:
                if question.kind in ("single", "multiple"):
                    assert len(question.spec.choices) >= 3, (order, language, question.id)


def test_the_pre_test_and_post_test_ask_the_very_same_questions(quizzes):
    pre, post = _bank(quizzes)
    for language in LANGUAGES:
        before, after = pre.texts[language].questions, post.texts[language].questions
        assert [(q.id, q.kind) for q in before] == [(q.id, q.kind) for q in after]
        for first, second in zip(before, after, strict=True):
            assert _text(first.text_html) == _text(second.text_html), (language, first.id)
            assert _answers(first) == _answers(second), (language, first.id)
            assert first.spec.shape() == second.spec.shape(), (language, first.id)


def test_module_quizzes_do_not_rehearse_the_pre_and_post_test(quizzes):
    pre, _ = _bank(quizzes)
    for language in LANGUAGES:
        bank = pre.texts[language].questions
        for order in range(1, 7):
            for question in quizzes[order].texts[language].questions:
                stem = _words(question.text_html)
                answers = set(_answers(question))
                for item in bank:
                    overlap = _jaccard(stem, _words(item.text_html))
                    assert overlap < TWIN_JACCARD, (order, language, question.id, item.id, round(overlap, 2))
                    repeated = answers & set(_answers(item))
                    limit = SHARED_CHOICES_SHARE * max(1, len(_answers(item)))
                    assert not repeated or len(repeated) < limit, (order, language, question.id, item.id)
