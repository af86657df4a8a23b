"""The files of a module folder: language-coded names, the file list, and the content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from learnapp.domain.languages import is_language
from learnapp.domain.problems import ProblemLog

LANGUAGE_HINT = "use an ISO 639-1 code such as en, ru, kk, ky, tg, tk or uz"


def is_hidden(path: Path, folder: Path) -> bool:
    """Tell whether a path inside ``folder`` is hidden (swap files, ``.DS_Store``); those are ignored."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def module_files(folder: Path) -> dict[str, Path]:
    """List the module folder's files by relative POSIX path, sorted, hidden ones left out."""
    found = (path for path in folder.rglob("*") if path.is_file() and not is_hidden(path, folder))
    return {path.relative_to(folder).as_posix(): path for path in sorted(found)}


def content_hash(files: dict[str, Path]) -> str:
    """Hash file names and bytes in sorted order, so an unchanged module is recognisably unchanged."""
    return bytes_hash({name: path.read_bytes() for name, path in files.items()})


def bytes_hash(files: Mapping[str, bytes]) -> str:
    """The content hash of files held in memory (relative POSIX path to bytes), as ``content_hash`` computes it."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def language_of(path: Path, log: ProblemLog) -> tuple[str, str] | None:
    """Split ``NAME.LANG.md`` into name and language, reporting a missing or unknown language."""
    stem = path.name.removesuffix(".md")
    name, dot, language = stem.rpartition(".")
    if not dot:
        log.add(1, f"the file name has no language: name it NAME.LANG.md, like {stem}.en.md")
    elif not is_language(language):
        log.add(1, f"unknown language code '{language}' in the file name: {LANGUAGE_HINT}")
    else:
        return name, language
    return None
