"""Every page of the studio passes axe-core (WCAG 2.1 A and AA) in English and in Russian, with one h1 each.

The pages are shown with content in them: a module with two published versions, a draft with problems, a requested
review with comments, media in use, a conflict, previews of lessons, quiz and survey, the live preview, form errors,
a module managed only from files (no draft), and the read-only editor a trainer who is not an author gets.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from config import TestConfig
from learnapp import create_app
from learnapp.author import operations, queries
from learnapp.author.sources import version_files
from learnapp.extensions import db
from learnapp.models import User
from tests.browser.conftest import LiveServer, assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module
from tests.web.test_quiz import SURVEY

LESSON = "lessons/01-intro.en.md"
SURVEY_RU = (
    "---\ntitle: Оценка программы\n---\n\n## useful (rating)\nНасколько полезен модуль?\n\nScale: 1-5\n"
    "Labels: Совсем нет | Очень\n\n## change (text)\nЧто бы вы изменили?\n"
)
LANGUAGE_BUTTONS = {"en": "English", "ru": "Русский"}


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def build_studio(server: LiveServer, root: Path) -> None:
    """alpha: two versions (files, then the web), a draft under review with an error; beta: files only."""
    folder = write_module(root / "first", "alpha", lessons=2, body="See ![A map](media/map.png).")
    (folder / "media").mkdir()
    (folder / "media" / "map.png").write_bytes(png_bytes())
    (folder / "survey.en.md").write_text(SURVEY)
    (folder / "survey.ru.md").write_text(SURVEY_RU)
    write_module(root / "first", "beta", order=2)
    publish_tree(server, root / "first")
    with server.app.app_context():
        people = dict(db.session.execute(sa.select(User.email, User.id)).all())
        admin, trainer = people["admin@example.org"], people["trainer@example.org"]
        module, version = queries.published("alpha")
        draft = operations.start_draft(
            "alpha", version_files(version.id), admin, module_id=module.id, folder=version.source_folder
        )
        operations.add_author(draft, trainer)
        revise(draft, LESSON, "See ", "See, with a <script>alert(1)</script>, ", trainer)
        operations.set_review_required(draft, False)
        operations.publish(draft, "The first lesson, revised.", trainer, version.content_hash)
        operations.set_review_required(draft, True)
        revise(draft, LESSON, "A map", "A regional map", trainer)
        operations.request_review(draft, trainer, "The first lesson, clearer.")
        operations.review(draft, admin, "comment", "Please check the <em>second</em> paragraph.")
        revise(draft, "lessons/02-lesson-2.en.md", "media/map.png", "media/missing.png", trainer)
        assert draft.error_count >= 1
        operations.create_module("delta", {"en": "Delta", "ru": "Дельта"}, admin)  # the demo trainer is no author
        db.session.commit()


def revise(draft: Any, path: str, old: str, new: str, actor: int) -> None:
    """Replace ``old`` by ``new`` in a draft file, as a save from the editor would."""
    entry = queries.file_entries(draft.id)[path]
    text = queries.draft_file(draft.id, path).data.decode()
    assert old in text
    assert operations.save_text(draft, path, text.replace(old, new), entry.revision, actor) is None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Iterator[LiveServer]:
    """One served copy of the seeded database with the studio content above, for every test of this file."""
    folder = tmp_path_factory.mktemp("studio-accessible")
    database = folder / "studio.db"
    database.write_bytes(seeded_database.read_bytes())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with LiveServer(app) as live:
        build_studio(live, folder / "modules")
        yield live
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def desktop(browser: Any) -> Iterator[Any]:
    """A desktop-sized tab (the editor shows the twin beside the text there)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def in_language(page: Any, server: LiveServer, email: str, language: str) -> None:
    """Sign in and choose the interface language (kept as the user's preference)."""
    sign_in_as(page, server, email)
    if page.locator("html").get_attribute("lang") != language:
        page.get_by_role("button", name=LANGUAGE_BUTTONS[language]).click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def check(page: Any, problems: list[str]) -> None:
    """axe-core on the page as it is now, and exactly one h1; what fails is added to ``problems``."""
    assert page.locator("html").get_attribute("lang") in LANGUAGE_BUTTONS
    if page.locator("h1").count() != 1:
        problems.append(f"{page.url}: {page.locator('h1').count()} h1 elements")
    try:
        assert_accessible(page)
    except AssertionError as violation:
        problems.append(str(violation))


