"""`flask modules check` and `flask modules sync`: validate without writing; load all or nothing, versioned."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from learnapp.models import LessonText, Module, ModuleVersion, Question, QuestionText
from tests.support.module_tree import write_module

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def tree(tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    write_module(root, "beta", order=2)
    return root


def version_count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleVersion))


def test_the_shipped_curriculum_passes_the_check_with_warnings_as_errors(runner):
    result = runner.invoke(args=["modules", "check", "--strict", str(ROOT / "modules")])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output and "warning" not in result.output
    assert "orientation (" in result.output and "lessons en 3, ru 3" in result.output


def test_a_javascript_link_is_refused_by_the_check(runner, tree):
    write_module(tree, "alpha", order=1, body='<a href="javascript:alert(1)">link</a>')
    result = runner.invoke(args=["modules", "check", str(tree)])
    assert result.exit_code == 1
    assert "01-intro.en.md:5: link 'javascript:alert(1)' uses 'javascript:', which is not allowed" in result.output


def test_check_reports_each_problem_with_path_and_line_and_fails(runner, db, tree):
    quiz = tree / "01-alpha" / "quiz.en.md"
    quiz.write_text(quiz.read_text().replace("- [x] Four", "- [ ] Four"))
    (tree / "02-beta" / "module.yaml").write_text("id: beta\norder: [unclosed\n")
    result = runner.invoke(args=["modules", "check", str(tree)])
    assert result.exit_code == 1
    assert f"{quiz}:" in result.output
    assert f"{tree / '02-beta' / 'module.yaml'}:2:" in result.output
    assert version_count(db) == 0


def test_sync_loads_modules_with_rendered_sanitised_lessons(runner, db, tree):
    write_module(
        tree,
        "alpha",
        order=1,
        body='Text <script>alert(1)</script> <b onclick="x()">bold</b> <iframe src="https://x"></iframe>',
    )
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 0, result.output
    assert "new: alpha, beta" in result.output
    html = " ".join(str(part) for text in db.session.scalars(sa.select(LessonText)) for part in text.parts)
    assert "<script" not in html and "onclick" not in html and "<iframe" not in html
    assert "<strong>text</strong>" in html or "<b>bold</b>" in html
    assert {row.language for row in db.session.scalars(sa.select(QuestionText))} == {"en", "ru"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == 4


def test_sync_twice_changes_nothing(runner, db, tree):
    runner.invoke(args=["modules", "sync", str(tree)])
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert "unchanged: alpha, beta" in result.output
    assert version_count(db) == 2


def test_a_changed_module_gets_a_new_version_and_keeps_the_old_one(runner, db, tree):
    runner.invoke(args=["modules", "sync", str(tree)])
    write_module(tree, "alpha", order=1, body="Revised text.")
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert "new version: alpha" in result.output
    alpha = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
    assert [version.number for version in alpha.versions] == [1, 2]
    assert alpha.current_version.number == 2


def test_a_module_removed_from_disk_is_archived_and_restored_when_it_returns(runner, db, tree, tmp_path):
    runner.invoke(args=["modules", "sync", str(tree)])
    (tree / "02-beta").rename(tmp_path / "beta-elsewhere")
    assert "archived: beta" in runner.invoke(args=["modules", "sync", str(tree)]).output
    beta = db.session.scalar(sa.select(Module).filter_by(slug="beta"))
    assert beta.is_archived and beta.current_version is not None
    (tmp_path / "beta-elsewhere").rename(tree / "02-beta")
    assert "restored: beta" in runner.invoke(args=["modules", "sync", str(tree)]).output
    db.session.refresh(beta)
    assert not beta.is_archived
    assert version_count(db) == 2


def test_one_broken_module_means_nothing_is_synced(runner, db, tree):
    runner.invoke(args=["modules", "sync", str(tree)])
    write_module(tree, "alpha", order=1, body="A change that must not land.")
    write_module(tree, "gamma", order=3)
    (tree / "02-beta" / "lessons" / "01-intro.ru.md").write_text("---\ntitle: [broken\n---\n")
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 1
    assert "the database was not changed" in result.output
    assert version_count(db) == 2
    assert db.session.scalar(sa.select(Module).filter_by(slug="gamma")) is None


@pytest.mark.committing  # the app's own rollback of a failed sync, not a SAVEPOINT's
def test_a_failure_while_writing_rolls_everything_back(runner, db, tree, monkeypatch):
    from learnapp.author import sync

    original = sync.publish_module
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(sync, "publish_module", fail_on_second)
    result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code != 0
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == 0


def test_images_are_stored_with_the_version(runner, db, tree):
    folder = tree / "01-alpha"
    (folder / "media").mkdir()
    (folder / "media" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    write_module(tree, "alpha", order=1, body="![Map of the region](media/map.png)")
    assert runner.invoke(args=["modules", "sync", str(tree)]).exit_code == 0
    alpha = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
    stored = {file.path: file.media_type for file in alpha.current_version.files}
    assert stored["media/map.png"] == "image/png"
    assert {"module.yaml", "lessons/01-intro.en.md", "quiz.ru.md"} <= stored.keys()  # the sources too
    html = " ".join(str(part) for text in db.session.scalars(sa.select(LessonText)) for part in text.parts)
    assert 'src="/media/alpha/media/map.png"' in html


def test_stats_lists_lessons_words_and_questions_per_language(runner, tree):
    result = runner.invoke(args=["modules", "stats", str(tree)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["module", "lang", "lessons", "words", "questions"]
    assert lines[1].split()[:3] == ["alpha", "en", "1"] and lines[1].split()[-1] == "2"
    assert lines[2].split()[:2] == ["alpha", "ru"]


def test_a_sync_logs_what_it_published(runner, db, tree, caplog):
    with caplog.at_level("INFO", logger="learnapp.author.sync"):
        result = runner.invoke(args=["modules", "sync", str(tree)])
    assert result.exit_code == 0, result.output
    assert "Modules synced: " in caplog.text
    assert "published" in caplog.text


def test_quiz_quality_warnings_are_printed_by_check_and_fail_only_a_strict_one(runner, tmp_path):
    tree = tmp_path / "modules"
    write_module(tree, "alpha", order=1)
    result = runner.invoke(args=["modules", "check", str(tree)])
    assert result.exit_code == 0
    warning = f"{tree / '01-alpha' / 'quiz.en.md'}:15: warning: question 'pillars' has only 2 choices"
    assert warning in result.output and "no problems (1 warning(s))" in result.output
    strict = runner.invoke(args=["modules", "check", "--strict", str(tree)])
    assert strict.exit_code == 1 and "1 warning(s)" in strict.output


def test_a_question_repeated_in_another_modules_quiz_is_a_warning_and_fails_a_strict_check(runner, tree):
    # alpha and beta are written with the same two questions (tests/support/module_tree.py).
    result = runner.invoke(args=["modules", "check", str(tree)])
    assert result.exit_code == 0, result.output
    repeated = (
        f"{tree / '02-beta' / 'quiz.en.md'}:21: warning: question 'jpoa' closely matches question 'jpoa' of the quiz "
        "of module 'alpha' (knowledge_check)"
    )
    assert repeated in result.output
    strict = runner.invoke(args=["modules", "check", "--strict", str(tree)])
    assert strict.exit_code == 1 and repeated in strict.output
