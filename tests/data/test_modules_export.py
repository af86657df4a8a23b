"""`flask modules export` writes published versions back as folders; `sync` does not overwrite web changes silently."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from learnapp.author.fingerprint import folder_hashes
from learnapp.author.publish import publish_module
from learnapp.domain.files import module_files
from learnapp.models import Module, ModuleFile, ModuleVersion
from tests.support.module_tree import write_module
from tests.support.publishing import load_modules

ROOT = Path(__file__).resolve().parents[2]


def current_hashes(db):
    query = sa.select(Module.slug, ModuleVersion.content_hash).join(
        ModuleVersion, Module.current_version_id == ModuleVersion.id
    )
    return dict(db.session.execute(query).all())


def version_count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleVersion))


@pytest.fixture()
def tree(tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    write_module(root, "beta", order=2)
    return root


def publish_on_the_web(tmp_path, body="Edited **on the web**."):
    """Publish a changed alpha as the studio would: other files, origin web."""
    web = tmp_path / "web"
    folder = write_module(web, "alpha", order=1, body=body)
    (loaded,) = load_modules(web).modules
    files = {name: path.read_bytes() for name, path in module_files(folder).items()}
    return publish_module(loaded, files, note="Edited in the studio", actor_id=None, origin="web")


@pytest.mark.committing  # two full syncs of the curriculum into a database emptied in between
def test_the_curriculum_exported_and_synced_into_an_empty_database_keeps_every_content_hash(runner, db, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(ROOT / "modules")]).exit_code == 0
    direct = current_hashes(db)
    assert len(direct) == 8
    exported = tmp_path / "exported"
    result = runner.invoke(args=["modules", "export", "--all", str(exported)])
    assert result.exit_code == 0, result.output
    assert folder_hashes(exported) == folder_hashes(ROOT / "modules")  # same folders, same bytes
    db.session.execute(sa.update(Module).values(current_version_id=None))
    db.session.execute(sa.delete(Module))
    db.session.commit()
    assert version_count(db) == 0 and db.session.scalar(sa.select(sa.func.count()).select_from(ModuleFile)) == 0
    assert runner.invoke(args=["modules", "sync", str(exported)]).exit_code == 0
    assert current_hashes(db) == direct


def test_export_writes_one_module_as_its_folder_byte_for_byte(runner, db, tree, tmp_path):
    (tree / "01-alpha" / "media").mkdir()
    (tree / "01-alpha" / "media" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    result = runner.invoke(args=["modules", "export", "alpha", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "alpha: version 1 ->" in result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["01-alpha"]
    assert folder_hashes(tmp_path / "out") == {"01-alpha": folder_hashes(tree)["01-alpha"]}


def test_export_of_an_earlier_version(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    first = folder_hashes(tree)["01-alpha"]
    write_module(tree, "alpha", order=1, body="Changed.")
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    result = runner.invoke(args=["modules", "export", "alpha", "--version", "1", str(tmp_path / "out")])
    assert result.exit_code == 0 and "alpha: version 1" in result.output
    assert folder_hashes(tmp_path / "out") == {"01-alpha": first}


def test_export_refuses_to_overwrite_a_folder_unless_asked_and_then_makes_it_exact(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    out = tmp_path / "out"
    (out / "01-alpha" / "lessons").mkdir(parents=True)
    stale = out / "01-alpha" / "lessons" / "09-old.en.md"
    stale.write_text("old")
    refused = runner.invoke(args=["modules", "export", "--all", str(out)])
    assert refused.exit_code == 1
    assert "01-alpha exists and is not empty: choose another directory or add --overwrite" in refused.output
    assert "nothing was written" in refused.output and not (out / "02-beta").exists()
    assert runner.invoke(args=["modules", "export", "--all", "--overwrite", str(out)]).exit_code == 0
    assert not stale.exists() and folder_hashes(out) == folder_hashes(tree)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "gamma", "DIR"], "no module has the id 'gamma'"),
        (["export", "alpha", "--version", "7", "DIR"], "module 'alpha' has no version 7"),
        (["export", "DIR"], "give SLUG and DIR, or --all and DIR"),
        (["export", "--all", "alpha", "DIR"], "give SLUG and DIR, or --all and DIR"),
    ],
)
def test_export_says_what_is_wrong_with_the_request(runner, db, tree, tmp_path, args, message):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    result = runner.invoke(args=["modules", *[str(tmp_path / "out") if arg == "DIR" else arg for arg in args]])
    assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "out").exists()


def test_a_version_synced_before_sources_were_kept_is_not_exported_and_says_what_to_do(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    db.session.execute(sa.delete(ModuleFile))
    db.session.commit()
    result = runner.invoke(args=["modules", "export", "--all", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "module 'alpha' version 1 was synced before versions kept their files" in result.output
    assert "run 'flask modules sync' on the folder it came from once" in result.output
    assert not (tmp_path / "out").exists()


def test_sync_refuses_to_replace_a_web_published_version_and_changes_nothing(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    web = publish_on_the_web(tmp_path)
    db.session.commit()
    write_module(tree, "beta", order=2, body="Beta changed too.")
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 1
    assert "alpha: version 2 was published on the web and differs from the files (replace)" in result.output
    assert "the database was not changed" in result.output and "--force" in result.output
    db.session.expire_all()
    assert version_count(db) == 3  # alpha 1 and 2 (web), beta 1: beta's change waits too
    assert db.session.scalar(sa.select(Module).filter_by(slug="alpha")).current_version_id == web.id


def test_sync_force_lets_the_files_win(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    publish_on_the_web(tmp_path)
    db.session.commit()
    result = runner.invoke(args=["modules", "sync", "--force", str(tree)])
    assert result.exit_code == 0, result.output
    assert "new version: alpha" in result.output
    alpha = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
    assert (alpha.current_version.number, alpha.current_version.origin) == (3, "files")


def test_sync_refuses_to_archive_a_module_published_on_the_web_that_has_no_folder(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    publish_on_the_web(tmp_path)
    db.session.commit()
    for path in sorted((tree / "01-alpha").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (tree / "01-alpha").rmdir()
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 1
    assert "alpha: version 2 was published on the web and is not in the files (archive)" in result.output
    assert not db.session.scalar(sa.select(Module).filter_by(slug="alpha")).is_archived


def test_web_changes_exported_then_synced_are_simply_unchanged(runner, db, tree, tmp_path):
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    publish_on_the_web(tmp_path)
    db.session.commit()
    assert runner.invoke(args=["modules", "export", "alpha", "--overwrite", str(tree)]).exit_code == 0
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 0 and "unchanged: alpha, beta" in result.output
    assert version_count(db) == 3
