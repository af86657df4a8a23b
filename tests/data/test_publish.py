"""One publish path for files and the studio: `publish_module`, the stored sources, and checking files in memory."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from learnapp.author.publish import publish_module
from learnapp.author.sources import curriculum_outline, load_module_files, version_files
from learnapp.author.sync import sync_modules
from learnapp.domain.files import module_files
from learnapp.domain.profiles import Role
from learnapp.models import Module, ModuleFile, ModuleVersion
from tests.support.module_tree import write_module
from tests.support.publishing import load_modules

ROOT = Path(__file__).resolve().parents[2]


def files_of(folder: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in module_files(folder).items()}


def loaded_alpha(tmp_path, **options):
    root = tmp_path / "modules"
    folder = write_module(root, "alpha", order=1, **options)
    (module,) = load_modules(root).modules
    return module, files_of(folder)


def test_publish_stores_every_file_the_note_the_publisher_and_the_origin(db, tmp_path, create_user, caplog):
    author = create_user(Role.TRAINER)
    loaded, files = loaded_alpha(tmp_path, media={"media/map.png": b"\x89PNG\r\n\x1a\nfake"})
    with caplog.at_level(logging.INFO, logger="learnapp.author.publish"):
        version = publish_module(loaded, files, note="First draft published", actor_id=author.id, origin="web")
    db.session.commit()
    assert version is not None and version.number == 1
    assert (version.change_note, version.published_by_id, version.origin) == ("First draft published", author.id, "web")
    assert version_files(version.id) == files
    assert f"Module alpha published: version 1 (id {version.id}" in caplog.text and "by user" in caplog.text
    assert db.session.scalar(sa.select(Module).filter_by(slug="alpha")).current_version_id == version.id


def test_publishing_unchanged_content_makes_no_version(db, tmp_path):
    loaded, files = loaded_alpha(tmp_path)
    first = publish_module(loaded, files, note="", actor_id=None, origin="files")
    assert publish_module(loaded, files, note="again", actor_id=None, origin="web") is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleVersion)) == 1
    assert first is not None and first.origin == "files" and first.change_note == ""


def test_a_changed_module_gets_the_next_version(db, tmp_path):
    loaded, files = loaded_alpha(tmp_path)
    publish_module(loaded, files, note="", actor_id=None, origin="files")
    changed, changed_files = loaded_alpha(tmp_path, body="Other **text**.")
    version = publish_module(changed, changed_files, note="Fixed a typo", actor_id=None, origin="web")
    assert version is not None and version.number == 2 and version.change_note == "Fixed a typo"


def test_files_that_are_not_the_loaded_ones_or_an_unknown_origin_are_refused(db, tmp_path):
    loaded, files = loaded_alpha(tmp_path)
    with pytest.raises(ValueError, match="not the ones it was loaded from"):
        publish_module(loaded, {**files, "module.yaml": b"id: other\n"}, note="", actor_id=None, origin="files")
    with pytest.raises(ValueError, match="origin"):
        publish_module(loaded, files, note="", actor_id=None, origin="email")


def test_deleting_the_publisher_keeps_the_version(db, tmp_path, create_user):
    author = create_user(Role.TRAINER)
    loaded, files = loaded_alpha(tmp_path)
    version = publish_module(loaded, files, note="n", actor_id=author.id, origin="web")
    db.session.delete(author)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ModuleVersion, version.id).published_by_id is None


def test_a_resync_fills_in_the_sources_of_a_version_synced_before_they_were_kept(db, runner, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1, media={"media/map.png": b"\x89PNG\r\n\x1a\nfake"})
    assert runner.invoke(args=["modules", "sync", str(root)]).exit_code == 0
    version = db.session.scalar(sa.select(ModuleVersion))
    db.session.execute(sa.delete(ModuleFile).where(ModuleFile.path != "media/map.png"))  # as an older sync left it
    db.session.commit()
    result = runner.invoke(args=["modules", "sync", str(root)])
    assert result.exit_code == 0 and "unchanged: alpha" in result.output
    db.session.expire_all()
    assert version_files(version.id) == files_of(root / "01-alpha")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleVersion)) == 1


def test_in_memory_files_are_checked_with_module_relative_paths(tmp_path):
    _, files = loaded_alpha(tmp_path)
    broken = {**files, "quiz.en.md": files["quiz.en.md"].replace(b"- [x] Four", b"- [ ] Four")}
    result = load_module_files(broken, folder="01-alpha")
    assert not result.is_ok
    assert [str(problem) for problem in result.problems] == [
        "quiz.en.md:15: a single question needs exactly one correct choice '- [x]'; found 0",
        "quiz.ru.md:10: question 'pillars' has 2 choices (correct: 2) here but 2 choices (correct: none) in "
        "quiz.en.md: keep the choices and correct answers the same in every language",
    ]
    assert all("/tmp" not in str(problem) for problem in (*result.problems, *result.warnings))
    assert "quiz.en.md:15: warning: question 'pillars' has only 2 choices" in "\n".join(map(str, result.warnings))


def test_in_memory_files_load_as_from_the_folder(tmp_path):
    loaded, files = loaded_alpha(tmp_path)
    result = load_module_files(files, folder="01-alpha")
    assert result.is_ok
    (module,) = result.modules
    assert module.content_hash == loaded.content_hash and module.folder == "01-alpha"


def test_a_path_outside_the_format_is_a_problem_and_is_never_written(tmp_path):
    _, files = loaded_alpha(tmp_path)
    result = load_module_files({**files, "../escape.md": b"x", "notes.txt": b"x"})
    assert {problem.path for problem in result.problems} == {"../escape.md", "notes.txt"}
    assert not (tmp_path / "escape.md").exists()


def test_the_rest_of_the_curriculum_makes_prerequisites_and_the_glossary_count(tmp_path):
    curriculum = {folder.name: files_of(folder) for folder in sorted((ROOT / "modules").iterdir()) if folder.is_dir()}
    scope = curriculum.pop("01-scope")
    alone = load_module_files(scope, folder="01-scope")
    assert any("prerequisite 'orientation' names no module" in problem.message for problem in alone.problems)
    together = load_module_files(
        scope,
        folder="01-scope",
        others=curriculum,
        glossary=(ROOT / "modules" / "glossary.yaml").read_bytes(),
    )
    assert together.is_ok and together.warnings == ()
    lesson = "lessons/02-drivers.ru.md"
    scope[lesson] = scope[lesson] + " Порабощение.\n".encode()
    warned = load_module_files(
        scope, folder="01-scope", others=curriculum, glossary=(ROOT / "modules" / "glossary.yaml").read_bytes()
    )
    assert [problem.path for problem in warned.warnings] == [lesson]


def test_sync_still_publishes_through_the_same_function(db, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    report = sync_modules(load_modules(root).modules)
    version = db.session.scalar(sa.select(ModuleVersion))
    assert report.created == ["alpha"] and version.origin == "files" and version.published_by_id is None
    assert "module.yaml" in version_files(version.id)


def test_the_published_curriculum_outline_is_enough_for_the_checks_across_modules(runner, db):
    assert runner.invoke(args=["modules", "sync", str(ROOT / "modules")]).exit_code == 0
    outline = curriculum_outline(exclude_slug="scope-and-nature")
    assert "01-scope" not in outline and len(outline) == 7
    assert set(outline["00-orientation"]) == {"module.yaml", "quiz.en.md", "quiz.ru.md"}
    assert set(curriculum_outline("scope-and-nature", quizzes=False)["00-orientation"]) == {"module.yaml"}
    scope = files_of(ROOT / "modules" / "01-scope")
    result = load_module_files(scope, folder="01-scope", others=outline)
    assert result.is_ok and result.warnings == ()
    # A repeated pre-test item and feedback naming a missing module are found against the outline.
    quiz = scope["quiz.en.md"].decode()
    pretest_stem = (
        "Put these documents in the order in which they were adopted or issued, from the earliest to the most recent."
    )
    assert pretest_stem.encode() in (ROOT / "modules" / "00-orientation" / "quiz.en.md").read_bytes()
    first = quiz.index("\n## ") + 1
    heading_end = quiz.index("\n", first) + 1
    stem_end = quiz.index("\n", heading_end)
    edited = quiz[:heading_end] + pretest_stem.replace("adopted or issued", "adopted") + quiz[stem_end:]
    edited = edited.replace("Feedback: See lesson 1,", "Feedback: See Module 9, lesson 1,", 1)
    warned = load_module_files({**scope, "quiz.en.md": edited.encode()}, folder="01-scope", others=outline)
    messages = [problem.message for problem in warned.warnings]
    assert any("closely matches question" in message and "'orientation' (pre_test)" in message for message in messages)
    assert any("points to module 9, but no module has order 9" in message for message in messages)
