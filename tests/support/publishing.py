"""Publishing modules written by a test, as `flask modules sync` would."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain.loader import LoadResult, load_tree
from learnapp.extensions import db
from learnapp.models import Module
from tests.support.module_tree import write_module

# Loaded trees by content: many tests publish the same few modules, and reading and rendering them costs more than
# the rest of such a test. The loader is pure (files in, frozen values out), so a tree with the same files gives
# the same result; it is tested on its own in tests/domain and through `flask modules` in tests/data.
_loaded: dict[str, LoadResult] = {}


def _tree_key(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_modules(root: Path) -> LoadResult:
    """`load_tree(root)` of a valid tree, loaded once per distinct content; each module's folder is under `root`."""
    key = _tree_key(root)
    if key not in _loaded:
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, [str(problem) for problem in result.problems]
        _loaded[key] = result
    loaded = _loaded[key]
    modules = tuple(replace(module, folder=str(root / Path(module.folder).name)) for module in loaded.modules)
    return LoadResult(modules, loaded.problems)


def publisher(root: Path) -> Callable[..., Any]:
    """A function that writes a module under `root` (`write_module` options), syncs the tree and returns the Module.

    ``publish(None)`` syncs the tree again as it is on disk. Needs an application context.
    """

    def publish(module_id: str | None = "alpha", **options: Any) -> Any:
        if module_id is not None:
            write_module(root, module_id, **options)
        sync_modules(load_modules(root).modules)
        db.session.commit()
        return db.session.scalar(sa.select(Module).filter_by(slug=module_id))

    return publish
