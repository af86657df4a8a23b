"""Checks that a translation has the same structure as the default language, so answers are shared."""

from __future__ import annotations

from collections.abc import Sequence

from learnapp.domain.content import Block
from learnapp.domain.problems import ProblemLog
from learnapp.domain.questions import Question


def check_blocks(default: Sequence[Block], blocks: Sequence[Block], default_name: str, log: ProblemLog) -> None:
    """Report a translation whose reflection and scenario blocks differ from the default language's."""
    expected = [(block.kind, block.id) for block in default]
    found = [(block.kind, block.id) for block in blocks]
    if found != expected:
        line = next(
            (block.line for block, pair in zip(blocks, expected, strict=False) if (block.kind, block.id) != pair),
            blocks[len(expected)].line if len(blocks) > len(expected) else 1,
        )
        log.add(
            line,
            f"the blocks differ from {default_name}: expected {_names(expected)}, found {_names(found)}; "
            "use the same block kinds and ids, in the same order, in every language",
        )


def _names(blocks: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} {ident}" for kind, ident in blocks) or "none"


def check_questions(
    default: Sequence[Question], questions: Sequence[Question], default_name: str, log: ProblemLog
) -> None:
    """Report questions that are missing, extra, or of another type, shape or weight than the default's."""
    by_id = {question.id: question for question in questions}
    default_ids = {question.id for question in default}
    for question in default:
        if question.id not in by_id:
            log.add(
                1,
                f"question '{question.id}' of {default_name} is missing here: translate it with the same id",
            )
    for question in questions:
        if question.id not in default_ids:
            log.add(
                question.line,
                f"question '{question.id}' is not in {default_name}: every language needs the same question ids",
            )
    for original in default:
        if original.id in by_id:
            _compare(original, by_id[original.id], default_name, log)


def _compare(original: Question, question: Question, default_name: str, log: ProblemLog) -> None:
    where = f"question '{question.id}'"
    if question.kind != original.kind:
        log.add(
            question.line,
            f"{where} is {question.kind} here but {original.kind} in {default_name}: "
            "the type must be the same in every language",
        )
    elif question.spec.shape() != original.spec.shape():
        log.add(
            question.line,
            f"{where} has {question.spec.shape()} here but {original.spec.shape()} in "
            f"{default_name}: keep the choices and correct answers the same in every language",
        )
    elif question.points != original.points:
        log.add(question.line, f"{where} has 'Points: {question.points:g}' here but 'Points: {original.points:g}' in "
                f"{default_name}: use the same points in every language")
