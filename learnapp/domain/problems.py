"""Problems found in a modules tree, each reported as ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a content file; the message says what is wrong and how to fix it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """Render as ``path:line: message``, the form editors and CI logs link to."""
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ProblemLog:
    """Collects the problems of one file into a shared list, so checking never stops at the first one."""

    path: str
    sink: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        """Record a problem; line numbers are 1-based and a file-level problem points at line 1."""
        self.sink.append(Problem(self.path, max(line, 1), message))
