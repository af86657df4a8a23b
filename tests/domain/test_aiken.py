"""Aiken import and export, case by case: the exact question, or the exact ``line: message``."""

from __future__ import annotations

import pytest

from learnapp.domain.aiken import export_aiken, parse_aiken
from learnapp.domain.question_choice import Choice, SingleChoice
from learnapp.domain.question_source import read_source_quiz
from learnapp.domain.questions import Question


def single(*choices: tuple[str, bool]) -> SingleChoice:
    return SingleChoice(tuple(Choice(i, text, ok) for i, (text, ok) in enumerate(choices)))


def q(qid: str, text: str, spec: SingleChoice) -> Question:
    return Question(qid, "single", 0, text, spec)


QUESTIONS = {
    "dots": ("Who?\nA. Ann\nB. Bob\nANSWER: B", q("who", "Who?", single(("Ann", False), ("Bob", True)))),
    "parentheses": ("Who?\nA) Ann\nB) Bob\nANSWER: A", q("who", "Who?", single(("Ann", True), ("Bob", False)))),
    "mixed-markers": ("Who?\nA. Ann\nB) Bob\nANSWER: B", q("who", "Who?", single(("Ann", False), ("Bob", True)))),
    "answer-without-space": ("Who?\nA. Ann\nB. Bob\nANSWER:A", q("who", "Who?", single(("Ann", True), ("Bob", False)))),
    "tab-after-letter": ("Who?\nA.\tAnn\nB.\tBob\nANSWER: A", q("who", "Who?", single(("Ann", True), ("Bob", False)))),
    "many-options": (
        "Which year?\nA. 2004\nB. 2005\nC. 2006\nD. 2007\nE. 2008\nANSWER: C",
        q(
            "which-year",
            "Which year?",
            single(("2004", False), ("2005", False), ("2006", True), ("2007", False), ("2008", False)),
        ),
    ),
    "multi-line-stem": (
        "The Strategy was adopted\nby consensus in which year?\nA. 2006\nB. 2011\nANSWER: A",
        q(
            "the-strategy-was-adopted-by-consensus",
            "The Strategy was adopted\nby consensus in which year?",
            single(("2006", True), ("2011", False)),
        ),
    ),
    "cyrillic": (
        "Сколько направлений?\nA. Два\nB. Четыре\nANSWER: B",
        q("skolko-napravleniy", "Сколько направлений?", single(("Два", False), ("Четыре", True))),
    ),
    "indented-lines": (
        "  Who?\n  A. Ann\n  B. Bob\n  ANSWER: A",
        q("who", "Who?", single(("Ann", True), ("Bob", False))),
    ),
    "trailing-spaces": (
        "Who?   \nA. Ann   \nB. Bob\nANSWER: A   ",
        q("who", "Who?", single(("Ann", True), ("Bob", False))),
    ),
    "markdown-kept": (
        "Who is **first**?\nA. *Ann*\nB. Bob\nANSWER: A",
        q("who-is-first", "Who is **first**?", single(("*Ann*", True), ("Bob", False))),
    ),
    "letters-not-in-order": (
        "Who?\nB. Bob\nA. Ann\nANSWER: A",
        q("who", "Who?", single(("Bob", False), ("Ann", True))),
    ),
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_aiken_gives_the_exact_question(name):
    text, expected = QUESTIONS[name]
    result = parse_aiken(text)
    assert result.problems == ()
    assert [item.question for item in result.questions] == [expected]


ERRORS = {
    "no-answer-line": ("Who?\nA. Ann\nB. Bob", ["1: the question has no 'ANSWER: X' line: add one after its options"]),
    "answer-not-an-option": ("Who?\nA. Ann\nB. Bob\nANSWER: C", ["4: 'ANSWER: C' must name one option letter (A, B)"]),
    "answer-empty": ("Who?\nA. Ann\nB. Bob\nANSWER:", ["4: 'ANSWER: ' must name one option letter (A, B)"]),
    "answer-two-letters": ("Who?\nA. Ann\nB. Bob\nANSWER: AB", ["4: 'ANSWER: AB' must name one option letter (A, B)"]),
    "one-option": (
        "Who?\nA. Ann\nANSWER: A",
        ["1: an Aiken question needs at least two options 'A. text' before 'ANSWER:'"],
    ),
    "no-options": ("Who?\nANSWER: A", ["1: an Aiken question needs at least two options 'A. text' before 'ANSWER:'"]),
    "answer-first": ("ANSWER: A", ["1: 'ANSWER:' comes before any question: write the question and its options first"]),
    "option-first": (
        "A. Ann\nB. Bob\nANSWER: A",
        ["1: an option comes before any question text: write the question first"],
    ),
    "repeated-letter": (
        "Who?\nA. Ann\nA. Bob\nANSWER: A",
        ["1: option A appears twice: give each option its own letter"],
    ),
    "text-after-options": (
        "Who?\nA. Ann\nB. Bob\nWhat?\nA. x\nB. y\nANSWER: A",
        ["1: the question has no 'ANSWER: X' line after its options (line 4 starts new text)"],
    ),
    "lowercase-options-are-text": (
        "Who?\na. Ann\nb. Bob\nANSWER: A",
        ["1: an Aiken question needs at least two options 'A. text' before 'ANSWER:'"],
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_aiken_error_is_reported_at_its_line(name):
    text, expected = ERRORS[name]
    assert [str(note) for note in parse_aiken(text).problems] == expected


def test_several_questions_with_and_without_blank_lines():
    text = "One?\nA. a\nB. b\nANSWER: A\nTwo?\nA. c\nB. d\nANSWER: B\n\n\nThree?\nA. e\nB. f\nANSWER: A\n"
    result = parse_aiken(text)
    assert [(item.line, item.question.id) for item in result.questions] == [(1, "one"), (5, "two"), (11, "three")]


def test_a_bad_question_does_not_hide_the_next_one():
    result = parse_aiken("A. stray\nANSWER: A\n\nWho?\nA. Ann\nB. Bob\nANSWER: B")
    assert [item.question.id for item in result.questions] == ["who"]
    assert [str(note) for note in result.problems] == [
        "1: an option comes before any question text: write the question first"
    ]


QUIZ = """---
title: T
pass_mark: 70
---

## pick (single)
Who?

- [ ] Ann
- [x] Bob
  > Yes.

Feedback: See lesson 1.

## yes (truefalse)
True?

Answer: true

## heavy (single)
Which?

- [x] A
- [ ] B

Points: 2
"""


def test_export_writes_single_questions_and_lists_the_rest():
    result = export_aiken(read_source_quiz(QUIZ).questions)
    assert result.text == "Who?\nA. Ann\nB. Bob\nANSWER: B\n\nWhich?\nA. A\nB. B\nANSWER: A\n"
    assert [str(note) for note in result.notes] == [
        "6: feedback is not expressible in Aiken: dropped",
        "15: not expressible in Aiken (truefalse)",
        "20: points are not expressible in Aiken: dropped",
    ]
    assert result.count == 2


def test_export_refuses_a_stem_line_that_reads_as_an_option():
    question = Question("x", "single", 3, "Pick one\nA. trap", single(("a", True), ("b", False)))
    assert [str(note) for note in export_aiken([question]).notes] == [
        "3: not expressible in Aiken (a line of the question reads as an option or an answer line)"
    ]
