"""The studio's quiz preview in a real browser: answered and checked at phone width, the switch to full width, and
no WCAG 2.1 AA violation (axe-core) on the form or the result, in English and in Russian."""

from __future__ import annotations

import pytest

from learnapp.author import operations
from learnapp.extensions import db
from tests.browser.conftest import assert_accessible, sign_in_as

MODULE_YAML = """\
id: alpha
order: 1
default_language: en
estimated_minutes: 20
sensitivity: public
title:
  en: Media literacy
  ru: Медиаграмотность
summary:
  en: Reading the news critically.
  ru: Критическое чтение новостей.
objectives:
  en:
    - Check a source
  ru:
    - Проверять источник
"""
QUIZ = {
    "en": "---\ntitle: Check your understanding\npass_mark: 50\n---\n\n"
    "## source (single)\nWhich source should a reporter check first?\n\n"
    "- [ ] A post shared by a friend\n- [x] The original document\n  > The original is the best evidence.\n"
    "- [ ] A comment under the article\n\n"
    "## photo (truefalse)\nA photograph cannot be manipulated.\n\nAnswer: false\n\nFeedback: See lesson 1.\n",
    "ru": "---\ntitle: Проверьте себя\n---\n\n"
    "## source (single)\nКакой источник журналисту следует проверить первым?\n\n"
    "- [ ] Пост, которым поделился друг\n- [x] Исходный документ\n  > Исходный документ надёжнее всего.\n"
    "- [ ] Комментарий под статьёй\n\n"
    "## photo (truefalse)\nФотографию невозможно подделать.\n\nAnswer: false\n\nFeedback: См. урок 1.\n",
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_author_answers_the_quiz_preview_at_phone_width_and_reads_the_graded_result(page, live_server, language):
    server = live_server
    with server.app.app_context():
        files = {
            "module.yaml": MODULE_YAML.encode(),
            "lessons/01-intro.en.md": b"---\ntitle: Intro\n---\n\nCheck who wrote it.\n",
            "lessons/01-intro.ru.md": "---\ntitle: Введение\n---\n\nПроверьте автора.\n".encode(),
            "quiz.en.md": QUIZ["en"].encode(),
            "quiz.ru.md": QUIZ["ru"].encode(),
        }
        draft = operations.start_draft("alpha", files, None)
        db.session.commit()
        assert draft.error_count == 0, draft.problems
    sign_in_as(page, server, "admin@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()
    page.goto(f"{server.url}/studio/alpha/preview/?lang={language}&width=phone")
    assert page.locator(".preview-frame.is-phone").count() == 1
    assert_accessible(page)
    page.locator("#quiz a.button").click()  # the module page's link to the quiz keeps the phone width
    assert "width=phone" in page.url and page.locator(".preview-frame.is-phone").count() == 1
    assert page.evaluate("document.querySelector('.preview-frame').getBoundingClientRect().width") <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.locator("#q-source-1").check()  # the right choice
    page.locator("#q-photo-true").check()  # the wrong answer
    page.locator("form.quiz button[type=submit]").click()
    assert page.locator(".preview-unsaved").count() == 1
    assert "50" in page.locator(".quiz-score").inner_text()  # 50 % in Russian, with a no-break space
    assert page.locator(".review-question").count() == 2
    assert page.locator(".preview-frame.is-phone").count() == 1
    assert_accessible(page)

    page.locator(".preview-widths a").nth(1).click()  # full width
    assert "width=phone" not in page.url and page.locator(".preview-frame.is-phone").count() == 0
    assert page.locator(".preview-widths a[aria-current='true']").count() == 1
    assert_accessible(page)