ADMIN_PAGES = (
    "/studio/",
    "/studio/new",
    "/studio/alpha/",
    f"/studio/alpha/files/{LESSON}",
    "/studio/alpha/files/lessons/02-lesson-2.en.md",
    "/studio/alpha/files/lessons/01-intro.ru.md?twin=1",
    "/studio/alpha/files/quiz.en.md",
    "/studio/alpha/files/quiz.ru.md",
    "/studio/alpha/files/survey.en.md",
    "/studio/alpha/files/module.yaml",
    "/studio/alpha/settings",
    "/studio/alpha/quiz-settings",
    "/studio/alpha/preview/",
    "/studio/alpha/preview/?lang=ru",
    "/studio/alpha/preview/lessons/01-intro",
    "/studio/alpha/preview/lessons/01-intro?lang=ru",
    "/studio/alpha/preview/quiz",
    "/studio/alpha/preview/quiz?lang=ru",
    "/studio/alpha/preview/survey",
    "/studio/alpha/review",
    "/studio/alpha/history",
    "/studio/alpha/diff?from=1&to=2",
    "/studio/alpha/diff?from=2&to=draft",
    "/studio/beta/",
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_studio_page_has_no_axe_violation(desktop, server, language):
    page = desktop
    in_language(page, server, "admin@example.org", language)
    problems: list[str] = []
    for path in ADMIN_PAGES:
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 200, path
        check(page, problems)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_pages_after_a_post_have_no_axe_violation(desktop, server, language):
    """Form errors, the media-in-use warning, the conflict page, and the editor with its live preview shown."""
    page = desktop
    in_language(page, server, "admin@example.org", language)
    problems: list[str] = []

    page.goto(f"{server.url}/studio/new")
    page.locator("input[name=slug]").fill("Not An Id")
    page.locator("main form [type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    check(page, problems)

    page.goto(f"{server.url}/studio/alpha/")
    page.locator("form[action='/studio/alpha/media/media/map.png/delete'] button").click()
    assert "01-intro" in page.locator("main").inner_text()
    check(page, problems)

    editor = page.locator("textarea#text")
    page.goto(f"{server.url}/studio/alpha/files/lessons/01-intro.ru.md")
    editor.fill(editor.input_value() + f"\nЖивой предпросмотр ({language}).\n")
    page.locator(".live-preview article.lesson", has_text="Живой предпросмотр").wait_for()
    check(page, problems)

    with server.app.app_context():  # another author saves the file while this page is open
        draft = queries.draft("alpha")
        admin = db.session.scalar(sa.select(User.id).filter_by(email="admin@example.org"))
        revise(draft, "lessons/01-intro.ru.md", "Живой", "Другой", admin)
        db.session.commit()
    editor.fill(editor.input_value() + "\nЕщё строка.\n")
    page.locator("form.editor [name=save]").click()
    assert page.locator("textarea#yours").count() == 1
    check(page, problems)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_trainer_who_is_not_an_author_reads_accessible_pages(desktop, server, language):
    page = desktop
    in_language(page, server, "trainer@example.org", language)
    problems: list[str] = []
    for path in ("/studio/", "/studio/beta/", "/studio/delta/", "/studio/delta/files/lessons/01-introduction.en.md"):
        page.goto(f"{server.url}{path}")
        check(page, problems)
    assert problems == [], "\n".join(problems)
