"""A stale save is a conflict only when its text differs from what is stored (studio autosave and Save racing)."""

from __future__ import annotations

from learnapp.domain.profiles import Role
from tests.web.test_studio import LESSON, file_text, new_module

JSON = {"Accept": "application/json"}
TEXT = "---\ntitle: Introduction\n---\n\nFirst words.\n"


def post(client, text, revision, **headers):
    return client.post(
        f"/studio/media-literacy/files/{LESSON}",
        data={"text": text, "revision": revision, "save": "1"},
        headers=headers,
    )


def test_save_pressed_while_the_same_text_was_autosaved_is_saved_not_a_conflict(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    assert post(client, TEXT, 1, **JSON).json["revision"] == 2  # the autosave lands first
    saved = post(client, TEXT, 1)  # the Save button's form still carries revision 1
    assert saved.status_code == 302 and saved.headers["Location"].endswith(LESSON)
    assert "Saved." in client.get(saved.headers["Location"]).text
    assert file_text(db, "media-literacy", LESSON) == TEXT


def test_a_stale_autosave_of_the_stored_text_gets_the_current_revision(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    post(client, TEXT, 1)
    again = post(client, TEXT.replace("\n", "\r\n"), 1, **JSON)  # the same text as a browser sends it
    assert again.status_code == 200 and again.json["revision"] == 2


def test_a_stale_save_of_other_text_is_still_a_conflict_and_changes_nothing(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    post(client, TEXT, 1)
    conflict = post(client, TEXT + "\nMore words.\n", 1)
    assert conflict.status_code == 409 and "Someone else saved this file" in conflict.text
    assert file_text(db, "media-literacy", LESSON) == TEXT
