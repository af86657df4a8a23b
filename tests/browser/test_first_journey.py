"""A person signs in, switches to Russian, and signs out, in a real browser, with no accessibility violation."""

from __future__ import annotations

from learnapp.cli.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible


def sign_in(page, server, email):
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_switch_to_russian_and_sign_out(page, live_server):
    page.goto(live_server.url)
    assert page.url.endswith("/sign-in?next=/")
    assert_accessible(page)

    sign_in(page, live_server, "coordinator@example.org")
    assert page.get_by_role("heading", level=1).inner_text() == "My learning"
    assert_accessible(page)

    page.get_by_role("button", name="Русский").click()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Моё обучение"
    assert_accessible(page)

    page.get_by_role("button", name="Выйти").click()
    assert page.url.endswith("/sign-in")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Войти"


def test_a_wrong_password_is_announced_and_the_form_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("Email").fill("trainee@example.org")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    assert "The email or password is not right" in page.get_by_role("status").inner_text()
    assert_accessible(page)


def test_the_keyboard_alone_reaches_the_form_and_signs_in(page, live_server):
    page.goto(f"{live_server.url}/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.get_by_label("Email").focus()
    page.keyboard.type("admin@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/users")
    assert page.get_by_role("cell", name="Aigerim Demo").is_visible()
    assert_accessible(page)


def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(page, live_server):
    sign_in(page, live_server, "trainee@example.org")
    for path in ("/", "/account", "/account/password"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)


def test_no_request_leaves_the_site(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, live_server, "trainee@example.org")
    page.goto(f"{live_server.url}/account")
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
