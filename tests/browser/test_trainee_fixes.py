"""What a trainee sees after the walkthrough's fixes, in a real browser and in both languages, checked with axe.

Unsaved reflections are kept by "Mark as read" (D-3) and the saved message shows beside its block (D-11); submitting
a quiz always goes through a summary page (D-14); a failed attempt with attempts left keeps the right answers back
and offers "Try again" (D-4, D-21); a certificate code can be typed into /verify; a coordinator's reset link lets a
trainee choose a new password (D-1).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module

CASE = "Read the case.\n\n::: scenario step-1\nWhat would you do first?\n--- commentary\nListen before acting.\n:::"
LANGUAGES = [("English", "en"), ("Русский", "ru")]


def choose_language(page, name, lang):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_mark_as_read_keeps_a_reflection_that_was_typed_but_not_saved(page, live_server, tmp_path, language, lang):
    root = tmp_path / "modules"
    write_module(root, "alpha", lessons=2, completion="lessons", with_quiz=False, body=CASE)
    publish_tree(live_server, root)
    sign_in_as(page, live_server, "trainee@example.org")
    choose_language(page, language, lang)
    lesson = f"{live_server.url}/modules/alpha/lessons/01-intro"
    page.goto(lesson)

    page.locator("#answer-step-1").fill("Talk to the family.")
    page.locator("#block-step-1 button").click()
    page.wait_for_url(re.compile(r".*saved=step-1#block-step-1$"))
    saved = page.locator("#block-step-1 [role=status]")
    assert saved.is_visible()
    assert page.evaluate("document.querySelector('#block-step-1 [role=status]').getBoundingClientRect().top") >= 0
    assert_accessible(page)

    page.locator("#answer-first-thoughts").fill("An unsaved thought.")
    assert page.locator("[data-unsaved-note]").is_visible()
    page.locator(".mark-read button, .mark-read input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/modules/alpha/lessons/02-lesson-2")
    page.goto(lesson)
    assert page.locator("#answer-first-thoughts").input_value() == "An unsaved thought."
    assert page.locator("#answer-step-1").input_value() == "Talk to the family."
    assert not page.locator("[data-unsaved-note]").is_visible()


QUIZ = """\
---
title: Check
pass_mark: 70
attempts: 2
review: after_last_attempt
---

## pillars (single)
How many pillars does the Strategy have?

- [ ] Two
  > No: count the measures of the Plan of Action.
- [x] Four
  > Correct.

## jpoa (truefalse)
All five states adopted the JPoA in 2011.

Answer: false
"""


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_a_failed_attempt_keeps_the_answers_back_and_offers_to_try_again(page, live_server, tmp_path, language, lang):
    root = tmp_path / "modules"
    folder = write_module(root, "alpha", completion="quiz", with_quiz=False)
    (folder / "quiz.en.md").write_text(QUIZ)
    publish_tree(live_server, root)
    sign_in_as(page, live_server, "trainee@example.org")
    choose_language(page, language, lang)

    page.goto(f"{live_server.url}/modules/alpha")
    page.locator("form[action='/modules/alpha/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    page.get_by_label("Two").check()
    page.locator("[data-submit]").click()
    summary = page.locator("main").inner_text()
    assert ("1 of 2 questions" in summary) if lang == "en" else ("1 из 2 вопросов" in summary)
    assert_accessible(page)
    page.locator("form[action$='/submit'] button").click()
    page.wait_for_url(re.compile(r".*/review$"))
    review = page.locator("main").inner_text()
    assert "No: count the measures" not in review and "Correct." not in review
    assert page.locator(".review-held-back").is_visible()
    assert_accessible(page)

    page.locator("form[action='/modules/alpha/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    page.get_by_label("Two").check()
    page.locator("input[value=true]").check()
    page.locator("[data-submit]").click()
    page.locator("form[action$='/submit'] button").click()
    page.wait_for_url(re.compile(r".*/review$"))
    review = page.locator("main").inner_text()
    assert "No: count the measures" in review and page.locator(".review-held-back").count() == 0
    assert page.locator("form[action='/modules/alpha/quiz/start']").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_a_visitor_types_a_certificate_code_into_the_verify_page(page, live_server, language, lang):
    page.goto(f"{live_server.url}/sign-in")
    choose_language(page, language, lang)
    page.locator("footer a[href='/verify']").click()
    page.wait_for_url(f"{live_server.url}/verify")
    assert_accessible(page)
    page.locator("#code").fill("abcd efgh ijkl mnop qrst uvwx")
    page.locator("form.verify-code [type=submit]").click()
    page.wait_for_url(f"{live_server.url}/verify/ABCD-EFGH-IJKL-MNOP-QRST-UVWX")
    assert page.locator("#code").input_value() == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX"
    assert_accessible(page)


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_a_coordinator_makes_a_reset_link_and_the_trainee_chooses_a_new_password(browser, live_server, language, lang):
    staff = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    coordinator = staff.new_page()
    sign_in_as(coordinator, live_server, "coordinator@example.org")
    choose_language(coordinator, language, lang)
    coordinator.goto(f"{live_server.url}/cohorts/")
    coordinator.locator("main table a").first.click()
    coordinator.locator("a[href$='/participants']").first.click()
    assert_accessible(coordinator)
    coordinator.locator("form[action$='/reset-link'] button").first.click()
    link = coordinator.locator("#reset-link").input_value()
    assert "/reset-password/" in link
    assert_accessible(coordinator)
    staff.close()

    person = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB").new_page()
    person.goto(f"{live_server.url}/sign-in")
    choose_language(person, language, lang)
    person.locator("a[href='/forgot-password']").click()
    assert person.locator("main form input[name=email]").count() == 0  # no email set up: ask the coordinator
    assert_accessible(person)
    person.goto(link)
    assert_accessible(person)
    person.locator("#new_password").fill("amber kettle lantern orbit")
    person.locator("#confirm_password").fill("amber kettle lantern orbit")
    person.locator("main form [type=submit]").click()
    person.wait_for_url(f"{live_server.url}/")
    assert person.goto(link).status == 410  # spent
    assert_accessible(person)
    person.context.close()
