"""Writing source questions (see ``question_source``) as our quiz Markdown, and checking the result reads back."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from learnapp.domain.question_base import Spec
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.domain.question_lists import Matching, Ordering
from learnapp.domain.question_source import read_source_quiz, without_line
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse
from learnapp.domain.questions import Question

DEFAULT_PASS_MARK = 70


def write_question(question: Question) -> str:
    """One question as a ``## id (type)`` section, ending with a newline."""
    lines = [f"## {question.id} ({question.kind})", question.text_html.strip(), ""]
    lines += _answer_lines(question.spec)
    lines.append("")
    if question.points != 1.0:
        lines.append(f"Points: {number_text(Decimal(str(question.points)))}")
    if question.feedback_html.strip():
        lines.append(f"Feedback: {question.feedback_html.strip()}")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_questions(questions: Sequence[Question]) -> str:
    """Questions separated by blank lines."""
    return "\n".join(write_question(question) for question in questions)


def new_quiz_file(title: str, questions: Sequence[Question]) -> str:
    """A whole ``quiz.LANG.md``: minimal settings (pass mark 70 %) in front, then the questions."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    front = f'---\ntitle: "{quoted}"\npass_mark: {DEFAULT_PASS_MARK}\n---\n\n'
    return front + write_questions(questions)


def append_questions(existing: str, questions: Sequence[Question]) -> str:
    """An existing quiz file with the questions added at its end."""
    return existing.rstrip("\n") + "\n\n" + write_questions(questions)


def rewrite_problem(question: Question) -> str | None:
    """Say why a question would not read back the same from our Markdown, or None when it would.

    Catches texts our format cannot hold, such as a stem line that reads as a choice or a keyword line.
    """
    quiz = read_source_quiz(write_question(question))
    if quiz.problems:
        return quiz.problems[0].message
    if len(quiz.questions) != 1 or without_line(quiz.questions[0]) != without_line(question):
        return "its text would read differently in our quiz Markdown (a line looks like an answer or a keyword)"
    return None


def number_text(value: Decimal) -> str:
    """A decimal in plain notation without needless zeros: ``2011``, ``3.5``, ``0.01``."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _answer_lines(spec: Spec) -> list[str]:
    if isinstance(spec, ChoiceSpec):
        lines: list[str] = []
        for choice in spec.choices:
            lines.append(f"- [{'x' if choice.is_correct else ' '}] {choice.html}")
            lines += [f"  > {part}".rstrip() for part in choice.feedback_html.split("\n") if choice.feedback_html]
        return lines
    if isinstance(spec, TrueFalse):
        return [f"Answer: {str(spec.answer).lower()}"]
    if isinstance(spec, ShortAnswer):
        return [f"Accept: {value}" for value in spec.accepted]
    if isinstance(spec, Numeric):
        return [f"Answer: {number_text(spec.answer)}", f"Tolerance: {number_text(spec.tolerance)}"]
    if isinstance(spec, Matching):
        return [f"- {pair.left_html} => {pair.right_html}" for pair in spec.pairs]
    if isinstance(spec, Ordering):
        return [f"{index}. {item.html}" for index, item in enumerate(spec.items, start=1)]
    raise TypeError(f"{spec.kind} questions are not written by the importer")
