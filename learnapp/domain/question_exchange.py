"""The entry points for moving questions in and out: one call per direction, whatever the format.

The command line, the trainer page and (later) the studio call these; they take and give plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from learnapp.domain.aiken import export_aiken, parse_aiken
from learnapp.domain.gift import export_gift, parse_gift
from learnapp.domain.interchange import DecodeError, ExportResult, ImportResult, decode_text
from learnapp.domain.questions import Question
from learnapp.domain.quiz_writer import append_questions, new_quiz_file


class ExchangeFormat(StrEnum):
    """The plain-text question formats we read and write."""

    GIFT = "gift"
    AIKEN = "aiken"

    @property
    def suffix(self) -> str:
        """The usual file name ending."""
        return ".gift" if self is ExchangeFormat.GIFT else ".txt"


def import_questions(data: bytes, fmt: ExchangeFormat, taken: Sequence[str] = ()) -> ImportResult:
    """Read uploaded bytes in ``fmt``; ids avoid ``taken`` (those of the quiz the questions go into)."""
    try:
        text = decode_text(data)
    except DecodeError as error:
        return ImportResult((), (error.note,))
    return parse_gift(text, taken) if fmt is ExchangeFormat.GIFT else parse_aiken(text, taken)


def export_questions(
    questions: Sequence[Question], fmt: ExchangeFormat, *, text_format: str = "markdown", category: str = ""
) -> ExportResult:
    """Write questions in ``fmt``; ``text_format`` says whether their texts are Markdown or (published) HTML.

    Aiken has no text formats: published HTML goes in as it is (Moodle reads Aiken text as HTML-capable), on one
    line, since Aiken cannot hold a line break in a question.
    """
    if fmt is ExchangeFormat.GIFT:
        return export_gift(questions, text_format=text_format, category=category)
    if text_format == "html":
        questions = [replace(question, text_html=" ".join(question.text_html.split())) for question in questions]
    return export_aiken(questions)


def quiz_markdown(result: ImportResult, title: str, existing: str | None = None) -> str:
    """The imported questions as a new quiz file titled ``title``, or added to the end of ``existing``."""
    questions = [item.question for item in result.questions]
    return new_quiz_file(title, questions) if existing is None else append_questions(existing, questions)


def category_title(category: str) -> str:
    """A quiz title from a GIFT category path: its last part (``$course$/top/Drivers`` gives ``Drivers``)."""
    return category.rstrip("/").rsplit("/", 1)[-1].strip()
