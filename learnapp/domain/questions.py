"""The registry of question types and the parsing of a quiz or survey body into questions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from learnapp.domain.question_base import Grade, GradedSpec, ParseContext, SourceLine, Spec, keyword
from learnapp.domain.question_choice import MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Matching, Ordering
from learnapp.domain.question_survey import FreeText, Rating
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse
from learnapp.domain.schema import ID_RULE, is_id

QUESTION_TYPES: Mapping[str, type[Spec]] = {
    spec.kind: spec
    for spec in (
        SingleChoice,
        MultipleChoice,
        TrueFalse,
        ShortAnswer,
        Numeric,
        Matching,
        Ordering,
        Rating,
        FreeText,
    )
}

_HEADING = re.compile(r"##\s+(\S+)\s+\(\s*([^)]*?)\s*\)\s*")
_LEVEL_TWO = re.compile(r"##(?!#).*")
_POINTS = re.compile(r"\d+(?:\.\d+)?")
_BAD_HEADING = "a question heading must be '## <id> (<type>)', like '## pillars-count (single)'"


@dataclass(frozen=True)
class Question:
    """A question in one language: common parts and the type-specific ``spec``."""

    id: str
    kind: str
    line: int
    text_html: str
    spec: Spec
    points: float = 1.0
    feedback_html: str = ""

    @property
    def is_graded(self) -> bool:
        """Whether answers to this question are graded (survey ratings and free text are not)."""
        return isinstance(self.spec, GradedSpec)

    def grade(self, answer: object) -> Grade:
        """Grade an answer (shapes: see each type); raises TypeError for an ungraded survey question."""
        if not isinstance(self.spec, GradedSpec):
            raise TypeError(f"{self.kind} questions are not graded")
        return self.spec.grade(answer)


@dataclass(frozen=True)
class Section:
    """The lines of one question, from its ``## id (type)`` heading to the next."""

    id: str
    kind: str
    line: int
    lines: tuple[SourceLine, ...]
    is_broken: bool = False


def split_sections(lines: Sequence[SourceLine], ctx: ParseContext) -> list[Section]:
    """Cut a body into question sections, reporting text before the first one and malformed headings.

    A malformed heading still opens a section (marked broken), so its lines are not reported again.
    """
    sections: list[Section] = []
    for line in lines:
        heading = _HEADING.fullmatch(line.text.rstrip())
        if heading is not None:
            sections.append(Section(heading.group(1), heading.group(2), line.number, ()))
        elif _LEVEL_TWO.fullmatch(line.text.rstrip()):
            ctx.problem(line.number, _BAD_HEADING)
            sections.append(Section("", "", line.number, (), is_broken=True))
        elif sections:
            last = sections[-1]
            sections[-1] = Section(last.id, last.kind, last.line, (*last.lines, line), last.is_broken)
        elif line.text.strip():
            ctx.problem(line.number, "text before the first question is never shown: move it into a question")
    return sections


def parse_question(section: Section, ctx: ParseContext) -> Question | None:
    """Parse one question section with its type's parser; None when it cannot be used."""
    spec_type = _spec_type(section, ctx)
    if not is_id(section.id):
        ctx.problem(section.line, f"question id must be {ID_RULE}, not '{section.id}'")
    if spec_type is None:
        return None
    main, points, feedback = _split_tail(section.lines)
    cut = next((i for i, line in enumerate(main) if spec_type.starts_answers(line.text)), len(main))
    text = "\n".join(line.text for line in main[:cut]).strip()
    if not text:
        ctx.problem(section.line, "the question has no text: write it under the heading")
    spec = spec_type.parse(main[cut:], section.line, ctx)
    if spec is None:
        return None
    html = ctx.block(text, section.line + 1)
    weight, feedback_html = _points(points, ctx), _feedback(feedback, ctx)
    return Question(section.id, section.kind, section.line, html, spec, weight, feedback_html)


def _spec_type(section: Section, ctx: ParseContext) -> type[Spec] | None:
    spec_type = QUESTION_TYPES.get(section.kind)
    if spec_type is None:
        names = ", ".join(QUESTION_TYPES)
        ctx.problem(section.line, f"unknown question type '{section.kind}': use one of {names}")
    elif ctx.in_survey and not spec_type.in_survey:
        ctx.problem(
            section.line,
            f"{section.kind} questions are not allowed in a survey: use single, multiple, rating or text",
        )
    elif not ctx.in_survey and not spec_type.in_quiz:
        ctx.problem(section.line, f"{section.kind} questions are only allowed in a survey (survey.LANG.md)")
    else:
        return spec_type
    return None


def _split_tail(lines: Sequence[SourceLine]) -> tuple[list[SourceLine], list[SourceLine], list[SourceLine]]:
    """Separate ``Points:`` lines and the ``Feedback:`` text (which runs to the next question)."""
    names = [(keyword(line.text) or ("", ""))[0] for line in lines]
    start = names.index("Feedback") if "Feedback" in names else len(lines)
    points = [line for line, name in zip(lines, names, strict=True) if name == "Points"]
    main = [line for line in lines[:start] if line not in points]
    feedback = [line for line in lines[start:] if line not in points]
    return main, points, feedback


def _points(lines: Sequence[SourceLine], ctx: ParseContext) -> float:
    if lines and ctx.in_survey:
        ctx.problem(lines[0].number, "a survey is not graded: remove 'Points:'")
    for line in lines[1:]:
        ctx.problem(line.number, "'Points:' appears more than once: keep one")
    value = (keyword(lines[0].text) or ("", ""))[1] if lines else "1"
    if not _POINTS.fullmatch(value) or float(value) <= 0:
        ctx.problem(lines[0].number, "'Points:' must be a number greater than 0, like 'Points: 2'")
        return 1.0
    return float(value)


def _feedback(lines: Sequence[SourceLine], ctx: ParseContext) -> str:
    if not lines:
        return ""
    if ctx.in_survey:
        ctx.problem(lines[0].number, "a survey shows no feedback: remove 'Feedback:'")
    first = (keyword(lines[0].text) or ("", ""))[1]
    text = "\n".join([first, *(line.text for line in lines[1:])]).strip()
    return ctx.block(text, lines[0].number) if text else ""
