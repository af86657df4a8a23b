"""The studio editor in Chromium: what its JavaScript adds (autosave, saving on leave, the unsaved-text warning,
the conflict between two authors, the live preview, line numbers) and what works without it (Save, Preview and the
question helper as plain form posts).

One app server for the whole file; each test works on a module of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from config import TestConfig
from learnapp import create_app
from learnapp.accounts.operations import create_user
from learnapp.author import operations
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import Draft, DraftFile, User
from tests.browser.conftest import LiveServer, sign_in_as

LESSON = "lessons/01-introduction.en.md"
SAVED = "All changes saved."
TRAINER = "trainer@example.org"
CO_AUTHOR = "co-author@example.org"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Iterator[LiveServer]:
    """One served copy of the seeded database for this file, with a second trainer."""
    database = tmp_path_factory.mktemp("studio-editing") / "studio.db"
    database.write_bytes(seeded_database.read_bytes())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        create_user(UserRecord(CO_AUTHOR, "Cora Author", role=Role.TRAINER, country="KZ"), DEMO_PASSWORD)
        db.session.commit()
    with LiveServer(app) as live:
        yield live
    with app.app_context():
        db.engine.dispose()


def new_module(server: LiveServer, slug: str, *authors: str) -> None:
    """A module created in the studio (English and Russian), with the demo trainer and ``authors`` as its authors."""
    with server.app.app_context():
        ids = dict(db.session.execute(sa.select(User.email, User.id)).all())
        draft = operations.create_module(slug, {"en": "Media literacy", "ru": "Медиаграмотность"}, ids[TRAINER])
        for email in authors:
            operations.add_author(draft, ids[email])
        db.session.commit()


def stored_text(server: LiveServer, slug: str, path: str = LESSON) -> str:
    """The text of a draft file as the database holds it."""
    with server.app.app_context():
        return db.session.scalar(
            sa.select(DraftFile.data)
            .join(Draft, Draft.id == DraftFile.draft_id)
            .filter(Draft.slug == slug, DraftFile.path == path)
        ).decode()


def wait_for_text(server: LiveServer, slug: str, expected: str, page: Any) -> None:
    """Poll the database until the file holds ``expected`` (a save sent while leaving a page lands a little later)."""
    for _attempt in range(50):
        if stored_text(server, slug) == expected:
            return
        page.wait_for_timeout(100)
    assert stored_text(server, slug) == expected


@contextmanager
def signed_in(browser: Any, server: LiveServer, email: str = TRAINER, *, javascript: bool = True) -> Iterator[Any]:
    """A browser context of its own (its own cookies), signed in as ``email``; desktop width."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=javascript
    )
    try:
        page = context.new_page()
        sign_in_as(page, server, email)
        yield page
    finally:
        context.close()


def open_editor(page: Any, server: LiveServer, slug: str, path: str = LESSON) -> Any:
    """The editor of one file; returns its textarea."""
    page.goto(f"{server.url}/studio/{slug}/files/{path}")
    return page.locator("textarea#text")


def lesson(body: str, title: str = "Introduction") -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n"


def test_autosave_keeps_typed_text_without_pressing_save(browser, server):
    new_module(server, "autosave")
    typed = lesson("Typed, and never saved by hand.")
    with signed_in(browser, server) as page:
        open_editor(page, server, "autosave").fill(typed)
        page.locator(".autosave-status").filter(has_text=SAVED).wait_for()
        page.reload()
        assert page.locator("textarea#text").input_value() == typed
    assert stored_text(server, "autosave") == typed


def test_autosave_says_when_the_file_has_problems_and_save_then_shows_them_at_their_line(browser, server):
    new_module(server, "autosave-problems")
    with signed_in(browser, server) as page:
        open_editor(page, server, "autosave-problems").fill(lesson("A map:\n\n![The region](media/none.png)"))
        page.locator(".autosave-status").filter(has_text="The file has problems").wait_for()
        page.get_by_role("button", name="Save", exact=True).click()
        assert "media/none.png" in page.locator(".problems").inner_text()
        assert page.locator("#line-7.has-problem").count() == 1


