"""The trainers' studio in a real browser: a module written, checked, previewed, reviewed, published, changed,
downloaded and uploaded into a fresh instance; and every studio page free of WCAG 2.1 AA violations (axe-core), in
English and in Russian (tests/browser/test_studio_accessible.py covers the rest of the studio's pages).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from learnapp.accounts.operations import create_user
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import Completion, Module, ModuleVersion, User
from tests.browser.conftest import LiveServer, assert_accessible, served_copy, sign_in_as

PNG = (Path(__file__).parent.parent.parent / "learnapp" / "static" / "favicon.svg").parent
LESSON_ONE = "---\ntitle: Reading the news\n---\n\nCheck who wrote it.\n\n![Map of the region](media/map.png)\n"
LESSON_ONE_RU = "---\ntitle: Читаем новости\n---\n\nПроверьте, кто автор.\n\n![Карта региона](media/map.png)\n"
QUIZ = "---\ntitle: Check your understanding\npass_mark: 50\n---\n"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def second_trainer(server) -> str:
    with server.app.app_context():
        record = UserRecord("reviewer@example.org", "Rita Reviewer", role=Role.TRAINER, country="KG")
        create_user(record, DEMO_PASSWORD)
        db.session.commit()
    return "reviewer@example.org"


def sign_out(page) -> None:
    page.locator("form[action='/sign-out'] button").click()


def fill_editor(page, text: str) -> None:
    page.locator("textarea#text").fill(text)


def save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


@contextmanager
def fresh_instance(seeded_database: Path, folder: Path) -> Iterator[LiveServer]:
    """A second app with its own database (the demo accounts, no module), served on its own port."""
    folder.mkdir()
    with served_copy(seeded_database, folder / "fresh.db") as server:
        yield server


def published_hash(server: LiveServer, slug: str) -> tuple[int, str]:
    """The number and content hash of the module's current version in the server's database."""
    with server.app.app_context():
        version = db.session.scalar(
            sa.select(ModuleVersion).join(Module, Module.current_version_id == ModuleVersion.id).filter_by(slug=slug)
        )
        return version.number, version.content_hash


def take_the_quiz(page, server) -> None:
    """The trainee answers the three skeleton questions as keyed, submits, and reads the review."""
    page.goto(f"{server.url}/modules/media-literacy")
    page.locator("form[action='/modules/media-literacy/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    page.get_by_label("The right choice").check()
    page.get_by_label("True", exact=True).check()
    for item, match in (("First item", "first match"), ("Second item", "second match"), ("Third item", "third match")):
        page.get_by_label(item).select_option(label=match)
    page.locator("[data-submit]").click()
    page.locator("form[action$='/submit'] button").click()
    page.wait_for_url(re.compile(r".*/review$"))
    assert "Score: 100%" in page.locator("main").inner_text()


def test_a_trainer_writes_reviews_publishes_and_revises_a_module(page, live_server, seeded_database, tmp_path):
    server = live_server
    reviewer = second_trainer(server)
    sign_in_as(page, server, "trainer@example.org")
    page.get_by_role("link", name="Studio").click()
    page.get_by_role("link", name="New module").click()
    page.get_by_label("Module id").fill("media-literacy")
    page.get_by_label("Title in English").fill("Media literacy")
    page.get_by_label("Title in Russian (optional)").fill("Медиаграмотность")
    page.get_by_role("button", name="Create the module").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Media literacy"

    # An image, with its alt text; then a lesson that uses it, first with a mistake shown at its line.
    image = tmp_path / "map.png"
    image.write_bytes(png_bytes())
    page.get_by_label("Image or PDF").set_input_files(str(image))
    page.get_by_label("Alternative text (required for an image)").fill("Map of the region")
    page.get_by_role("button", name="Upload", exact=True).click()
    assert "![Map of the region](media/map.png)" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Edit 01-introduction (en)").click()
    fill_editor(page, LESSON_ONE.replace("media/map.png", "media/mpa.png"))
    save(page)
    problem = page.locator(".problems li").first
    assert "line 7" in problem.inner_text() and "media/mpa.png" in problem.inner_text()
    assert page.locator("#line-7.has-problem").count() == 1
    fill_editor(page, LESSON_ONE)
    save(page)
    assert page.locator(".problems").count() == 0

    # The Russian twin, written beside the English lesson.
    page.get_by_role("link", name="Files").click()
    page.get_by_role("link", name="side by side 01-introduction (ru)").click()
    assert "Check who wrote it." in page.locator(".twin-text").inner_text()
    fill_editor(page, LESSON_ONE_RU)
    save(page)
    assert page.locator(".problems").count() == 0

    # A second lesson in both languages, and a quiz of three question types built with the helper.
    page.get_by_role("link", name="Files").click()
    page.get_by_label("Lesson name").fill("checking-sources")
    page.get_by_role("button", name="Add the lesson").click()
    page.get_by_role("link", name="Files").click()
    assert page.get_by_role("link", name="Edit 02-checking-sources (ru)").count() == 1
    assert page.get_by_role("heading", name="Missing translations").count() == 0
    page.get_by_role("link", name="Create quiz.en.md").click()
    fill_editor(page, QUIZ)
    for kind in ("Single choice", "True or false", "Matching"):
        page.get_by_label("Question type").select_option(label=kind)
        page.get_by_role("button", name="Add a question").click()
    quiz = page.locator("textarea#text").input_value()
    assert "(single)" in quiz and "(truefalse)" in quiz and "(matching)" in quiz
    assert page.locator(".problems").count() == 0
    page.get_by_role("link", name="Files").click()
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Completed by").select_option("lessons_and_quiz")
    page.get_by_role("button", name="Save the settings").click()
    assert page.locator(".problems").count() == 0

    # The preview at phone width, in English and Russian.
    page.get_by_role("link", name="Files").click()
    page.get_by_role("link", name="en 01-introduction").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reading the news"
    assert page.locator("article img[alt='Map of the region']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Files").click()
    page.get_by_role("link", name="ru 01-introduction").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Читаем новости"
    assert page.locator("article img[alt='Карта региона']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Files").click()
    page.get_by_label("What changed, for the reviewer").fill("A new module on media literacy.")
    page.get_by_role("button", name="Ask for a review").click()
    assert "A review has been requested." in page.locator(".messages").inner_text()
    sign_out(page)

    # The administrator makes the second trainer an author; the second trainer approves.
    sign_in_as(page, server, "admin@example.org")
    page.goto(f"{server.url}/studio/media-literacy/")
    page.get_by_label("Trainer").select_option(label="Rita Reviewer (reviewer@example.org)")
    page.get_by_role("button", name="Add as author").click()
    sign_out(page)
    sign_in_as(page, server, reviewer)
    page.goto(f"{server.url}/studio/media-literacy/review")
    assert page.locator(".diff-file").count() >= 4
    page.get_by_role("textbox", name="Comment").fill("Clear and accurate.")
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Send").click()
    assert "Review: approved" in page.locator("main").inner_text()
    sign_out(page)

    # The first trainer publishes; a trainee reads both lessons and passes the quiz, which completes the module.
    sign_in_as(page, server, "trainer@example.org")
    page.goto(f"{server.url}/studio/media-literacy/")
    page.get_by_label("Change note").fill("First version.")
    page.get_by_role("button", name="Publish").click()
    assert "Version 1 is published" in page.locator(".messages").inner_text()
    sign_out(page)
    sign_in_as(page, server, "trainee@example.org")  # the demo trainee reads in Russian
    page.get_by_role("button", name="English").click()
    page.goto(f"{server.url}/modules/media-literacy/lessons/01-introduction")
    page.locator(".mark-read button, .mark-read input[type=submit]").click()
    page.locator(".mark-read button, .mark-read input[type=submit]").click()
    assert page.url.endswith("/modules/media-literacy")
    take_the_quiz(page, server)
    page.goto(f"{server.url}/modules/media-literacy")
    assert "You have completed this module." in page.locator("main").inner_text()
    with server.app.app_context():
        trainee = db.session.scalar(sa.select(User.id).filter_by(email="trainee@example.org"))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion).filter_by(user_id=trainee)) == 1
    sign_out(page)

    # Version 2 with a note, its diff, and the zip, whose files hash as the version.
    sign_in_as(page, server, "trainer@example.org")
    page.goto(f"{server.url}/studio/media-literacy/files/lessons/01-introduction.en.md")
    fill_editor(page, LESSON_ONE.replace("Check who wrote it.", "Check who wrote it, and when."))
    save(page)
    page.goto(f"{server.url}/studio/media-literacy/")
    page.get_by_label("Change note").fill("Lesson 1: also check the date.")
    page.get_by_role("button", name="Publish").click()
    assert "Version 2 is published" in page.locator(".messages").inner_text()
    assert "Lesson 1: also check the date." in page.locator("main").inner_text()
    assert_accessible(page)  # the history, which a module gets at its first publish
    page.get_by_role("link", name="changes from version 1").click()
    assert "Check who wrote it, and when." in page.locator(".diff-added").first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the history").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the published version (.zip)").click()
    archive = tmp_path / download.value.suggested_filename
    download.value.save_as(archive)
    number, content_hash = published_hash(server, "media-literacy")
    assert number == 2

    # The zip, uploaded through the studio of a fresh instance and published there, is the same content.
    with fresh_instance(seeded_database, tmp_path / "fresh") as fresh:
        assert published_hash_or_none(fresh, "media-literacy") is None
        other = page.context.browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
        try:
            there = other.new_page()
            sign_in_as(there, fresh, "trainer@example.org")
            there.get_by_role("link", name="Studio").click()
            there.get_by_label("Module .zip").set_input_files(str(archive))
            there.get_by_role("button", name="Upload the module").click()
            assert "uploaded as a draft" in there.locator(".messages").inner_text()
            assert "No problems: the module loads as it is." in there.locator("main").inner_text()
            there.get_by_label("Change note").fill("Imported from the programme's main instance.")
            there.get_by_role("button", name="Publish").click()
            assert "Version 1 is published" in there.locator(".messages").inner_text()
        finally:
            other.close()
        assert published_hash(fresh, "media-literacy") == (1, content_hash)


def published_hash_or_none(server: LiveServer, slug: str) -> str | None:
    """The content hash of the module's current version, or None when the server has no such module."""
    with server.app.app_context():
        return db.session.scalar(
            sa.select(ModuleVersion.content_hash)
            .join(Module, Module.current_version_id == ModuleVersion.id)
            .filter_by(slug=slug)
        )


