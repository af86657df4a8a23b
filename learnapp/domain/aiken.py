"""Moodle's Aiken format: single-answer questions written as plain lists, read and written.

A question is its text (one or more lines), two or more options ``A. text`` or ``A) text`` (capital letters,
as Moodle requires), then ``ANSWER: X``; blank lines between questions are optional. Text is taken as
written: Markdown characters in it are read as Markdown, so an Aiken file we wrote reads back the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from learnapp.domain.interchange import Draft, ExportResult, ImportResult, finish
from learnapp.domain.question_choice import Choice, SingleChoice
from learnapp.domain.question_source import Note
from learnapp.domain.questions import Question

_OPTION = re.compile(r"([A-Z])[.)][ \t]+(.*)")
_ANSWER = re.compile(r"ANSWER:[ \t]*(.*)")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class _Pending:
    """A question being read: where it starts, its stem lines and its options by letter."""

    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[int, str, str]] = field(default_factory=list)


def parse_aiken(text: str, taken: Sequence[str] = ()) -> ImportResult:
    """Read Aiken text (already decoded) into single-choice source questions."""
    reader = _Reader()
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            reader.read(number, raw.strip())
    reader.end()
    return finish(reader.drafts, reader.problems, taken)


class _Reader:
    """Reads an Aiken file line by line; after a problem it skips to the next ``ANSWER:`` line."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.problems: list[Note] = []
        self.pending: _Pending | None = None
        self.skipping = False

    def read(self, number: int, line: str) -> None:
        answer = _ANSWER.fullmatch(line)
        if answer is not None:
            if not self.skipping:
                self._add(_finish(self.pending, number, answer.group(1).strip()))
            self.pending, self.skipping = None, False
        elif self.skipping:
            return
        elif (option := _OPTION.fullmatch(line)) is not None:
            self._option(number, option)
        elif self.pending is not None and self.pending.options:
            message = f"the question has no 'ANSWER: X' line after its options (line {number} starts new text)"
            self.problems.append(Note(self.pending.line, message))
            self.pending = _Pending(number, [line])
        else:
            self.pending = self.pending or _Pending(number)
            self.pending.stem.append(line)

    def end(self) -> None:
        if self.pending is not None and not self.skipping:
            self.problems.append(
                Note(self.pending.line, "the question has no 'ANSWER: X' line: add one after its options")
            )

    def _option(self, number: int, option: re.Match[str]) -> None:
        if self.pending is None:
            self.problems.append(Note(number, "an option comes before any question text: write the question first"))
            self.skipping = True
        else:
            self.pending.options.append((number, option.group(1), option.group(2).strip()))

    def _add(self, result: Draft | Note) -> None:
        if isinstance(result, Draft):
            self.drafts.append(result)
        else:
            self.problems.append(result)


def _finish(pending: _Pending | None, number: int, letter: str) -> Draft | Note:
    if pending is None:
        return Note(number, "'ANSWER:' comes before any question: write the question and its options first")
    if len(pending.options) < 2:
        return Note(pending.line, "an Aiken question needs at least two options 'A. text' before 'ANSWER:'")
    letters = [option[1] for option in pending.options]
    repeated = next((letter for letter in letters if letters.count(letter) > 1), None)
    if repeated is not None:
        return Note(pending.line, f"option {repeated} appears twice: give each option its own letter")
    if len(letter) != 1 or letter not in letters:
        shown = ", ".join(letters)
        return Note(number, f"'ANSWER: {letter}' must name one option letter ({shown})")
    empty = next((option for option in pending.options if not option[2]), None)
    if empty is not None:
        return Note(empty[0], f"option {empty[1]} has no text: write it after '{empty[1]}.'")
    choices = tuple(
        Choice(index, text, option_letter == letter) for index, (_, option_letter, text) in enumerate(pending.options)
    )
    stem = "\n".join(pending.stem)
    return Draft(pending.line, "", Question("", "single", pending.line, stem, SingleChoice(choices)))


def export_aiken(questions: Sequence[Question]) -> ExportResult:
    """Write the single-choice questions as Aiken; every other question gets a ``line: not expressible`` note.

    Feedback and points are not part of Aiken: they are dropped, each with a note.
    """
    parts: list[str] = []
    notes: list[Note] = []
    for question in questions:
        why = _not_expressible(question)
        if why is not None:
            notes.append(Note(question.line, f"not expressible in Aiken ({why})"))
            continue
        notes += _dropped(question)
        parts.append(_aiken_question(question))
    return ExportResult("\n".join(parts), len(parts), tuple(notes))


def _not_expressible(question: Question) -> str | None:
    spec = question.spec
    if not isinstance(spec, SingleChoice):
        return question.kind
    if len(spec.choices) > len(_LETTERS):
        return "more than 26 choices"
    stem_lines = question.text_html.strip().split("\n")
    if any(_OPTION.fullmatch(line.strip()) or _ANSWER.fullmatch(line.strip()) for line in stem_lines):
        return "a line of the question reads as an option or an answer line"
    if any(not line.strip() for line in stem_lines):
        return "the question has a blank line, which Aiken cannot hold"
    return None


def _dropped(question: Question) -> list[Note]:
    notes: list[Note] = []
    choices = question.spec.choices if isinstance(question.spec, SingleChoice) else ()
    if question.feedback_html.strip() or any(choice.feedback_html for choice in choices):
        notes.append(Note(question.line, "feedback is not expressible in Aiken: dropped"))
    if question.points != 1.0:
        notes.append(Note(question.line, "points are not expressible in Aiken: dropped"))
    return notes


def _aiken_question(question: Question) -> str:
    choices = question.spec.choices if isinstance(question.spec, SingleChoice) else ()
    lines = [question.text_html.strip()]
    correct = "A"
    for letter, choice in zip(_LETTERS, choices, strict=False):
        lines.append(f"{letter}. {choice.html}")
        if choice.is_correct:
            correct = letter
    lines.append(f"ANSWER: {correct}")
    return "\n".join(lines) + "\n"
