"""The studio's preview of the longest curriculum lesson, as a ratio to the trainee's page of the same lesson.

It also times a save of the largest curriculum module (by bytes of text): each save runs the loader over the whole
draft, as every studio save does, and checks it against the rest of the published curriculum.

The lesson page reads HTML rendered and sanitised once, at publish; the preview renders and sanitises the whole
draft module on every request (it shows unpublished text), so it is expected to cost more. This measures how much:
the curriculum under modules/ is synced into a temporary SQLite database, the module with the longest lesson gets
a draft, and an administrator requests both pages in turn through the app (no HTTP server: the ratio is what the
app does). Prints the median of each and their ratio.

Run ``python -m bench.studio`` (``--rounds N``). It exits 0 whatever the numbers: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask.testing import FlaskClient

from config import TestConfig
from learnapp import create_app
from learnapp.accounts.operations import create_user
from learnapp.author import operations, queries
from learnapp.author.sources import version_files
from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain import glossary, markdown_render, yaml_source
from learnapp.domain.loader import load_tree
from learnapp.domain.profiles import Role
from learnapp.domain.sized_cache import SizedCache
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import Module, ModuleFile, ModuleVersion

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-for-the-studio-2026"


def _timed(request: Callable[[], int], rounds: int) -> float:
    """The median seconds of ``rounds`` requests (after one warm-up), each checked to answer 200."""
    assert request() == 200
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert request() == 200
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _largest_module() -> tuple[str, str, str]:
    """The largest module by bytes of its current version, and its first English lesson (path and text)."""
    size = sa.func.sum(sa.func.length(ModuleFile.data))
    slug, version_id = db.session.execute(
        sa.select(Module.slug, Module.current_version_id)
        .join(ModuleFile, ModuleFile.version_id == Module.current_version_id)
        .group_by(Module.slug, Module.current_version_id)
        .order_by(size.desc())
        .limit(1)
    ).one()
    assert version_id is not None
    files = version_files(version_id)
    module = db.session.scalar(sa.select(Module).filter_by(slug=slug))
    assert module is not None
    version = db.session.get(ModuleVersion, version_id)
    assert version is not None
    if queries.draft(slug) is None:
        operations.start_draft(slug, files, None, module_id=module.id, folder=version.source_folder)
    path = min(path for path in files if path.startswith("lessons/") and path.endswith(".en.md"))
    return slug, path, files[path].decode("utf-8")


def _timed_saves(client: FlaskClient, slug: str, path: str, text: str, rounds: int) -> tuple[float, float]:
    """The first save's seconds, and the median of the next ``rounds`` (the text changes each time, as an edit does).

    The first save in a process fills the renderer's and the YAML parser's caches with the curriculum; a server
    process pays that once, so the median is what an author waits for on each save.
    """
    for cached in (markdown_render, yaml_source, glossary):  # cold: as in a server process just started
        for value in vars(cached).values():
            if isinstance(value, SizedCache):
                value.clear()
            elif not isinstance(value, type):  # lru_cache functions
                getattr(value, "cache_clear", lambda: None)()
    times = []
    for revision in range(1, rounds + 2):
        data = {"text": text + "\n" * (revision % 2), "revision": str(revision), "save": "1"}
        start = time.perf_counter()
        response = client.post(f"/studio/{slug}/files/{path}", data=data)
        assert response.status_code == 302, response.status_code
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:])


def main(argv: list[str] | None = None) -> int:
    """Sync the curriculum, draft the module of the longest lesson, time both pages, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="requests per page (default 30)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-studio-") as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db", WTF_CSRF_ENABLED=False)
        with app.app_context():
            db.create_all()
            result = load_tree(ROOT / "modules", media_base=MEDIA_BASE)
            assert result.is_ok, [str(problem) for problem in result.problems]
            sync_modules(result.modules)
            path, version_id, size = db.session.execute(
                sa.select(ModuleFile.path, ModuleFile.version_id, sa.func.length(ModuleFile.data))
                .where(ModuleFile.path.like("lessons/%.en.md"))
                .order_by(sa.func.length(ModuleFile.data).desc())
                .limit(1)
            ).one()
            version = db.session.get(ModuleVersion, version_id)
            assert version is not None
            module = db.session.get(Module, version.module_id)
            assert module is not None
            create_user(UserRecord("bench-admin@example.org", "Bench Admin", role=Role.ADMIN), PASSWORD)
            operations.start_draft(
                module.slug, version_files(version.id), None, module_id=module.id, folder=version.source_folder
            )
            largest, largest_path, largest_text = _largest_module()
            db.session.commit()
            slug, stem = module.slug, path.removeprefix("lessons/").removesuffix(".en.md")
        client = app.test_client()
        response = client.post("/sign-in", data={"email": "bench-admin@example.org", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        lesson = _timed(lambda: client.get(f"/modules/{slug}/lessons/{stem}?lang=en").status_code, args.rounds)
        preview = _timed(lambda: client.get(f"/studio/{slug}/preview/lessons/{stem}?lang=en").status_code, args.rounds)
        first_save, save = _timed_saves(client, largest, largest_path, largest_text, max(args.rounds // 3, 5))
    print(f"longest curriculum lesson: {slug} / {stem} (English, {size:,} bytes of Markdown)")
    print(f"lesson page (trainee):  {lesson * 1000:8.1f} ms median of {args.rounds}")
    print(f"studio preview:         {preview * 1000:8.1f} ms median of {args.rounds}")
    print(f"preview / lesson page:  {preview / lesson:8.1f} x")
    print(f"save of {largest_path} in the largest module ({largest}):")
    print(f"first save (cold):      {first_save * 1000:8.1f} ms")
    print(f"studio save:            {save * 1000:8.1f} ms median of {max(args.rounds // 3, 5)}")
    print(f"save / lesson page:     {save / lesson:8.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
