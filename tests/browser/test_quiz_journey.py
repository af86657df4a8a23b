"""A trainee takes a timed quiz in a real browser: starts, answers, reloads, submits and reads the review.

Every page is checked with axe-core (WCAG 2.1 AA) in English and in Russian.
"""

from __future__ import annotations

import re

from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.loader import load_tree
from learnapp.extensions import db
from tests.browser.conftest import assert_accessible
from tests.support.module_tree import write_module
from tests.web.test_quiz import EVERY_TYPE, SURVEY, quiz_file

FRONT = """\
---
title: {title}
pass_mark: 50
attempts: 3
time_limit_minutes: 30
review: full
bands:
  - min: 0
    text: {again}
  - min: 50
    text: {done}
---
"""
QUIZ_EN = (
    FRONT.format(title="Check your understanding", again="Read the lessons again.", done="Well done.")
    + """
## pillars (single)
How many pillars does the UN Global Counter-Terrorism Strategy have?

- [ ] Two
- [x] Four

## jpoa (truefalse)
All five Central Asian states adopted the Joint Plan of Action in 2011.

Answer: false

## resolution (short)
Which Security Council resolution of 2014 deals with foreign terrorist fighters? Give its number.

Accept: 2178

## documents (matching)
Match each document with its subject.

- Rome Memorandum => rehabilitation of offenders
- Abu Dhabi Memorandum => education

Feedback: See the lesson on the Global Counterterrorism Forum.
"""
)
QUIZ_RU = """\
---
title: Проверьте себя
bands:
  - min: 0
    text: Перечитайте уроки.
  - min: 50
    text: Отлично.
---

## pillars (single)
Сколько основных направлений у Глобальной контртеррористической стратегии ООН?

- [ ] Два
- [x] Четыре

## jpoa (truefalse)
Все пять государств Центральной Азии приняли Совместный план действий в 2011 году.

Answer: false

## resolution (short)
Какая резолюция Совета Безопасности 2014 года посвящена иностранным боевикам-террористам? Укажите номер.

Accept: 2178

## documents (matching)
Сопоставьте документ и его тему.

- Римский меморандум => реабилитация правонарушителей
- Абу-Дабийский меморандум => образование
"""


def publish_quiz_module(server, root):
    """Write module "alpha" with the quiz above into the served database."""
    folder = write_module(root, "alpha", with_quiz=False, completion="quiz")
    (folder / "quiz.en.md").write_text(QUIZ_EN)
    (folder / "quiz.ru.md").write_text(QUIZ_RU)
    with server.app.app_context():
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, [str(problem) for problem in result.problems]
        sync_modules(result.modules)
        db.session.commit()


def sign_in(page, server, email):
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")


def switch_language(page, name, lang):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


def test_a_trainee_takes_the_quiz_reloads_submits_and_reads_the_review(page, live_server, tmp_path):
    publish_quiz_module(live_server, tmp_path / "modules")
    sign_in(page, live_server, "trainee@example.org")
    switch_language(page, "English", "en")

    page.goto(f"{live_server.url}/modules/alpha")
    page.locator("form[action='/modules/alpha/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    take_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Check your understanding"
    assert "Answers are accepted until" in page.locator(".quiz-timer").inner_text()
    assert re.search(r"Time left: (29|30):\d\d", page.locator("[data-countdown]").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    page.get_by_label("Four").check()
    page.get_by_label("False").check()
    page.get_by_label("Rome Memorandum").select_option(label="rehabilitation of offenders")
    page.get_by_label("Abu Dhabi Memorandum").select_option(label="education")
    with page.expect_response(lambda response: response.url == take_url and response.request.method == "POST") as saved:
        page.get_by_label("Your answer").fill("2178")
    assert saved.value.ok and saved.value.json()["remaining_seconds"] > 0
    assert "Answers saved at" in page.locator("[data-saved]").inner_text()
    assert page.locator("[data-answered-count]").inner_text() == "4 answered"  # D-20: the counter follows

    page.reload()
    assert page.get_by_label("Four").is_checked() and page.get_by_label("False").is_checked()
    assert page.get_by_label("Your answer").input_value() == "2178"
    assert page.get_by_label("Abu Dhabi Memorandum").input_value() == "1"

    switch_language(page, "Русский", "ru")
    assert page.url == take_url
    assert "Сколько основных направлений" in page.locator("main").inner_text()
    assert page.get_by_label("Четыре").is_checked()
    assert_accessible(page)

    page.locator("[data-submit]").click()
    page.wait_for_url(f"{take_url}/submit")  # the summary page: every question answered, submit for good?
    assert "Вы ответили на 4 из 4 вопросов." in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("form[action$='/submit'] button").click()
    page.wait_for_url(f"{take_url}/review")
    review = page.locator("main").inner_text()
    assert "Проверьте себя" in review and "Отлично." in review and "100" in review
    assert_accessible(page)

    switch_language(page, "English", "en")
    review = page.locator("main").inner_text()
    assert "Score: 100%" in review and "Passed" in review
    assert "Rome Memorandum → rehabilitation of offenders" in review
    assert "See the lesson on the Global Counterterrorism Forum." in review
    assert_accessible(page)


def test_every_question_type_page_and_the_survey_pass_axe(page, live_server, tmp_path):
    root = tmp_path / "modules"
    folder = write_module(root, "alpha", with_quiz=False, completion="quiz")
    (folder / "quiz.en.md").write_text(quiz_file(EVERY_TYPE, shuffle=True, time_limit_minutes=5))
    (folder / "survey.en.md").write_text(SURVEY)
    with live_server.app.app_context():
        sync_modules(load_tree(root, media_base=MEDIA_BASE).modules)
        db.session.commit()
    sign_in(page, live_server, "trainer@example.org")

    page.goto(f"{live_server.url}/modules/alpha")
    page.locator("form[action='/modules/alpha/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    take_url = page.url
    page.locator("#q-year-answer").fill("twenty eleven")
    page.get_by_role("button", name="Save answers").click()
    page.locator("#q-year-error").wait_for()
    assert page.locator("[aria-invalid=true]").count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Show one question per page").click()
    page.wait_for_url(f"{take_url}?page=1")
    assert_accessible(page)
    page.locator("[data-submit]").click()
    page.get_by_role("button", name="Submit anyway").wait_for()
    assert "You have not answered 6 questions" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/modules/alpha")
    page.locator("form[action='/modules/alpha/survey/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    page.get_by_label("4").check()
    assert_accessible(page)
    page.locator("[data-submit]").click()
    page.get_by_role("button", name="Submit anyway").click()
    page.wait_for_url(re.compile(r".*/review$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert_accessible(page)


def test_the_countdown_speaks_only_at_meaningful_moments_and_submits_at_zero(page, live_server, tmp_path):
    publish_quiz_module(live_server, tmp_path / "modules")
    sign_in(page, live_server, "trainer@example.org")
    page.clock.install()
    page.goto(f"{live_server.url}/modules/alpha")
    page.locator("form[action='/modules/alpha/quiz/start'] button").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    announcer, countdown = page.locator("[data-announcer]"), page.locator("[data-countdown]")
    assert (countdown.inner_text(), announcer.inner_text()) == ("Time left: 30:00", "")
    page.clock.run_for("04:30")
    assert announcer.inner_text() == ""
    page.clock.run_for("00:31")
    assert announcer.inner_text() == "25 minutes left."
    page.clock.run_for("24:00")
    assert announcer.inner_text() == "One minute left."
    page.clock.run_for("01:05")
    page.wait_for_url(re.compile(r".*/review$"))
    assert "Score: 0%" in page.locator("main").inner_text()
