"""In a real browser, in both languages, checked with axe: what the trainee-fixes branch changed.

A trainee's module page and My learning count the steps of the completion rule under the bar (D-23); a failed quiz's
review links its feedback to the lessons it cites and offers "Try again" (D-21). The coordinator reaches the trainee
detail from the name in the matrix, sees the cohort's sessions with attendance, opens the attempt's result from the
attempt number, and reaches the item analysis from the reports index, where the true/false key is marked (D-2, D-9).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from learnapp.cli.demo import DEMO_COHORT
from learnapp.extensions import db
from learnapp.models import Cohort, CohortModule, Module
from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module

LANGUAGES = [("English", "en"), ("Русский", "ru")]
QUIZ = """\
---
title: Check
pass_mark: 70
attempts: 3
review: full
---

## pillars (single)
How many pillars does the Strategy have?

- [ ] Two
  > Read Module 2, lesson 3 again.
- [x] Four
  > Correct.

Feedback: See lesson 2 on the framework.

## jpoa (truefalse)
All five states adopted the JPoA in 2011.

Answer: false
"""
QUIZ_RU = """\
---
title: Проверка
---

## pillars (single)
Сколько основных направлений у Стратегии?

- [ ] Два
  > Перечитайте модуль 2, урок 3.
- [x] Четыре
  > Верно.

Feedback: См. урок 2 о рамочных документах.

## jpoa (truefalse)
Все пять государств приняли СПД в 2011 году.

Answer: false
"""
WORDS = {
    "en": {
        "steps": "0 of 3 steps: lessons and the quiz",
        "lesson": "lesson 2",
        "module_lesson": "Module 2, lesson 3",
        "try": "Try again",
        "attended": "Attended",
        "incorrect": "Incorrect",
        "key": "✓ Right answer",
        "false": "False",
    },
    "ru": {
        "steps": "0 из 3 шагов: уроки и тест",
        "lesson": "урок 2",
        "module_lesson": "модуль 2, урок 3",
        "try": "Пройти ещё раз",
        "attended": "Присутствовал(а)",
        "incorrect": "Неправильно",
        "key": "✓ Верный ответ",
        "false": "Неверно",
    },
}


def choose_language(page, name, lang):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


def fits_a_phone(page) -> bool:
    """At 360 px the page does not scroll sideways (the same measure as test_phone_width.py)."""
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return width <= 360


def publish_citing_curriculum(server, root):
    """Module 1 "alpha" (two lessons, the citing quiz) and module 2 "beta" (three lessons), both in the demo cohort."""
    write_module(root, "beta", order=2, lessons=3, completion="lessons", with_quiz=False)
    folder = write_module(root, "alpha", order=1, lessons=2, completion="lessons_and_quiz", with_quiz=False)
    (folder / "quiz.en.md").write_text(QUIZ)
    (folder / "quiz.ru.md").write_text(QUIZ_RU)
    publish_tree(server, root)
    with server.app.app_context():
        cohort_id = db.session.scalar(sa.select(Cohort.id).filter_by(name=DEMO_COHORT.name))
        for module_id in db.session.scalars(sa.select(Module.id)):
            db.session.add(CohortModule(cohort_id=cohort_id, module_id=module_id, is_required=True))
        db.session.commit()
    return cohort_id


@pytest.mark.parametrize(("language", "lang"), LANGUAGES)
def test_steps_review_links_and_the_coordinators_way_to_the_attempt(browser, live_server, tmp_path, language, lang):
    words = WORDS[lang]
    cohort_id = publish_citing_curriculum(live_server, tmp_path / "modules")
    trainee = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    sign_in_as(trainee, live_server, "trainee@example.org")
    choose_language(trainee, language, lang)

    trainee.goto(f"{live_server.url}/modules/alpha")
    assert trainee.locator(".progress-steps").inner_text() == words["steps"]
    assert_accessible(trainee)
    trainee.goto(f"{live_server.url}/")
    assert words["steps"] in trainee.locator(".progress-steps").all_inner_texts()
    assert_accessible(trainee)

    trainee.goto(f"{live_server.url}/modules/alpha")
    trainee.locator("form[action='/modules/alpha/quiz/start'] button").click()
    trainee.wait_for_url(re.compile(r".*/attempts/\d+$"))
    trainee.locator("input[name='q.pillars']").first.check()
    trainee.locator("input[value=true]").check()
    trainee.locator("[data-submit]").click()
    trainee.locator("form[action$='/submit'] button").click()
    trainee.wait_for_url(re.compile(r".*/review$"))
    assert trainee.get_by_role("button", name=words["try"]).is_visible()
    assert trainee.get_by_role("link", name=words["module_lesson"]).get_attribute("href") == (
        "/modules/beta/lessons/03-lesson-3"
    )
    assert_accessible(trainee)
    assert fits_a_phone(trainee)
    trainee.get_by_role("link", name=words["lesson"], exact=True).click()
    trainee.wait_for_url(f"{live_server.url}/modules/alpha/lessons/02-lesson-2")
    trainee.context.close()

    coordinator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    sign_in_as(coordinator, live_server, "coordinator@example.org")
    choose_language(coordinator, language, lang)
    coordinator.goto(f"{live_server.url}/reports/cohorts/{cohort_id}/matrix")
    coordinator.locator("tbody th a").first.click()
    coordinator.wait_for_url(re.compile(r".*/trainees/\d+$"))
    assert words["attended"] in coordinator.locator("main").inner_text()
    assert_accessible(coordinator)
    assert fits_a_phone(coordinator)
    coordinator.locator("a[href*='/attempts/']").first.click()
    coordinator.wait_for_url(re.compile(r".*/attempts/\d+$"))
    assert coordinator.locator("tbody td", has_text=words["incorrect"]).count() == 2
    assert_accessible(coordinator)
    assert fits_a_phone(coordinator)

    coordinator.goto(f"{live_server.url}/reports/")
    coordinator.locator("a[href='/reports/modules/alpha/items']").first.click()
    coordinator.wait_for_url(f"{live_server.url}/reports/modules/alpha/items")
    false_row = coordinator.locator(
        "tbody tr", has=coordinator.locator("td", has_text=re.compile(f"^{words['false']}$"))
    )
    assert words["key"] in false_row.last.inner_text()
    assert_accessible(coordinator)
    coordinator.context.close()
