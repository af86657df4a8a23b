"""Splitting a lesson body into prose and ``:::`` blocks (reflection prompts and scenario steps)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from learnapp.domain.problems import ProblemLog
from learnapp.domain.schema import ID_RULE, is_id

BLOCK_KINDS = ("reflection", "scenario")

_FENCE = re.compile(r":::(.*)")
_COMMENTARY = re.compile(r"---\s*commentary\s*")
_INDENTED_FENCE = "a ':::' line must start at the beginning of the line: remove the indentation"
_STRAY_COMMENTARY = "'--- commentary' belongs inside a '::: scenario ID' block: move it or remove it"


@dataclass(frozen=True)
class Prose:
    """Markdown between blocks, with the file line it starts at."""

    text: str
    line: int


@dataclass(frozen=True)
class SourceBlock:
    """A ``:::`` block as written: its kind, id, prompt and (for a scenario) commentary Markdown."""

    kind: str
    id: str
    line: int
    prompt: str
    commentary: str


@dataclass
class _Open:
    kind: str
    id: str
    line: int
    prompt: list[str] = field(default_factory=list)
    commentary: list[str] = field(default_factory=list)
    separators: int = 0

    def add(self, text: str) -> None:
        (self.commentary if self.separators else self.prompt).append(text)


class _Splitter:
    def __init__(self, first_line: int, log: ProblemLog) -> None:
        self.log = log
        self.parts: list[Prose | SourceBlock] = []
        self.prose: list[str] = []
        self.prose_line = first_line
        self.block: _Open | None = None
        self.seen: dict[str, int] = {}

    def feed(self, number: int, line: str) -> None:
        fence = _FENCE.fullmatch(line.rstrip())
        if fence is not None:
            self._fence(number, fence.group(1).strip())
        elif _COMMENTARY.fullmatch(line.strip()):
            self._separator(number)
        elif line.lstrip().startswith(":::"):
            self.log.add(number, _INDENTED_FENCE)
        elif self.block is not None:
            self.block.add(line)
        else:
            self.prose.append(line)

    def _fence(self, number: int, rest: str) -> None:
        if rest:
            self._open(number, rest)
        elif self.block is None:
            self.log.add(number, "':::' closes no block: remove it, or open a block with '::: reflection ID'")
        else:
            self._close(self.block)
            self.block, self.prose_line = None, number + 1

    def _open(self, number: int, rest: str) -> None:
        if self.block is not None:
            self._unclosed(self.block)
        self._flush_prose(number)
        kind, _, ident = rest.partition(" ")
        self.block = _Open(kind, ident.strip(), number)
        self._check_opening(self.block)

    def _check_opening(self, block: _Open) -> None:
        if block.kind not in BLOCK_KINDS:
            hint = "write '::: reflection ID' or '::: scenario ID'"
            self.log.add(block.line, f"unknown block '{block.kind}': {hint}")
        elif not block.id:
            self.log.add(block.line, f"a {block.kind} needs an id: write '::: {block.kind} some-id'")
        elif not is_id(block.id):
            self.log.add(block.line, f"{block.kind} id must be {ID_RULE}, not '{block.id}'")
        elif block.id in self.seen:
            self.log.add(
                block.line,
                f"block id '{block.id}' is already used on line {self.seen[block.id]}: "
                "give each block in the lesson its own id",
            )
        self.seen.setdefault(block.id, block.line)

    def _separator(self, number: int) -> None:
        if self.block is None or self.block.kind != "scenario":
            self.log.add(number, _STRAY_COMMENTARY)
        else:
            self.block.separators += 1

    def _close(self, block: _Open) -> None:
        if block.kind == "scenario" and block.separators != 1:
            self.log.add(
                block.line,
                f"scenario '{block.id}' needs exactly one '--- commentary' line between the "
                f"prompt and the commentary; found {block.separators}",
            )
        elif not "\n".join(block.prompt).strip():
            self.log.add(block.line, f"{block.kind} '{block.id}' has no text: write the prompt before ':::'")
        elif block.separators and not "\n".join(block.commentary).strip():
            hint = "write it after '--- commentary'"
            self.log.add(block.line, f"scenario '{block.id}' has no commentary: {hint}")
        elif block.kind in BLOCK_KINDS:
            self.parts.append(SourceBlock(block.kind, block.id, block.line, *self._texts(block)))

    @staticmethod
    def _texts(block: _Open) -> tuple[str, str]:
        return "\n".join(block.prompt).strip("\n"), "\n".join(block.commentary).strip("\n")

    def _unclosed(self, block: _Open) -> None:
        self.log.add(block.line, f"{block.kind} '{block.id}' is not closed: add a line ':::' after its text")

    def _flush_prose(self, number: int) -> None:
        if "\n".join(self.prose).strip():
            self.parts.append(Prose("\n".join(self.prose), self.prose_line))
        self.prose, self.prose_line = [], number + 1

    def finish(self, last_line: int) -> list[Prose | SourceBlock]:
        if self.block is not None:
            self._unclosed(self.block)
        self._flush_prose(last_line)
        return self.parts


def split_blocks(body: str, first_line: int, log: ProblemLog) -> list[Prose | SourceBlock]:
    """Split a lesson body into prose and blocks, reporting every malformed block."""
    splitter = _Splitter(first_line, log)
    lines = body.split("\n")
    for offset, line in enumerate(lines):
        splitter.feed(first_line + offset, line)
    return splitter.finish(first_line + len(lines))
