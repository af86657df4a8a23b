"""Validating a draft with the one module loader: the same problems `flask modules check` reports.

The loader reads folders, so the draft's files are written to a private temporary folder named after the module
and loaded there; problem paths are then made module-relative (``lessons/01-intro.en.md``), as the studio shows
them beside the file they name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from learnapp.domain import content
from learnapp.domain.files import content_hash, module_files
from learnapp.domain.loader import MODULE_FILE, load_module
from learnapp.domain.problems import Problem


@dataclass(frozen=True)
class CheckedDraft:
    """What the loader made of a draft: the module (None when module.yaml is unusable), problems and hash."""

    module: content.Module | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    content_hash: str


def check_draft(files: Mapping[str, bytes], *, media_base: str = "") -> CheckedDraft:
    """Load the draft's files as a module folder and report what is wrong, by module-relative path and line."""
    if MODULE_FILE not in files:
        missing = Problem(MODULE_FILE, 1, "the module has no module.yaml: add one (see the authoring guide)")
        return CheckedDraft(None, (missing,), (), "")
    with tempfile.TemporaryDirectory(prefix="studio-") as root:
        folder = Path(root) / "module"
        for path, data in files.items():
            target = folder / PurePosixPath(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        folder.mkdir(exist_ok=True)
        sink: list[Problem] = []
        _, module = load_module(folder, media_base, sink)
        digest = content_hash(module_files(folder))
    prefix = f"{folder}/"
    errors = tuple(sorted({Problem(p.path.removeprefix(prefix), p.line, p.message) for p in sink}))
    return CheckedDraft(module, errors, (), digest)
