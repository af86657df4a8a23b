"""Checks that a translation has the same structure as the default language, so answers are shared."""

from __future__ import annotations

from collections.abc import Sequence

from learnapp.domain.content import Block
from learnapp.domain.problems import ProblemLog
from learnapp.domain.questions import Question

_SAME_BLOCKS = "use the same block kinds and ids, in the same order, in every language"
_SAME_TYPE = "the type must be the same in every language"
_SAME_SHAPE = "keep the choices and correct answers the same in every language"
_SAME_POINTS = "use the same points in every language"


def check_blocks(
    default: Sequence[Block],
    blocks: Sequence[Block],
    default_name: str,
    log: ProblemLog,
) -> None:
    """Report a translation whose reflection and scenario blocks differ from the default language's."""
    expected = [(block.kind, block.id) for block in default]
    found = [(block.kind, block.id) for block in blocks]
    if found != expected:
        differs = f"the blocks differ from {default_name}: expected {_names(expected)}, found {_names(found)}"
        log.add(_first_difference(blocks, expected), f"{differs}; {_SAME_BLOCKS}")


def _first_difference(blocks: Sequence[Block], expected: Sequence[tuple[str, str]]) -> int:
    """The line of the first differing block, else of the first extra block, else 1 (blocks are missing)."""
    for block, pair in zip(blocks, expected, strict=False):
        if (block.kind, block.id) != pair:
            return block.line
    return blocks[len(expected)].line if len(blocks) > len(expected) else 1


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
            missing = f"question '{question.id}' of {default_name} is missing here"
            log.add(1, f"{missing}: translate it with the same id")
    for question in questions:
        if question.id not in default_ids:
            hint = "every language needs the same question ids"
            log.add(question.line, f"question '{question.id}' is not in {default_name}: {hint}")
    for original in default:
        if original.id in by_id:
            _compare(original, by_id[original.id], default_name, log)


def _compare(original: Question, question: Question, default_name: str, log: ProblemLog) -> None:
    checks = (
        ("is", question.kind, original.kind, _SAME_TYPE),
        ("has", question.spec.shape(), original.spec.shape(), _SAME_SHAPE),
        ("has", f"'Points: {question.points:g}'", f"'Points: {original.points:g}'", _SAME_POINTS),
    )
    for verb, here, there, hint in checks:
        if here != there:
            differs = f"{verb} {here} here but {there} in {default_name}"
            log.add(question.line, f"question '{question.id}' {differs}: {hint}")
            return
