"""Publishing modules written by a test, as `flask modules sync` would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain.loader import load_tree
from learnapp.extensions import db
from learnapp.models import Module
from tests.support.module_tree import write_module


def publisher(root: Path) -> Callable[..., Any]:
    """A function that writes a module under `root` (`write_module` options), syncs the tree and returns the Module.

    ``publish(None)`` syncs the tree again as it is on disk. Needs an application context.
    """

    def publish(module_id: str | None = "alpha", **options: Any) -> Any:
        if module_id is not None:
            write_module(root, module_id, **options)
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, [str(problem) for problem in result.problems]
        sync_modules(result.modules)
        db.session.commit()
        return db.session.scalar(sa.select(Module).filter_by(slug=module_id))

    return publish
