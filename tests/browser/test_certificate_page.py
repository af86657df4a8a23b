"""A trainee's certificate and its public verification page, in a real browser, in English and Russian."""

from __future__ import annotations

import sqlalchemy as sa

from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.loader import load_tree
from learnapp.extensions import db
from learnapp.models import Certificate, Lesson, LessonRead, Module, User
from learnapp.progress.operations import update_completion
from tests.browser.conftest import assert_accessible
from tests.support.module_tree import write_module


def certificate_for(server, tmp_path, email):
    """Publish a lessons-only module, have `email` read it all, and return the certificate's code."""
    with server.app.app_context():
        write_module(tmp_path / "modules", "alpha", completion="lessons", with_quiz=False, lessons=2)
        sync_modules(load_tree(tmp_path / "modules", media_base=MEDIA_BASE).modules)
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        module = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
        version = module.current_version
        for slug in db.session.scalars(sa.select(Lesson.slug).where(Lesson.version_id == version.id)):
            db.session.add(LessonRead(user_id=user.id, module_id=module.id, lesson_slug=slug, version_id=version.id))
        update_completion(user, module, version)
        db.session.commit()
        code = db.session.scalar(sa.select(Certificate.code))
        db.session.remove()
        return code


def assert_fits_and_is_accessible(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert_accessible(page)


def test_certificate_and_verify_pages_are_accessible_in_english_and_russian(page, live_server, tmp_path):
    code = certificate_for(live_server, tmp_path, "trainee@example.org")

    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("Email").fill("trainee@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/certificates/{code.lower()}")  # the demo trainee reads in Russian
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Aigerim Demo" in page.locator(".certificate-name").inner_text()
    assert_fits_and_is_accessible(page)
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Модуль alpha" in page.locator(".certificate").inner_text()
    assert_fits_and_is_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".certificate").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/verify/{code}")
    assert page.get_by_role("heading", level=1).inner_text() == "This certificate is genuine"
    assert_fits_and_is_accessible(page)
    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Модуль alpha" in page.locator("main").inner_text()
    assert_fits_and_is_accessible(page)
