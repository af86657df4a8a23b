"""Questions in source form: parsed by the quiz parser, but with their texts kept as the Markdown the author wrote.

The converters to and from GIFT and Aiken work on this form. A *source question* is an ordinary
:class:`~learnapp.domain.questions.Question` whose ``*_html`` fields (stem, choices, pairs, items, feedback)
hold Markdown instead of rendered HTML: the quiz parser is run with a context that returns text unchanged
instead of rendering it. So there is one parser of our format, and writing a source question back
(``quiz_writer``) and parsing it again gives the same question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import yaml

from learnapp.domain.question_base import SourceLine
from learnapp.domain.questions import Question, parse_question, split_sections
from learnapp.domain.yaml_source import split_front_matter


@dataclass(frozen=True)
class Note:
    """Something said about one line of a file: a problem, a loss, a question left out."""

    line: int
    message: str

    def __str__(self) -> str:
        """Render as ``line: message``; callers that know the file put its name in front."""
        return f"{self.line}: {self.message}"


class SourceContext:
    """A parse context that keeps Markdown as it is and collects problems as notes."""

    def __init__(self, *, in_survey: bool = False) -> None:
        """Start with no problems."""
        self.in_survey = in_survey
        self.notes: list[Note] = []

    def problem(self, line: int, message: str) -> None:
        """Record a problem at a line."""
        self.notes.append(Note(line, message))

    def block(self, text: str, line: int) -> str:
        """Keep the Markdown of a block unchanged."""
        return text

    def inline(self, text: str, line: int) -> str:
        """Keep the Markdown of a line unchanged."""
        return text


@dataclass(frozen=True)
class SourceQuiz:
    """A quiz file read in source form: its title (from the front matter), questions and problems."""

    title: str
    questions: tuple[Question, ...]
    problems: tuple[Note, ...]


def read_source_quiz(text: str) -> SourceQuiz:
    """Read the questions of a quiz file (``quiz.LANG.md``) in source form; settings are not checked here."""
    front = split_front_matter(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    context = SourceContext()
    first = front.body_first_line
    lines = [SourceLine(first + index, line) for index, line in enumerate(front.body.split("\n"))]
    questions: list[Question] = []
    seen: set[str] = set()
    for section in split_sections(lines, context):
        if section.is_broken:
            continue
        if section.id in seen:
            context.problem(section.line, f"question id '{section.id}' is used twice: give each question its own id")
        seen.add(section.id)
        question = parse_question(section, context)
        if question is not None:
            questions.append(question)
    return SourceQuiz(_title(front.yaml_text), tuple(questions), tuple(context.notes))


def without_line(question: Question) -> Question:
    """The question with its line number cleared, to compare questions read from different files."""
    return replace(question, line=0)


def _title(front_yaml: str | None) -> str:
    try:
        data = yaml.safe_load(front_yaml or "")
    except yaml.YAMLError:
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""
