"""A module's files outside a modules folder: what a version was published from, and checking files held in memory.

The studio keeps a draft as files in the database, not in a folder; ``load_module_files`` checks it with the very
loader `flask modules check` uses, by writing the files into a temporary folder first (the loader reads folders,
and one loader is what keeps the two ways of authoring in step). Problems come back with module-relative paths,
``lessons/01-intro.en.md:12: ...``, so an editor can show each beside its line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from learnapp.author.sync import MEDIA_BASE
from learnapp.domain.glossary import GLOSSARY_FILE
from learnapp.domain.loader import LoadResult, load_tree
from learnapp.domain.module_archive import MODULE_FILE, check_folder_name, check_module_path
from learnapp.domain.problems import Problem
from learnapp.extensions import db
from learnapp.models.content import Module, ModuleFile, ModuleVersion

DRAFT_FOLDER = "module"


def version_files(version_id: int) -> dict[str, bytes]:
    """The files a version was published from, by module-relative POSIX path, in path order (one query).

    A version synced before sources were kept holds only its media until the next `flask modules sync`.
    """
    rows = db.session.execute(
        sa.select(ModuleFile.path, ModuleFile.data).filter_by(version_id=version_id).order_by(ModuleFile.path)
    )
    return {path: bytes(data) for path, data in rows}


def curriculum_outline(exclude_slug: str | None = None, *, quizzes: bool = True) -> dict[str, dict[str, bytes]]:
    """The rest of the curriculum as ``load_module_files`` takes it in ``others``, cheaply: folder name to files.

    For every live module but ``exclude_slug``, its current version's module.yaml and quiz files (one query): what
    the checks across modules need (prerequisites, repeated question stems, feedback naming a module), without the
    lessons, whose rendering is what makes loading the whole curriculum slow. A folder name used twice gets the
    module id added, so no module is left out.
    """
    query = (
        sa.select(Module.slug, ModuleVersion.source_folder, ModuleFile.path, ModuleFile.data)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .join(ModuleFile, ModuleFile.version_id == ModuleVersion.id)
        .where(
            Module.is_archived.is_(False),
            Module.slug != (exclude_slug or ""),
            sa.or_(ModuleFile.path == MODULE_FILE, ModuleFile.path.like("quiz.%.md") if quizzes else sa.false()),
        )
        .order_by(Module.slug, ModuleFile.path)
    )
    folders: dict[str, str] = {}
    outline: dict[str, dict[str, bytes]] = {}
    for slug, source_folder, path, data in db.session.execute(query):
        if slug not in folders:
            taken = source_folder in folders.values()
            folders[slug] = f"{source_folder}-{slug}" if taken else source_folder
        outline.setdefault(folders[slug], {})[path] = bytes(data)
    return outline


def load_module_files(
    files: Mapping[str, bytes],
    *,
    media_base: str = MEDIA_BASE,
    folder: str = DRAFT_FOLDER,
    others: Mapping[str, Mapping[str, bytes]] | None = None,
    glossary: bytes | None = None,
) -> LoadResult:
    """Validate one module given as files (module-relative POSIX path to bytes), as `flask modules check` would.

    ``folder`` is the module's folder name (it becomes the version's source folder). ``others`` are the rest of
    the curriculum, folder name to files (``curriculum_outline()`` gives them cheaply), when the checks across
    modules should see them: prerequisites, repeated question stems and feedback that names another module.
    Without them, those checks look only at this module: a prerequisite is then reported as naming no module,
    and references to other modules are not checked. ``glossary`` is the bytes of glossary.yaml, for the
    terminology warnings. Only this module's problems and warnings are returned (and the glossary's, as
    ``glossary.yaml:N``), with paths relative to the module folder; a path that has no place in a module folder is
    a problem and is not written. Raises ValueError for an unusable ``folder`` name.
    """
    refusal = check_folder_name(folder)
    if refusal is not None:
        raise ValueError(refusal)
    with tempfile.TemporaryDirectory(prefix="learnapp-module-") as temporary:
        root = Path(temporary)
        refused = _write(root / folder, files)
        for name, other in (others or {}).items():
            if name != folder and check_folder_name(name) is None:
                _write(root / name, other)
        if glossary is not None:
            (root / GLOSSARY_FILE).write_bytes(glossary)
        result = load_tree(root, media_base=media_base, whole_curriculum=bool(others), warn_only=folder)
    prefix = f"{root / folder}/"
    module = [replace(item, folder=folder) for item in result.modules if item.folder == str(root / folder)]
    return LoadResult(
        tuple(module),
        tuple(sorted({*refused, *_relative(result.problems, prefix, root)})),
        tuple(sorted(_relative(result.warnings, prefix, root))),
    )


def _write(target: Path, files: Mapping[str, bytes]) -> list[Problem]:
    refused = []
    for path, data in files.items():
        reason = check_module_path(path)
        if reason is not None:
            refused.append(Problem(path, 1, f"{reason}; this file was not checked"))
            continue
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    target.mkdir(parents=True, exist_ok=True)
    return refused


def _relative(problems: tuple[Problem, ...], prefix: str, root: Path) -> list[Problem]:
    """This module's and the glossary's problems, with the temporary folder taken out of paths and messages."""
    glossary = str(root / GLOSSARY_FILE)
    kept = []
    for problem in problems:
        message = problem.message.replace(prefix, "").replace(f"{root}/", "")
        if problem.path.startswith(prefix):
            kept.append(Problem(problem.path.removeprefix(prefix), problem.line, message))
        elif problem.path == glossary:
            kept.append(Problem(GLOSSARY_FILE, problem.line, message))
    return kept
