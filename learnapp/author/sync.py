"""Loading a checked modules tree into the database: `flask modules sync`.

One call, one transaction (the caller commits): a module whose content hash is unchanged is left alone, a changed
one gets a new immutable version (through ``publish_module``, the studio's publish path too), a module gone from
disk is archived (never deleted with its results), and an archived module that comes back is restored.

Files do not silently win over the web: when a module's current version was published in the studio and the files
differ from it (or the module is gone from the files), the sync refuses unless forced, and says what it would
replace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.author.publish import publish_module
from learnapp.domain import content
from learnapp.domain.files import module_files
from learnapp.extensions import db
from learnapp.models.content import Module

logger = logging.getLogger(__name__)
MEDIA_BASE = "/media/{module_id}/"


@dataclass
class SyncReport:
    """What a sync did, by module id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WebChange:
    """A module whose current version was published on the web and which the files would replace or archive."""

    slug: str
    version: int
    would: str  # "replace" or "archive"

    def __str__(self) -> str:
        """Say which version of which module would be lost from view, and how."""
        if self.would == "archive":
            return f"{self.slug}: version {self.version} was published on the web and is not in the files (archive)"
        return f"{self.slug}: version {self.version} was published on the web and differs from the files (replace)"


class WebChangesError(Exception):
    """The sync would replace or archive web-published versions; nothing was changed."""

    def __init__(self, changes: Sequence[WebChange]) -> None:
        """Keep the changes the sync refused to make."""
        super().__init__("; ".join(str(change) for change in changes))
        self.changes = tuple(changes)


def web_changes(modules: Sequence[content.Module]) -> list[WebChange]:
    """The web-published current versions that syncing ``modules`` would replace or archive, by module id."""
    loaded = {module.id: module.content_hash for module in modules}
    found = []
    for module in _existing().values():
        version = module.current_version
        if module.is_archived or version is None or version.origin != "web":
            continue
        if module.slug not in loaded:
            found.append(WebChange(module.slug, version.number, "archive"))
        elif loaded[module.slug] != version.content_hash:
            found.append(WebChange(module.slug, version.number, "replace"))
    return sorted(found, key=lambda change: change.slug)


def sync_modules(modules: Iterable[content.Module], *, force: bool = False) -> SyncReport:
    """Bring the database in line with `modules` (already validated, read from their folders); flush, do not commit.

    Raises WebChangesError, having changed nothing, when web-published versions would be replaced or archived,
    unless ``force``.
    """
    modules = list(modules)
    if not force:
        changes = web_changes(modules)
        if changes:
            raise WebChangesError(changes)
    report = SyncReport()
    existing = _existing()
    for loaded in modules:
        _sync_one(existing.get(loaded.id), loaded, report)
    seen = {loaded.id for loaded in modules}
    for slug, module in sorted(existing.items()):
        if slug not in seen and not module.is_archived:
            module.is_archived = True
            report.archived.append(slug)
    db.session.flush()
    logger.info(
        "Modules synced: %d new, %d new versions published, %d archived, %d restored, %d unchanged",
        len(report.created),
        len(report.updated),
        len(report.archived),
        len(report.restored),
        len(report.unchanged),
    )
    return report


def _existing() -> dict[str, Module]:
    query = sa.select(Module).options(so.selectinload(Module.current_version))
    return {module.slug: module for module in db.session.scalars(query)}


def _sync_one(module: Module | None, loaded: content.Module, report: SyncReport) -> None:
    was_archived = module is not None and module.is_archived
    files = {name: path.read_bytes() for name, path in module_files(Path(loaded.folder)).items()}
    version = publish_module(loaded, files, note="", actor_id=None, origin="files")
    if module is None:
        report.created.append(loaded.id)
    elif was_archived:
        report.restored.append(loaded.id)
    elif version is None:
        report.unchanged.append(loaded.id)
    else:
        report.updated.append(loaded.id)