def test_save_by_hand_after_an_autosave_is_no_conflict(browser, server):
    new_module(server, "autosave-then-save")
    with signed_in(browser, server) as page:
        editor = open_editor(page, server, "autosave-then-save")
        editor.fill(lesson("Autosaved first."))
        page.locator(".autosave-status").filter(has_text=SAVED).wait_for()
        editor.fill(lesson("Then saved with the button."))
        page.get_by_role("button", name="Save", exact=True).click()
        assert "Saved." in page.locator(".messages").inner_text()
    assert stored_text(server, "autosave-then-save") == lesson("Then saved with the button.")


def test_save_pressed_while_the_autosave_is_on_its_way_is_no_conflict(browser, server):
    new_module(server, "autosave-race")
    held: list[Any] = []

    def hold_the_autosave(route: Any) -> None:
        """The autosave reaches the server (and is stored); its answer is held back until after Save."""
        if "application/json" in (route.request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    with signed_in(browser, server) as page:
        page.route(f"**/studio/autosave-race/files/{LESSON}", hold_the_autosave)
        typed = lesson("Typed, then Save pressed as the autosave left.")
        open_editor(page, server, "autosave-race").fill(typed)
        while not held:
            page.wait_for_timeout(100)
        page.get_by_role("button", name="Save", exact=True).click()
        assert "Saved." in page.locator(".messages").inner_text()
        route, response = held[0]
        route.fulfill(response=response)
    assert stored_text(server, "autosave-race") == typed


def test_a_failed_autosave_says_so_keeps_the_text_dirty_and_the_next_one_saves_it(browser, server):
    new_module(server, "autosave-offline")
    with signed_in(browser, server) as page:
        editor = open_editor(page, server, "autosave-offline")
        page.route(
            "**/studio/autosave-offline/files/**",
            lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
        )
        editor.fill(lesson("Typed while the connection was down."))
        page.locator(".autosave-status").filter(has_text="Not saved: check your connection").wait_for()
        page.unroute("**/studio/autosave-offline/files/**")
        editor.press("End")
        editor.type(" ")
        page.locator(".autosave-status").filter(has_text=SAVED).wait_for()
    assert stored_text(server, "autosave-offline") == lesson("Typed while the connection was down.") + " "


def test_a_trainer_who_is_not_an_author_gets_a_read_only_editor_that_never_saves(browser, server):
    new_module(server, "not-mine")
    with signed_in(browser, server, CO_AUTHOR) as page:
        editor = open_editor(page, server, "not-mine")
        assert editor.get_attribute("readonly") is not None
        assert page.get_by_role("button", name="Save", exact=True).count() == 0
        before = editor.input_value()
        editor.press("End", timeout=2000)
        page.keyboard.type("typed anyway")
        assert editor.input_value() == before


def test_hiding_the_tab_saves_at_once_without_waiting_for_the_autosave(browser, server):
    new_module(server, "hidden-tab")
    typed = lesson("Saved when the author switched to another tab.")
    with signed_in(browser, server) as page:
        page.clock.install()  # the autosave's timer never fires unless the clock is moved on
        open_editor(page, server, "hidden-tab").fill(typed)
        with page.expect_request(lambda request: request.method == "POST"):
            page.evaluate(
                "() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
                " document.dispatchEvent(new Event('visibilitychange')); }"
            )
        wait_for_text(server, "hidden-tab", typed, page)


def test_leaving_the_page_with_unsaved_text_warns_and_the_text_is_kept(browser, server):
    new_module(server, "leaving")
    typed = lesson("Written just before leaving.")
    with signed_in(browser, server) as page:
        dialogs: list[str] = []

        def stay(dialog: Any) -> None:
            dialogs.append(dialog.type)
            dialog.dismiss()

        page.on("dialog", stay)
        editor = open_editor(page, server, "leaving")
        editor.fill(typed)
        page.get_by_role("link", name="Files").click()
        assert dialogs == ["beforeunload"]
        assert page.url.endswith(f"/studio/leaving/files/{LESSON}") and editor.input_value() == typed
        wait_for_text(server, "leaving", typed, page)  # the warning came with a save of the text


def test_leaving_the_page_saves_the_text_on_the_way_out(browser, server):
    new_module(server, "on-the-way-out")
    typed = lesson("Saved as the page closes.")
    with signed_in(browser, server) as page:
        page.on("dialog", lambda dialog: dialog.accept())
        open_editor(page, server, "on-the-way-out").fill(typed)
        page.get_by_role("link", name="Files").click()
        page.wait_for_url(f"{server.url}/studio/on-the-way-out/")
        wait_for_text(server, "on-the-way-out", typed, page)


def test_saving_by_hand_or_after_autosave_never_warns(browser, server):
    new_module(server, "no-warning")
    with signed_in(browser, server) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
        open_editor(page, server, "no-warning").fill(lesson("Saved with the button."))
        page.get_by_role("button", name="Save", exact=True).click()
        assert "Saved." in page.locator(".messages").inner_text()
        page.locator("textarea#text").fill(lesson("Saved by autosave."))
        page.locator(".autosave-status").filter(has_text=SAVED).wait_for()
        page.get_by_role("link", name="Files").click()
        page.wait_for_url(f"{server.url}/studio/no-warning/")
        assert dialogs == []


def test_two_authors_on_one_file_the_second_gets_both_texts_and_a_diff_and_nothing_is_lost(browser, server):
    new_module(server, "two-authors", CO_AUTHOR)
    first = lesson("A paragraph by the first author.")
    second = lesson("A <b>paragraph</b> by the second author.")
    with signed_in(browser, server) as one, signed_in(browser, server, CO_AUTHOR) as two:
        open_editor(one, server, "two-authors")
        open_editor(two, server, "two-authors")
        one.locator("textarea#text").fill(first)
        one.get_by_role("button", name="Save", exact=True).click()
        assert "Saved." in one.locator(".messages").inner_text()

        # The second author's autosave is refused: the status says so and asks for an explicit Save.
        two.locator("textarea#text").fill(second)
        two.locator(".autosave-status").filter(has_text="Another author saved this file meanwhile").wait_for()
        assert stored_text(server, "two-authors") == first
        with two.expect_response(re.compile(r".*/files/lessons/.*")) as response:
            two.get_by_role("button", name="Save", exact=True).click()
        assert response.value.status == 409
        assert two.get_by_role("heading", level=1).inner_text() == "Someone else saved this file"
        assert two.get_by_role("textbox", name="Your text (not saved)").input_value() == second
        assert two.get_by_role("textbox", name="Current version, editable").input_value() == first
        assert "A <b>paragraph</b> by the second author." in two.locator(".diff-added").inner_text()
        assert "A paragraph by the first author." in two.locator(".diff-removed").inner_text()
        assert two.locator(".diff b").count() == 0  # shown as text, never as markup
        assert stored_text(server, "two-authors") == first

        # The second author merges both into the current version and saves it.
        merged = first + "\nA paragraph by the second author.\n"
        two.get_by_role("textbox", name="Current version, editable").fill(merged)
        two.get_by_role("button", name="Save this version").click()
        assert "Saved." in two.locator(".messages").inner_text()
    assert stored_text(server, "two-authors") == merged


def test_the_live_preview_follows_the_text_once_typing_pauses(browser, server):
    new_module(server, "live-preview")
    with signed_in(browser, server) as page:
        saves: list[str] = []
        page.on("request", lambda request: saves.append(request.url) if request.method == "POST" else None)
        editor = open_editor(page, server, "live-preview")
        preview = page.locator(".live-preview")
        assert preview.is_hidden()
        editor.fill(lesson("", title="A"))
        editor.press("End")
        editor.press_sequentially("First *draft* of the text.", delay=10)
        preview.locator("article.lesson em", has_text="draft").wait_for()
        assert preview.get_by_role("heading", name="A", level=3).count() == 1  # the page keeps its one h1
        assert page.locator("h1").count() == 1
        assert len(saves) == 1  # one save after the pause, not one per key
        editor.fill(lesson("Second version, <script>alert(1)</script> sanitised.", title="A"))
        preview.locator("article.lesson", has_text="Second version").wait_for()
        assert preview.locator("script").count() == 0 and "First" not in preview.inner_text()
        assert len(saves) == 2


def test_line_numbers_follow_the_text(browser, server):
    new_module(server, "line-numbers")
    with signed_in(browser, server) as page:
        editor = open_editor(page, server, "line-numbers")
        gutter = page.locator(".gutter span")
        assert gutter.count() == len(editor.input_value().split("\n"))
        editor.fill("\n".join(f"line {number}" for number in range(1, 13)))
        assert gutter.count() == 12 and page.locator("#line-12").inner_text() == "12"
        editor.fill("one\ntwo\nthree")
        assert gutter.count() == 3 and page.locator("#line-4").count() == 0
        editor.press("End")
        editor.press("Enter")
        assert gutter.count() == 4
        editor.fill("\n".join(f"line {number}" for number in range(1, 201)))
        # The numbers and the text grow together (no inner scrolling), so number 200 stands beside line 200.
        area, last = editor.bounding_box(), page.locator("#line-200").bounding_box()
        assert page.locator(".gutter").bounding_box()["height"] == area["height"]
        assert area["y"] + area["height"] - 40 < last["y"] + last["height"] <= area["y"] + area["height"]


def test_without_javascript_save_preview_and_the_question_helper_work(browser, server):
    new_module(server, "no-script")
    typed = lesson("Written without *JavaScript*.", title="Plain forms")
    with signed_in(browser, server, javascript=False) as page:
        editor = open_editor(page, server, "no-script")
        editor.fill(typed)
        page.get_by_role("button", name="Save", exact=True).click()
        assert "Saved." in page.locator(".messages").inner_text()
        assert stored_text(server, "no-script") == typed
        page.locator("textarea#text").fill(typed.replace("Written", "Rewritten"))
        page.get_by_role("button", name="Save and preview").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Plain forms"
        assert page.locator("article.lesson em").inner_text() == "JavaScript"
        assert "Rewritten" in page.locator("article.lesson").inner_text()

        editor = open_editor(page, server, "no-script", "quiz.en.md")
        editor.fill("---\ntitle: Check\npass_mark: 50\n---\n")
        for kind in ("Single choice", "Ordering", "Number"):
            page.get_by_label("Question type").select_option(label=kind)
            page.get_by_role("button", name="Add a question").click()
        text = page.locator("textarea#text").input_value()
        assert [f"## new-question-{n}" in text for n in (1, 2, 3)] == [True, True, True]
        assert "(single)" in text and "(ordering)" in text and "(numeric)" in text
        assert page.locator(".problems").count() == 0
    assert "(numeric)" in stored_text(server, "no-script", "quiz.en.md")


def test_a_survey_gets_only_survey_question_types(browser, server):
    new_module(server, "survey-helper")
    with signed_in(browser, server) as page:
        open_editor(page, server, "survey-helper", "survey.en.md").fill("---\ntitle: Feedback\n---\n")
        offered = page.get_by_label("Question type").locator("option").all_inner_texts()
        assert "Rating scale" in " ".join(offered) and "True or false" not in offered
        page.get_by_label("Question type").select_option(index=len(offered) - 1)
        page.get_by_role("button", name="Add a question").click()
        assert "## new-question-1" in page.locator("textarea#text").input_value()
        assert page.locator(".problems").count() == 0
