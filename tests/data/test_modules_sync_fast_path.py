"""`flask modules sync` on an unchanged tree: answered from content hashes alone, without loading anything.

Any difference on disk (a changed file, a module added, removed or renamed) takes the full path and behaves as
it always did.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from learnapp.cli import modules as modules_cli
from learnapp.models import Module, ModuleVersion
from tests.support.module_tree import write_module


@pytest.fixture()
def tree(tmp_path):
    root = tmp_path / "modules"
    write_module(root, "beta", order=2)
    write_module(root, "alpha", order=1)
    return root


@pytest.fixture()
def synced(runner, tree):
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 0, result.output
    assert "new: alpha, beta" in result.output
    return tree


def refuse_loading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the tree was loaded")

    monkeypatch.setattr(modules_cli, "load_tree", refuse)


@pytest.fixture()
def no_loading(monkeypatch):
    refuse_loading(monkeypatch)


@pytest.fixture()
def loads(monkeypatch):
    """The paths the command loaded, in order."""
    calls = []
    original = modules_cli.load_tree

    def spy(path, **kwargs):
        calls.append(path)
        return original(path, **kwargs)

    monkeypatch.setattr(modules_cli, "load_tree", spy)
    return calls


def sync(runner, tree):
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 0, result.output
    return result.output


def version_count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleVersion))


def test_an_unchanged_tree_is_reported_unchanged_without_loading_it(runner, db, synced, no_loading):
    assert sync(runner, synced) == "unchanged: alpha, beta\n"
    assert version_count(db) == 2


def test_the_unchanged_check_asks_the_database_once(runner, synced, no_loading, count_queries):
    with count_queries() as counter:
        sync(runner, synced)
    assert counter.count == 1, counter.statements


def test_unchanged_ids_come_in_catalogue_order_not_by_name(runner, tmp_path, monkeypatch):
    root = tmp_path / "modules"
    write_module(root, "zeta", order=1)
    write_module(root, "alpha", order=2)
    assert "new: zeta, alpha" in sync(runner, root)
    refuse_loading(monkeypatch)
    assert sync(runner, root) == "unchanged: zeta, alpha\n"


def test_a_hidden_file_does_not_count_as_a_change(runner, synced, no_loading):
    (synced / "01-alpha" / ".DS_Store").write_bytes(b"\0\1")
    assert sync(runner, synced) == "unchanged: alpha, beta\n"


def test_an_archived_module_still_gone_leaves_the_tree_unchanged(runner, db, synced, loads, tmp_path):
    (synced / "02-beta").rename(tmp_path / "beta-elsewhere")
    assert "archived: beta" in sync(runner, synced)
    loads.clear()
    assert sync(runner, synced) == "unchanged: alpha\n"
    assert loads == []


def test_a_changed_file_takes_the_full_path_and_makes_a_new_version(runner, db, synced, loads):
    write_module(synced, "alpha", order=1, body="Revised text.")
    output = sync(runner, synced)
    assert loads == [synced]
    assert "new version: alpha" in output and "unchanged: beta" in output
    assert version_count(db) == 3


def test_an_added_module_takes_the_full_path(runner, db, synced, loads):
    write_module(synced, "gamma", order=3)
    output = sync(runner, synced)
    assert loads == [synced]
    assert "new: gamma" in output and "unchanged: alpha, beta" in output


def test_a_removed_module_takes_the_full_path_and_is_archived(runner, db, synced, loads, tmp_path):
    (synced / "02-beta").rename(tmp_path / "beta-elsewhere")
    output = sync(runner, synced)
    assert loads == [synced]
    assert "archived: beta" in output and "unchanged: alpha" in output
    assert db.session.scalar(sa.select(Module).filter_by(slug="beta")).is_archived


def test_a_module_that_returns_takes_the_full_path_and_is_restored(runner, db, synced, loads, tmp_path):
    (synced / "02-beta").rename(tmp_path / "beta-elsewhere")
    sync(runner, synced)
    (tmp_path / "beta-elsewhere").rename(synced / "02-beta")
    loads.clear()
    assert "restored: beta" in sync(runner, synced)
    assert loads == [synced]


def test_a_renamed_folder_takes_the_full_path_and_changes_nothing(runner, db, synced, loads):
    (synced / "02-beta").rename(synced / "05-beta")
    output = sync(runner, synced)
    assert loads == [synced]
    assert "05-beta" in output
    assert "unchanged: alpha, beta" in output
    assert version_count(db) == 2


def test_a_folder_without_module_yaml_takes_the_full_path_and_fails(runner, db, synced, loads):
    (synced / "03-draft").mkdir()
    result = runner.invoke(args=["modules", "sync", str(synced)])
    assert result.exit_code == 1
    assert loads == [synced]
    assert "has no module.yaml" in result.output


def test_a_missing_folder_takes_the_full_path_and_fails(runner, db, synced, loads, tmp_path):
    result = runner.invoke(args=["modules", "sync", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert loads == [tmp_path / "nowhere"]
    assert "does not exist" in result.output


def test_check_always_loads_the_whole_tree(runner, synced, loads):
    result = runner.invoke(args=["modules", "check", str(synced)])
    assert result.exit_code == 0, result.output
    assert loads == [synced]
