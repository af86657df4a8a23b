"""A trainee reads a module in a real browser, in English and Russian, with no accessibility violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module

CASE_BODY = (
    "Read the case.\n\n| Step | Who |\n|---|---|\n| 1 | Family |\n\n"
    "::: scenario step-1\nWhat would you do first?\n--- commentary\nListen before acting.\n:::"
)


@pytest.fixture()
def course(live_server, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1, lessons=2, completion="lessons", with_quiz=False, body=CASE_BODY)
    publish_tree(live_server, root)
    return live_server


@pytest.mark.parametrize("language", ["English", "Русский"])
def test_a_trainee_reads_a_module_answers_a_scenario_and_completes_it(page, course, language):
    sign_in_as(page, course, "trainee@example.org")
    page.get_by_role("button", name=language).click()
    assert_accessible(page)
    page.locator(".module-card a.button").first.click()
    assert_accessible(page)
    assert page.locator(".commentary").count() == 0
    page.locator("#answer-step-1").fill("I would talk to the family first.")
    page.locator("#block-step-1 button").click()
    assert page.locator("#block-step-1 .commentary").is_visible()
    assert page.locator("#answer-step-1").input_value() == "I would talk to the family first."
    assert_accessible(page)
    page.locator(".mark-read button, .mark-read input[type=submit]").click()
    page.locator(".mark-read button, .mark-read input[type=submit]").click()
    assert page.url.endswith("/modules/alpha")
    assert_accessible(page)
    assert page.locator("progress").get_attribute("value") == "100"


@pytest.mark.parametrize(("language", "heading"), [("English", "Glossary"), ("Русский", "Глоссарий")])
def test_a_trainee_opens_the_glossary_from_a_lesson(page, course, language, heading):
    sign_in_as(page, course, "trainee@example.org")
    page.get_by_role("button", name=language).click()
    page.goto(f"{course.url}/modules/alpha/lessons/01-intro")
    page.get_by_role("link", name=heading).click()
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator(".glossary-entry").count() >= 20
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert_accessible(page)
