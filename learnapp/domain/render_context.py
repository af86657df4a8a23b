"""Rendering the Markdown of one content file while reporting its images, links and admonitions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from learnapp.domain.markdown_render import ADMONITION_KINDS, Rendered, render_inline, render_markdown
from learnapp.domain.problems import Problem, ProblemLog

_ADMONITION = re.compile(r"\s*!!!\s*([A-Za-z_-]*)")
_ADD_IMAGE = "add the file, or fix the path (it is relative to the module folder, like media/NAME)"
_NOT_THERE = "is not in the module folder"
_ADD_FILE = "add the file, or fix the path (relative to the module folder)"
_ADD_ALT = "describe the image, as in ![Pathways diagram](media/pathways.png)"


class FileContext:
    """Renders a file's Markdown and reports what is wrong in it at the file's own line numbers."""

    def __init__(
        self,
        log: ProblemLog,
        source: str,
        files: frozenset[str],
        media_base: str = "",
        *,
        in_survey: bool = False,
    ) -> None:
        """Keep the file's text (to find lines), the module folder's files and where media is served from."""
        self.log = log
        self.lines: Sequence[str] = source.split("\n")
        self.files = files
        self.media_base = media_base
        self.in_survey = in_survey

    def problem(self, line: int, message: str) -> None:
        """Report a problem at a line of this file."""
        self.log.add(line, message)

    def block(self, text: str, line: int) -> str:
        """Render Markdown starting at ``line``, reporting bad references and unknown admonitions."""
        self._check_admonitions(text, line)
        return self._checked(render_markdown(text, media_base=self.media_base), line)

    def inline(self, text: str, line: int) -> str:
        """Render a single line of Markdown without a wrapping paragraph."""
        return self._checked(render_inline(text, media_base=self.media_base), line)

    def _checked(self, rendered: Rendered, line: int) -> str:
        for refused in rendered.refused:
            self._report(refused.target, line, f"{refused.kind} '{refused.target}' {refused.reason}")
        for path in (path for path in rendered.images if path not in self.files):
            self._report(path, line, f"image '{path}' {_NOT_THERE}: {_ADD_IMAGE}")
        for path in (path for path in rendered.files if path not in self.files):
            self._report(path, line, f"link '{path}' names a file that {_NOT_THERE}: {_ADD_FILE}")
        for path in rendered.missing_alt:
            self._report(path, line, f"image '{path}' has no alt text: {_ADD_ALT}")
        return rendered.html

    def _report(self, target: str, line: int, message: str) -> None:
        self.log.add(self._line_of(target, line), message)

    def _check_admonitions(self, text: str, line: int) -> None:
        for source in text.split("\n"):
            match = _ADMONITION.match(source)
            if match is not None and match.group(1) not in ADMONITION_KINDS:
                self.log.add(
                    self._line_of(source.strip(), line),
                    f"unknown admonition '{match.group(1)}': use note, tip, warning or "
                    "important, as in '!!! note \"Key point\"'",
                )

    def _line_of(self, target: str, start: int) -> int:
        """Find the line that mentions ``target``, searching from ``start`` on, then from the top."""
        order = [*range(start - 1, len(self.lines)), *range(0, start - 1)]
        return next((index + 1 for index in order if target in self.lines[index]), start)


@dataclass(frozen=True)
class LoadSetting:
    """What loading any file of a module needs: the folder's files, the media URL prefix, the problem list."""

    files: frozenset[str]
    media_base: str
    sink: list[Problem]

    def context(self, log: ProblemLog, source: str, *, in_survey: bool = False) -> FileContext:
        """Make the rendering context for one file."""
        return FileContext(log, source, self.files, self.media_base, in_survey=in_survey)