STUDIO_PAGES = (
    "/studio/",
    "/studio/new",
    "/studio/scope-and-nature/",
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_studio_page_is_accessible_in_both_languages(page, live_server, tmp_path, language):
    from learnapp.author import operations

    server = live_server
    with server.app.app_context():
        files = {
            "module.yaml": operations.settings_yaml(
                {
                    "id": "alpha",
                    "order": 1,
                    "default_language": "en",
                    "estimated_minutes": 20,
                    "sensitivity": "programme",
                    "completion": "lessons",
                    "title": {"en": "Alpha", "ru": "Альфа"},
                    "summary": {"en": "About alpha.", "ru": "Об альфе."},
                    "objectives": {"en": ["Know alpha."], "ru": ["Знать альфу."]},
                }
            ),
            "lessons/01-intro.en.md": b"---\ntitle: Intro\n---\n\nHello ![](media/none.png)\n",
            "lessons/01-intro.ru.md": "---\ntitle: Введение\n---\n\nПривет.\n".encode(),
            "quiz.en.md": (QUIZ + "\n## q1 (truefalse)\nThe sky is blue.\n\nAnswer: true\n").encode(),
            "media/map.png": png_bytes(),
        }
        admin = db.session.scalar(sa.select(Module.id).limit(0))  # no module is published here
        assert admin is None
        draft = operations.start_draft("alpha", files, None)
        db.session.commit()
        assert draft.error_count >= 1  # the missing image, so that problems are shown
    sign_in_as(page, server, "admin@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()
    pages = (
        "/studio/",
        "/studio/new",
        "/studio/alpha/",
        "/studio/alpha/files/lessons/01-intro.en.md",
        "/studio/alpha/files/lessons/01-intro.ru.md?twin=1",
        "/studio/alpha/files/quiz.en.md",
        "/studio/alpha/settings",
        "/studio/alpha/quiz-settings",
        "/studio/alpha/preview/",
        "/studio/alpha/preview/lessons/01-intro",
        "/studio/alpha/preview/quiz",
        "/studio/alpha/review",
    )
    problems = []
    for path in pages:
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} h1 elements")
        try:
            assert_accessible(page)
        except AssertionError as violation:
            problems.append(str(violation))
    assert problems == [], "\n".join(problems)
