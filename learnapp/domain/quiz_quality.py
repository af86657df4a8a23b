"""Quiz quality warnings: patterns that let a trainee score without knowing, or that spoil what a quiz measures.

Each is a ``path:line: warning: ...`` problem that says how to fix it; warnings never block a sync (``flask modules
check --strict`` makes them fail the check). The checks, per quiz file (one language):

- the correct choice is the longest in more than 40 % of the single-choice questions (test-wise trainees pick
  the longest choice); only for quizzes with at least three single-choice questions;
- more than 70 % of the true/false answers go one way; only with at least three true/false questions, and only
  in the default-language file (answers are the same in every language);
- an "all of the above" or "none of the above" choice, in English or Russian wording;
- a single or multiple question with fewer than three choices (default-language file only);
- a question stem that closely matches one in another module's quiz in the same language, such as a pre-test item
  repeated in a module quiz, which spoils the knowledge-gain measure. Stems are compared lower-cased, with
  punctuation dropped and ``ё`` read as ``е``; "closely" means a ``difflib`` ratio of at least
  ``SIMILAR_STEM_RATIO`` (0.85): changing a few words of a 20-word stem stays above it, while the closest two
  different questions of the shipped curriculum ("Which GCTF memorandum of 2012 ..." and "Which GCTF memorandum,
  adopted on 27 September 2013, ...") score 0.75. Stems of fewer than five words ("Match each document with its
  subject.") are not compared: they share a shape, not a question. A pre-test and a post-test question with the
  same id are meant to match (that is how knowledge gain is paired) and are left alone; when only one side is a
  pre- or post-test, the warning is given on the other side, where the repeat should be rewritten;
- a feedback line (``Feedback:`` and choice feedback ``>``) that points to a lesson or module that does not exist:
  "lesson 3", "lessons 1 and 3", "Module 2, lesson 4" and the Russian "урок 3", "уроки 1 и 3", "модуле 2, урок 4",
  where module N is the module whose ``order`` is N. Lesson numbers are checked against modules that have
  lessons loaded (a module given only by its module.yaml and quiz, as the studio gives the rest of the curriculum,
  is checked for its existence only).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from learnapp.domain.citations import references
from learnapp.domain.content import Module, Purpose, QuizText
from learnapp.domain.problems import Problem
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.domain.question_typed import TrueFalse
from learnapp.domain.questions import Question

LONGEST_KEY_SHARE = 0.40
ONE_WAY_SHARE = 0.70
MIN_QUESTIONS_FOR_SHARES = 3
MIN_CHOICES = 3
SIMILAR_STEM_RATIO = 0.85
MIN_STEM_WORDS = 5
WORD_OVERLAP = 0.5
WARNING = "warning: "

_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_CATCH_ALL = re.compile(
    r"\b(all|none|any|both|neither)\s+of\s+the\s+(above|previous|options|answers|these)\b"
    r"|\ball\s+the\s+above\b"
    r"|\b(все|всё|ничего|ни\s+од(ин|на|но)|никакой|никакие)\s+(из\s+)?(выше)?(перечисленн|указанн)"
    r"|\bни\s+од(ин|на|но)\s+из\b"
    r"|\b(все|всё)\s+(ответы|варианты)\b"
    r"|\bнет\s+(правильного|верного)\s+ответа\b",
    re.IGNORECASE,
)
_CHOICE_LINE = re.compile(r"- \[[ xX]\]")
_FEEDBACK_LINE = re.compile(r"Feedback:")
_CHOICE_FEEDBACK = re.compile(r"\s+>")


@dataclass(frozen=True)
class QuizFile:
    """One language file of a module's quiz, with its source lines (to place each warning at its line)."""

    module: Module
    purpose: Purpose
    text: QuizText
    lines: tuple[str, ...]
    is_default: bool

    def section(self, question: Question) -> range:
        """The 1-based line numbers of a question, from its heading up to the next question's heading."""
        later = [other.line for other in self.text.questions if other.line > question.line]
        return range(question.line, min(later, default=len(self.lines) + 1))

    def warn(self, line: int, message: str) -> Problem:
        """A warning at a line of this file."""
        return Problem(self.text.path, max(line, 1), WARNING + message)


def quiz_files(modules: Sequence[Module], read: Callable[[str], str]) -> list[QuizFile]:
    """Every language file of every module's quiz; ``read`` gives a file's text by its path."""
    found = []
    for module in modules:
        if module.quiz is None:
            continue
        for language, text in module.quiz.texts.items():
            lines = tuple(read(text.path).split("\n"))
            is_default = language == module.quiz.default_language
            found.append(QuizFile(module, module.quiz.settings.purpose, text, lines, is_default))
    return found


