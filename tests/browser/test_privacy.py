"""A trainee accepts the privacy notice at first sign-in, then downloads their data and the zip opens, in a browser."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.extensions import db
from learnapp.models import Reflection, User
from tests.browser.conftest import assert_accessible, publish_tree
from tests.support.module_tree import write_module

REFLECTION = "What I would say to the family first"


@pytest.fixture()
def course(live_server, tmp_path):
    """Module alpha, and the demo trainee as a newcomer (no notice accepted) with one reflection."""
    root = tmp_path / "modules"
    write_module(root, "alpha", completion="lessons", with_quiz=False)
    publish_tree(live_server, root)
    with live_server.app.app_context():
        trainee = db.session.scalar(sa.select(User).where(User.email == "trainee@example.org"))
        trainee.notice_version = None
        module_id = db.session.scalar(sa.text("SELECT id FROM modules WHERE slug = 'alpha'"))
        db.session.add(
            Reflection(user_id=trainee.id, module_id=module_id, lesson_slug="01-intro", block_slug="b", text=REFLECTION)
        )
        db.session.commit()
    return live_server


def test_a_trainee_accepts_the_notice_then_downloads_their_data_and_opens_the_zip(page, course):
    page.goto(f"{course.url}/sign-in")
    page.get_by_role("link", name="Privacy notice").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    assert_accessible(page)
    page.goto(f"{course.url}/sign-in")
    page.get_by_label("Email").fill("trainee@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{course.url}/privacy/accept?next=/")
    assert page.get_by_role("heading", level=1).inner_text() == "Уведомление о конфиденциальности"  # her language
    page.get_by_role("button", name="English").click()  # the language switch works before accepting
    assert_accessible(page)
    page.get_by_role("button", name="I have read the privacy notice and accept it").click()
    page.wait_for_url(f"{course.url}/")

    page.goto(f"{course.url}/account")
    assert_accessible(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download my data").click()
    download = waiting.value
    assert download.suggested_filename.startswith("my-data-") and download.suggested_filename.endswith(".zip")

    archive = zipfile.ZipFile(download.path())
    data = json.loads(archive.read("data.json"))
    assert data["tables"]["users"][0]["email"] == "trainee@example.org"
    assert data["tables"]["users"][0]["notice_version"] == data["privacy_notice_version"]
    reflections = list(csv.DictReader(io.StringIO(archive.read("reflections.csv").decode("utf-8-sig"))))
    assert [row["text"] for row in reflections] == [REFLECTION]
    assert "password_hash" not in archive.read("users.csv").decode("utf-8-sig")
