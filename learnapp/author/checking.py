"""Validating a draft with the one module loader (`sources.load_module_files`): what `flask modules check` says.

The draft is checked as a folder named after the module; problems and warnings come back with module-relative
paths (``lessons/01-intro.en.md``), which the studio shows beside the lines they name. The glossary of the modules
folder, when there is one, gives the terminology warnings as it does for files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from learnapp.author.sources import load_module_files
from learnapp.author.sync import MEDIA_BASE
from learnapp.domain import content
from learnapp.domain.files import bytes_hash
from learnapp.domain.glossary import GLOSSARY_FILE
from learnapp.domain.problems import Problem


@dataclass(frozen=True)
class CheckedDraft:
    """What the loader made of a draft: the module (None when module.yaml is unusable), problems, warnings, hash."""

    module: content.Module | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    content_hash: str


def _glossary() -> bytes | None:
    path = Path(current_app.config["MODULES_DIR"]) / GLOSSARY_FILE
    return path.read_bytes() if path.is_file() else None


def check_draft(
    files: Mapping[str, bytes],
    folder: str,
    *,
    media_base: str = MEDIA_BASE,
    with_glossary: bool = True,
    others: Mapping[str, Mapping[str, bytes]] | None = None,
) -> CheckedDraft:
    """Load the draft's files as the module folder ``folder`` and report what is wrong, by path and line.

    The module is returned even when some files have problems, so that the preview shows what can be shown.
    ``media_base`` is where images point: the published module's media by default (what a version stores), the
    draft's own media for the preview. ``others`` is the rest of the curriculum, for the checks across modules.
    """
    glossary = _glossary() if with_glossary else None
    result = load_module_files(files, media_base=media_base, folder=folder, glossary=glossary, others=others)
    module = result.modules[0] if result.modules else None
    return CheckedDraft(module, result.problems, result.warnings, bytes_hash(files))
