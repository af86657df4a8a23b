"""What the GIFT and Aiken converters share: decoding uploaded text, drafts, ids, and the import result.

An import never half-succeeds: a parser returns every question it could read and a ``line: why`` for each one
it could not; the caller writes nothing unless there are no problems (or the user asked to skip bad ones).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from learnapp.domain.question_source import Note
from learnapp.domain.questions import Question
from learnapp.domain.quiz_writer import rewrite_problem
from learnapp.domain.slugs import question_id, unique_ids

BLANK = r"\_\_\_\_\_"
"""The gap left in a missing-word stem, escaped so Markdown shows five underscores."""


class DecodeError(ValueError):
    """The uploaded bytes are not text we read; the note says where and what to do."""

    def __init__(self, note: Note) -> None:
        """Keep the note."""
        super().__init__(str(note))
        self.note = note


def decode_text(data: bytes) -> str:
    r"""UTF-8 text with or without a BOM, line endings made ``\n``; anything else raises :class:`DecodeError`."""
    for bom, name in ((codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise DecodeError(Note(1, f"the file is {name}: save it as UTF-8 (with or without BOM)"))
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DecodeError(
            Note(line, f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8")
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DecodeError(Note(line, "the file holds a NUL byte, so it is not a text file: save it as UTF-8 text"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Draft:
    """A question read from GIFT or Aiken, before it has its final id.

    ``question`` is a source question (Markdown texts) whose id is empty; ``losses`` say what the target
    format could not hold.
    """

    line: int
    title: str
    question: Question
    category: str = ""
    losses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    """A question ready to be written to our quiz Markdown, with where it came from and what was lost."""

    line: int
    question: Question
    category: str = ""
    losses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """Every importable question, and a note for each one that is not (``problems``) or lost something."""

    questions: tuple[Imported, ...]
    problems: tuple[Note, ...]

    @property
    def is_ok(self) -> bool:
        """Whether every question can be imported."""
        return not self.problems

    @property
    def losses(self) -> tuple[Note, ...]:
        """What the import could not keep, question by question."""
        return tuple(Note(item.line, loss) for item in self.questions for loss in item.losses)

    @property
    def categories(self) -> tuple[str, ...]:
        """The distinct categories the questions came from, in order."""
        return tuple(dict.fromkeys(item.category for item in self.questions if item.category))


@dataclass(frozen=True)
class ExportResult:
    """An exported text, the number of questions it holds, and a note for each question left out or reduced."""

    text: str
    count: int
    notes: tuple[Note, ...]


def finish(drafts: Sequence[Draft], problems: Iterable[Note], taken: Iterable[str] = ()) -> ImportResult:
    """Give drafts unique ids (from titles, else stems; none of ``taken``) and check each one writes back."""
    found = list(problems)
    ids = unique_ids([question_id(draft.title, draft.question.text_html) for draft in drafts], taken)
    kept: list[Imported] = []
    for draft, new_id in zip(drafts, ids, strict=True):
        question = replace(draft.question, id=new_id, line=0)
        problem = rewrite_problem(question)
        if problem is None:
            kept.append(Imported(draft.line, question, draft.category, tuple(draft.losses)))
        else:
            found.append(Note(draft.line, f"cannot be written as our quiz Markdown: {problem}"))
    return ImportResult(tuple(kept), tuple(sorted(found, key=lambda note: note.line)))