def quiz_warnings(
    modules: Sequence[Module],
    read: Callable[[str], str],
    *,
    whole_curriculum: bool = True,
    focus: str | None = None,
) -> list[Problem]:
    """Every quiz quality warning of ``modules``, sorted.

    ``whole_curriculum`` says that ``modules`` is the whole curriculum, so a feedback line naming a module that is
    not among them names one that does not exist; when False (one module checked on its own), such references are
    not checked. ``focus``, a module folder, asks for that module's warnings only (the others are context).
    """
    files = quiz_files(modules, read)
    found: list[Problem] = []
    for quiz in files:
        if focus is not None and quiz.module.folder != focus:
            continue
        found.extend(longest_key(quiz))
        found.extend(one_way_truefalse(quiz))
        found.extend(catch_all_choices(quiz))
        found.extend(few_choices(quiz))
        found.extend(broken_references(quiz, modules, whole_curriculum=whole_curriculum))
    found.extend(similar_stems(files, focus))
    return sorted(set(found))


def plain(fragment: str) -> str:
    """The text of an HTML fragment, tags removed, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def longest_key(quiz: QuizFile) -> Iterator[Problem]:
    """Warn when the correct choice is the longest in more than 40 % of the single-choice questions."""
    singles = [question for question in quiz.text.questions if question.kind == "single"]
    if len(singles) < MIN_QUESTIONS_FOR_SHARES:
        return
    longest = [question for question in singles if _key_is_longest(question)]
    if len(longest) / len(singles) > LONGEST_KEY_SHARE:
        share = round(100 * len(longest) / len(singles))
        yield quiz.warn(
            longest[0].line,
            f"the correct choice is the longest in {len(longest)} of {len(singles)} single-choice questions "
            f"({share} %; more than {LONGEST_KEY_SHARE * 100:.0f} % lets a trainee guess by length): "
            f"{', '.join(question.id for question in longest)}; shorten those correct choices or make a wrong "
            "choice as long and as precise",
        )


def _key_is_longest(question: Question) -> bool:
    if not isinstance(question.spec, ChoiceSpec):
        return False
    lengths = [(len(plain(choice.html)), choice.is_correct) for choice in question.spec.choices]
    key = max((length for length, correct in lengths if correct), default=0)
    return all(length < key for length, correct in lengths if not correct)


def one_way_truefalse(quiz: QuizFile) -> Iterator[Problem]:
    """Warn when more than 70 % of the true/false answers are the same (default-language file only)."""
    questions = [question for question in quiz.text.questions if isinstance(question.spec, TrueFalse)]
    if not quiz.is_default or len(questions) < MIN_QUESTIONS_FOR_SHARES:
        return
    true = [question for question in questions if isinstance(question.spec, TrueFalse) and question.spec.answer]
    false = [question for question in questions if question not in true]
    majority, value, other = (true, "true", "false") if len(true) >= len(false) else (false, "false", "true")
    if len(majority) / len(questions) > ONE_WAY_SHARE:
        share = round(100 * len(majority) / len(questions))
        yield quiz.warn(
            majority[0].line,
            f"{len(majority)} of {len(questions)} true/false answers are '{value}' ({share} %; more than "
            f"{ONE_WAY_SHARE * 100:.0f} % one way lets a trainee score by always answering '{value}'): rewrite some "
            f"statements so that their answer is '{other}'",
        )


def catch_all_choices(quiz: QuizFile) -> Iterator[Problem]:
    """Warn about "all of the above" and "none of the above" choices."""
    for question in quiz.text.questions:
        if not isinstance(question.spec, ChoiceSpec):
            continue
        lines = _choice_lines(quiz, question)
        for choice in question.spec.choices:
            text = plain(choice.html)
            if _CATCH_ALL.search(text):
                line = lines[choice.id] if choice.id < len(lines) else question.line
                yield quiz.warn(
                    line,
                    f"the choice '{text}' in question '{question.id}' is an 'all/none of the above' choice: it can be "
                    "picked by spotting two right choices, or says nothing about what the trainee knows; replace it "
                    "with a real answer (and use a multiple question when several choices are right)",
                )


def _choice_lines(quiz: QuizFile, question: Question) -> list[int]:
    return [number for number in quiz.section(question) if _CHOICE_LINE.match(quiz.lines[number - 1])]


def few_choices(quiz: QuizFile) -> Iterator[Problem]:
    """Warn about single and multiple questions with fewer than three choices (default-language file only)."""
    if not quiz.is_default:
        return
    for question in quiz.text.questions:
        if isinstance(question.spec, ChoiceSpec) and len(question.spec.choices) < MIN_CHOICES:
            yield quiz.warn(
                question.line,
                f"question '{question.id}' has only {len(question.spec.choices)} choices: a guess is right half the "
                f"time; add plausible wrong choices so there are at least {MIN_CHOICES}, or make it a truefalse "
                "question",
            )


def similar_stems(files: Sequence[QuizFile], focus: str | None = None) -> Iterator[Problem]:
    """Warn about question stems that closely match one in another module's quiz, in the same language.

    With ``focus`` (a module folder), only the pairs that have a question of that module are compared.
    """
    by_language: dict[str, list[_Stem]] = {}
    for quiz in files:
        for question in quiz.text.questions:
            text = _normalised(question.text_html)
            by_language.setdefault(quiz.text.language, []).append(_Stem(quiz, question, text, frozenset(text.split())))
    for stems in by_language.values():
        for first, second in _pairs(stems, focus):
            if first.quiz.module.id != second.quiz.module.id and not _paired(first, second) and _similar(first, second):
                yield from _stem_warnings(first, second)


def _pairs(stems: list[_Stem], focus: str | None) -> Iterator[tuple[_Stem, _Stem]]:
    if focus is None:
        yield from combinations(stems, 2)
        return
    focused = [stem for stem in stems if stem.quiz.module.folder == focus]
    others = [stem for stem in stems if stem.quiz.module.folder != focus]
    yield from ((first, second) for first in focused for second in others)


@dataclass(frozen=True)
class _Stem:
    quiz: QuizFile
    question: Question
    text: str
    words: frozenset[str]


def _stem_warnings(first: _Stem, second: _Stem) -> Iterator[Problem]:
    for stem, other in ((first, second), (second, first)):
        if _is_measure(stem.quiz.purpose) and not _is_measure(other.quiz.purpose):
            continue
        yield stem.quiz.warn(
            stem.question.line,
            f"question '{stem.question.id}' closely matches question '{other.question.id}' of the quiz of module "
            f"'{other.quiz.module.id}' ({other.quiz.purpose}): a trainee who met it there answers from memory, which "
            "spoils what both quizzes measure; ask about the point in a different way",
        )


def _is_measure(purpose: Purpose) -> bool:
    return purpose in (Purpose.PRE_TEST, Purpose.POST_TEST)


def _paired(first: _Stem, second: _Stem) -> bool:
    """A pre-test and a post-test question with the same id: the pairing that measures knowledge gain."""
    purposes = {first.quiz.purpose, second.quiz.purpose}
    return purposes == {Purpose.PRE_TEST, Purpose.POST_TEST} and first.question.id == second.question.id


def _normalised(fragment: str) -> str:
    text = plain(fragment).lower().replace("ё", "е")
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text)).strip()


def _similar(first: _Stem, second: _Stem) -> bool:
    if min(len(first.words), len(second.words)) < MIN_STEM_WORDS:
        return False
    # A cheap filter first: stems that close share most of their words (difflib alone is slow over every pair).
    if 2 * len(first.words & second.words) < WORD_OVERLAP * (len(first.words) + len(second.words)):
        return False
    matcher = SequenceMatcher(None, first.text, second.text, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILAR_STEM_RATIO
        and matcher.quick_ratio() >= SIMILAR_STEM_RATIO
        and matcher.ratio() >= SIMILAR_STEM_RATIO
    )


def broken_references(quiz: QuizFile, modules: Sequence[Module], *, whole_curriculum: bool) -> Iterator[Problem]:
    """Warn about feedback lines that name a lesson or module that does not exist."""
    lessons_by_order = {module.order: len(module.lessons) for module in modules}
    names = {module.order: module.id for module in modules}
    for number in _feedback_lines(quiz):
        for module_order, lesson in references(quiz.lines[number - 1], quiz.module.order):
            if module_order not in lessons_by_order:
                if whole_curriculum:
                    yield quiz.warn(
                        number,
                        f"the feedback points to module {module_order}, but no module has order {module_order}: "
                        "correct the number (module N is the module with 'order: N')",
                    )
                continue
            if (
                lesson is not None
                and lessons_by_order[module_order]
                and not 1 <= lesson <= lessons_by_order[module_order]
            ):
                where = "this module" if module_order == quiz.module.order else f"module {module_order}"
                yield quiz.warn(
                    number,
                    f"the feedback points to lesson {lesson} of {where} ('{names[module_order]}'), which has "
                    f"{lessons_by_order[module_order]} lesson(s): correct the lesson number",
                )


def _feedback_lines(quiz: QuizFile) -> Iterator[int]:
    for question in quiz.text.questions:
        in_feedback = False
        for number in quiz.section(question):
            line = quiz.lines[number - 1]
            in_feedback = in_feedback or _FEEDBACK_LINE.match(line) is not None
            if in_feedback or _CHOICE_FEEDBACK.match(line):
                yield number
