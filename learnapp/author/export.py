"""Writing published versions back as module folders: `flask modules export`.

Each version is written as the folder it was published from (its source folder name), byte for byte, so that
syncing the exported tree gives the same content hash: this is how a module edited in the studio gets back into
the files (and into git). Everything is checked before anything is written; an existing folder is only replaced
when asked, and then its files become exactly the version's (hidden files, which never count, are left alone).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.author.sources import version_files
from learnapp.domain.files import module_files
from learnapp.domain.module_archive import MODULE_FILE, check_folder_name
from learnapp.extensions import db
from learnapp.models.content import Module, ModuleVersion

logger = logging.getLogger(__name__)


class ExportError(Exception):
    """An export was refused before anything was written; the message says which module and what to do."""


@dataclass(frozen=True)
class Exported:
    """A version to write: which module, which version number, into which folder, with which files."""

    slug: str
    number: int
    folder: str
    files: dict[str, bytes]


def versions_to_export(slug: str | None, number: int | None = None) -> list[tuple[str, ModuleVersion]]:
    """Module ``slug``'s current version (or version ``number``); with no slug, every live module's current one."""
    if slug is None:
        query = (
            sa.select(Module)
            .where(Module.is_archived.is_(False), Module.current_version_id.is_not(None))
            .options(so.selectinload(Module.current_version))
            .order_by(Module.slug)
        )
        return [(module.slug, module.current_version) for module in db.session.scalars(query) if module.current_version]
    module = db.session.scalar(sa.select(Module).filter_by(slug=slug))
    if module is None:
        raise ExportError(f"no module has the id '{slug}': see the ids with 'flask modules check' or the catalogue")
    if number is None:
        version = module.current_version
    else:
        version = db.session.scalar(sa.select(ModuleVersion).filter_by(module_id=module.id, number=number))
    if version is None:
        which = f"version {number}" if number is not None else "a published version"
        raise ExportError(f"module '{slug}' has no {which}")
    return [(slug, version)]


def prepare(versions: list[tuple[str, ModuleVersion]], directory: Path, *, overwrite: bool) -> list[Exported]:
    """Read and check every version to write; ExportError, with nothing written, when any cannot be."""
    prepared = []
    folders: dict[str, str] = {}
    for slug, version in versions:
        files = version_files(version.id)
        if MODULE_FILE not in files:
            raise ExportError(
                f"module '{slug}' version {version.number} was synced before versions kept their files: "
                "run 'flask modules sync' on the folder it came from once, then export again"
            )
        refusal = check_folder_name(version.source_folder) or _unsafe_path(files)
        if refusal is not None:
            raise ExportError(f"module '{slug}' version {version.number}: {refusal}")
        if version.source_folder in folders:
            raise ExportError(
                f"modules '{folders[version.source_folder]}' and '{slug}' both come from a folder named "
                f"'{version.source_folder}': export them one at a time into different directories"
            )
        folders[version.source_folder] = slug
        target = directory / version.source_folder
        if not overwrite and target.exists() and any(target.iterdir()):
            raise ExportError(f"{target} exists and is not empty: choose another directory or add --overwrite")
        prepared.append(Exported(slug, version.number, version.source_folder, files))
    return prepared


def _unsafe_path(files: dict[str, bytes]) -> str | None:
    for path in files:
        parts = path.split("/")
        if path.startswith("/") or "\\" in path or any(part in ("", ".", "..") for part in parts):
            return f"the stored path '{path}' is not a plain relative path, so it is not written"
    return None


def write(exported: Exported, directory: Path) -> Path:
    """Write one version's folder; an existing folder's other (non-hidden) files are removed, so it matches exactly."""
    target = directory / exported.folder
    if target.is_dir():
        for name, stale in module_files(target).items():
            if name not in exported.files:
                stale.unlink()
    for path, data in sorted(exported.files.items()):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(data)
    logger.info("Module %s version %d exported", exported.slug, exported.number)
    return target
