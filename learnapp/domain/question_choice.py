"""Choice questions: ``single`` (exactly one correct) and ``multiple`` (partial credit, wrong picks cost)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Self

from learnapp.domain.question_base import Grade, GradedSpec, ParseContext, SourceLine, is_index, unexpected

_CHOICE = re.compile(r"- \[([ xX])\]\s*(.*)")
_FEEDBACK = re.compile(r"\s+>\s?(.*)")
_EXPECTED = "a choice '- [ ] text' or '- [x] text', or its feedback on an indented '> text' line"


@dataclass(frozen=True)
class Choice:
    """A choice; its id is its position (from 0), the same in every language, so statistics are shared."""

    id: int
    html: str
    is_correct: bool
    feedback_html: str = ""


@dataclass
class _Draft:
    line: int
    text: str
    is_correct: bool
    feedback: list[str]


@dataclass(frozen=True)
class ChoiceSpec(GradedSpec):
    """Choices written as a task list; ``[x]`` marks correct ones."""

    choices: tuple[Choice, ...]

    @classmethod
    def starts_answers(cls, text: str) -> bool:
        """Choices start at the first task-list line."""
        return _CHOICE.fullmatch(text.rstrip()) is not None

    @classmethod
    def parse(cls, lines: Sequence[SourceLine], heading: int, ctx: ParseContext) -> Self | None:
        """Parse the choices and check how many are marked correct."""
        drafts = _drafts(lines, cls.kind, ctx)
        if len(drafts) < 2:
            ctx.problem(heading, f"a {cls.kind} question needs at least two choices '- [ ] text'")
            return None
        spec = cls(tuple(_choice(index, draft, ctx) for index, draft in enumerate(drafts)))
        spec.check_marks(heading, ctx)
        return spec

    def check_marks(self, heading: int, ctx: ParseContext) -> None:
        """Report choices marked correct in a survey, which has no correct answers."""
        if ctx.in_survey and self.correct_ids:
            ctx.problem(heading, "a survey has no correct answers: write '- [ ]' for every choice")

    @property
    def correct_ids(self) -> frozenset[int]:
        """The ids of the correct choices."""
        return frozenset(choice.id for choice in self.choices if choice.is_correct)

    def shape(self) -> str:
        """Choice count and which are correct (numbered from 1) must match across languages."""
        correct = ", ".join(str(choice_id + 1) for choice_id in sorted(self.correct_ids)) or "none"
        return f"{len(self.choices)} choices (correct: {correct})"


@dataclass(frozen=True)
class SingleChoice(ChoiceSpec):
    """One correct choice; the answer is the id of the picked choice."""

    kind = "single"
    in_survey = True

    def check_marks(self, heading: int, ctx: ParseContext) -> None:
        """A quiz's single question needs exactly one ``[x]``."""
        if ctx.in_survey or len(self.correct_ids) == 1:
            super().check_marks(heading, ctx)
        else:
            count = len(self.correct_ids)
            ctx.problem(heading, f"a single question needs exactly one correct choice '- [x]'; found {count}")

    def grade(self, answer: object) -> Grade:
        """Full points for the correct choice, nothing otherwise."""
        is_right = is_index(answer) and answer in self.correct_ids
        return Grade(1.0 if is_right else 0.0, (is_right,))


@dataclass(frozen=True)
class MultipleChoice(ChoiceSpec):
    """Several correct choices; the answer is a collection of picked choice ids."""

    kind = "multiple"
    in_survey = True

    def check_marks(self, heading: int, ctx: ParseContext) -> None:
        """A quiz's multiple question needs at least one ``[x]``."""
        if ctx.in_survey or self.correct_ids:
            super().check_marks(heading, ctx)
        else:
            ctx.problem(heading, "a multiple question needs at least one correct choice '- [x]'")

    def grade(self, answer: object) -> Grade:
        """Each correct pick earns 1/correct, each wrong pick costs 1/wrong; never below zero."""
        picks = _picks(answer)
        correct = self.correct_ids
        wrong = frozenset(choice.id for choice in self.choices) - correct
        earned = len(picks & correct) / len(correct) if correct else 0.0
        lost = len(picks & wrong) / len(wrong) if wrong else 0.0
        parts = tuple((choice.id in picks) == choice.is_correct for choice in self.choices)
        return Grade(max(0.0, earned - lost), parts)


def _picks(answer: object) -> frozenset[int]:
    if not isinstance(answer, Collection) or isinstance(answer, str):
        return frozenset()
    return frozenset(item for item in answer if is_index(item))


def _drafts(lines: Sequence[SourceLine], kind: str, ctx: ParseContext) -> list[_Draft]:
    drafts: list[_Draft] = []
    for line in lines:
        choice = _CHOICE.fullmatch(line.text.rstrip())
        feedback = _FEEDBACK.fullmatch(line.text.rstrip())
        if choice is not None:
            drafts.append(_Draft(line.number, choice.group(2), choice.group(1) != " ", []))
        elif feedback is not None and drafts:
            drafts[-1].feedback.append(feedback.group(1))
        elif line.text.strip():
            unexpected(line, kind, _EXPECTED, ctx)
    return drafts


def _choice(index: int, draft: _Draft, ctx: ParseContext) -> Choice:
    if not draft.text.strip():
        ctx.problem(draft.line, "this choice has no text: write it after '- [ ]'")
    feedback = ctx.block("\n".join(draft.feedback), draft.line + 1) if draft.feedback else ""
    return Choice(index, ctx.inline(draft.text, draft.line), draft.is_correct, feedback)
