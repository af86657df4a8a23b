"""Telling cheaply whether a modules tree is exactly what the database holds: the fast path of `flask modules sync`.

A module folder's content hash is the one the loader computes (file names and bytes, hidden files left out), read
without parsing, rendering or validating anything. The tree is unchanged when every module folder on disk matches
exactly one non-archived module whose current version came from a folder of that name with that hash, and no
other module is live: a full sync would then write nothing and report every module as unchanged. A current version
synced before versions kept their source files is not a match: the full sync fills its files in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from learnapp.domain.files import content_hash, is_hidden, module_files
from learnapp.domain.loader import MODULE_FILE
from learnapp.extensions import db
from learnapp.models.content import Module, ModuleFile, ModuleVersion


@dataclass(frozen=True)
class LiveModule:
    """A non-archived module as the database holds it: its current version's folder, hash and position."""

    slug: str
    source_folder: str | None
    content_hash: str | None
    position: int
    has_sources: bool = True


def folder_hashes(root: Path) -> dict[str, str] | None:
    """Each module folder's name and content hash; None when the loader would report a problem with the tree itself.

    That is, when ``root`` is not a folder or one of its folders has no module.yaml: the full load says why.
    """
    if not root.is_dir():
        return None
    folders = [child for child in root.iterdir() if child.is_dir() and not is_hidden(child, root)]
    if not all((child / MODULE_FILE).is_file() for child in folders):
        return None
    return {child.name: content_hash(module_files(child)) for child in folders}


def live_modules() -> list[LiveModule]:
    """Every non-archived module with its current version's folder, hash, position and whether its sources are kept.

    One query.
    """
    sources = (
        sa.select(ModuleFile.id)
        .where(ModuleFile.version_id == ModuleVersion.id, ModuleFile.path == MODULE_FILE)
        .exists()
    )
    query = (
        sa.select(Module.slug, ModuleVersion.source_folder, ModuleVersion.content_hash, ModuleVersion.position, sources)
        .outerjoin(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False))
    )
    return [
        LiveModule(slug, folder, digest, position or 0, bool(kept))
        for slug, folder, digest, position, kept in db.session.execute(query)
    ]


def match_unchanged(hashes: Mapping[str, str], modules: Sequence[LiveModule]) -> list[str] | None:
    """The module ids in catalogue order (position, then id) when folders and live modules pair off one to one.

    None when any folder has no module, or more than one, of its name and hash, or a live module has no folder,
    or a live module's current version lacks its source files.
    """
    keys = Counter((module.source_folder, module.content_hash) for module in modules)
    if len(modules) != len(hashes) or any(keys[item] != 1 for item in hashes.items()):
        return None
    if not all(module.has_sources for module in modules):
        return None
    return [module.slug for module in sorted(modules, key=lambda module: (module.position, module.slug))]


def unchanged_tree(root: Path) -> list[str] | None:
    """The ids of the modules under ``root`` when none changed since the last sync, in catalogue order; else None.

    None means "load, validate and sync as usual": something was added, changed, removed or renamed, or the tree
    has a problem the loader reports.
    """
    hashes = folder_hashes(root)
    return None if hashes is None else match_unchanged(hashes, live_modules())
