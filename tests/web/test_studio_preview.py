"""The studio's previews: a quiz answered and graded as a trainee's would be with nothing stored, a survey filled
in with nothing stored, and every preview at phone or full width without JavaScript."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Attempt, AttemptAnswer, Draft
from tests.web.test_studio import new_module, save

QUIZ = """\
---
title: Check your understanding
pass_mark: 70
bands:
  - min: 0
    text: Read the lessons again.
---

## sources (single)
Which source should a reporter check first?

- [ ] A post shared by a friend
  > Shared posts are often unchecked.
- [x] The original document
  > The original is the best evidence.
- [ ] A comment under the article

## photo (truefalse)
A photograph cannot be manipulated.

Answer: false

Feedback: See lesson 1 on manipulated images.

## year (short)
In which year was the plan adopted?

Accept: 2016
"""

RUSSIAN_QUIZ = """\
---
title: Проверьте себя
bands:
  - min: 0
    text: Перечитайте уроки.
---

## sources (single)
Какой источник журналисту следует проверить первым?

- [ ] Пост, которым поделился друг
- [x] Исходный документ
- [ ] Комментарий под статьёй

## photo (truefalse)
Фотографию невозможно подделать.

Answer: false

## year (short)
В каком году был принят план?

Accept: 2016
"""

SURVEY = """\
---
title: Your opinion
---

## useful (rating)
How useful was this module?

Scale: 1-5

## comment (text)
What would you change?
"""

WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def row_counts(db):
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Attempt, AttemptAnswer))


@pytest.fixture()
def quiz_draft(client, db, login_as):
    """A trainer's draft "media-literacy" with a three-question quiz in English and Russian."""
    login_as(Role.TRAINER)
    new_module(client)
    assert save(client, "quiz.en.md", QUIZ, 0).status_code == 302
    assert save(client, "quiz.ru.md", RUSSIAN_QUIZ, 0).status_code == 302
    draft = db.session.scalar(sa.select(Draft).filter_by(slug="media-literacy"))
    assert draft.error_count == 0, draft.problems
    return draft


def test_the_quiz_preview_is_the_trainees_form_with_the_key_kept_for_authors(client, quiz_draft):
    page = client.get("/studio/media-literacy/preview/quiz?lang=en").text
    assert 'action="/studio/media-literacy/preview/quiz?lang=en"' in page and 'name="csrf_token"' in page
    # The trainee's widgets: a fieldset per question, radios named q.<id>, a typed answer box.
    assert '<fieldset class="question" id="q-sources"' in page and "Question 1" in page
    assert 'type="radio" id="q-sources-1" name="q.sources" value="1"' in page
    assert 'name="q.photo" value="true"' in page and 'id="q-year-answer" name="q.year"' in page
    assert "nothing is saved" in page
    assert "Answer key and feedback, for authors" in page and "See lesson 1 on manipulated images." in page


def test_answering_the_quiz_preview_grades_it_like_a_trainees_review_and_writes_nothing(
    client, db, quiz_draft, count_queries
):
    before = row_counts(db)
    answers = {"shown": ["sources", "photo", "year"], "q.sources": "1", "q.photo": "true", "q.year": ""}
    with count_queries() as counter:
        response = client.post("/studio/media-literacy/preview/quiz?lang=en", data=answers)
    assert response.status_code == 200
    page = response.text
    assert "Preview — nothing is saved." in page
    assert "Score: 33.3%" in page and "1 of 3 points" in page and "Not passed" in page and "pass mark 70%" in page
    assert "Read the lessons again." in page
    assert "Correct" in page and "Incorrect" in page and "Not answered" in page
    assert "The original is the best evidence." in page
    # The feedback's "lesson 1" leads to the draft's first lesson, previewed like this page.
    assert 'See <a href="/studio/media-literacy/preview/lessons/01-introduction?lang=en">lesson 1</a> on' in page
    assert "(correct answer)" in page and "2016" in page
    assert 'href="/studio/media-literacy/preview/quiz?lang=en"' in page  # answer it again
    assert row_counts(db) == before == (0, 0)
    assert [statement for statement in counter.statements if WRITES.match(statement)] == []


def test_a_full_score_in_the_preview_passes(client, quiz_draft):
    answers = {"shown": ["sources", "photo", "year"], "q.sources": "1", "q.photo": "false", "q.year": " 2016 "}
    page = client.post("/studio/media-literacy/preview/quiz?lang=en", data=answers).text
    assert "Score: 100%" in page and "Passed" in page and "Not passed" not in page


def test_the_quiz_preview_in_russian_grades_the_russian_questions_in_russian(client, db, quiz_draft, create_user):
    from tests.conftest import sign_in

    russian_reader = create_user(Role.TRAINER, preferred_language="ru")
    client.post("/sign-out")
    assert sign_in(client, russian_reader.email).status_code == 302
    form = client.get("/studio/media-literacy/preview/quiz?lang=ru").text
    assert "Проверьте себя" in form and "Какой источник журналисту следует проверить первым?" in form
    assert "ничего не сохраняется" in form
    answers = {"shown": ["sources", "photo", "year"], "q.sources": "1", "q.photo": "false", "q.year": "2015"}
    page = client.post("/studio/media-literacy/preview/quiz?lang=ru", data=answers).text
    assert "Режим просмотра — ничего не сохраняется." in page
    assert "Исходный документ" in page and "Неправильно" in page
    assert row_counts(db) == (0, 0)


def test_the_quiz_preview_refuses_a_post_without_its_csrf_token(client, quiz_draft):
    response = client.post("/studio/media-literacy/preview/quiz", data={"shown": "sources"}, csrf=False)
    assert response.status_code == 400


def test_a_survey_preview_is_filled_in_with_nothing_stored_and_says_surveys_are_not_graded(
    client, db, quiz_draft, count_queries
):
    assert save(client, "survey.en.md", SURVEY, 0).status_code == 302
    form = client.get("/studio/media-literacy/preview/survey?lang=en").text
    assert 'name="q.useful" value="5"' in form and '<textarea id="q-comment-answer" name="q.comment"' in form
    with count_queries() as counter:
        response = client.post(
            "/studio/media-literacy/preview/survey?lang=en",
            data={"shown": ["useful", "comment"], "q.useful": "4", "q.comment": "More cases."},
        )
    assert response.status_code == 200
    assert "Surveys are not graded" in response.text and "2 of 2 questions answered." in response.text
    assert "Score:" not in response.text
    assert row_counts(db) == (0, 0)
    assert [statement for statement in counter.statements if WRITES.match(statement)] == []


def test_a_preview_of_a_quiz_the_draft_does_not_have_is_not_found(client, quiz_draft):
    assert client.get("/studio/media-literacy/preview/survey").status_code == 404
    assert client.post("/studio/media-literacy/preview/survey", data={}).status_code == 404


def width_links(page):
    nav = page.split('<nav class="preview-widths"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"( aria-current="true")?>([^<]+)</a>', nav)


@pytest.mark.parametrize(
    "url",
    [
        "/studio/media-literacy/preview/lessons/01-introduction",
        "/studio/media-literacy/preview/",
        "/studio/media-literacy/preview/quiz",
    ],
)
def test_every_preview_switches_between_phone_and_full_width_without_javascript(client, quiz_draft, url):
    full = client.get(f"{url}?lang=en")
    assert full.status_code == 200
    assert '<div class="preview-frame"' in full.text and "is-phone" not in full.text
    links = width_links(full.text)
    assert [(label, bool(current)) for _url, current, label in links] == [
        ("Phone (360 px)", False),
        ("Full width", True),
    ]
    phone = client.get(links[0][0].replace("&amp;", "&"))
    assert phone.status_code == 200
    assert '<div class="preview-frame is-phone"' in phone.text
    assert [(label, bool(current)) for _url, current, label in width_links(phone.text)] == [
        ("Phone (360 px)", True),
        ("Full width", False),
    ]
    # The language link keeps the width; the page is served with the same policy as every page (no framing).
    assert re.search(r'href="[^"]*lang=ru[^"]*width=phone[^"]*" lang="ru"', phone.text)
    policy = phone.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_the_phone_width_is_kept_from_the_module_to_its_lessons_and_quiz(client, quiz_draft):
    module = client.get("/studio/media-literacy/preview/?lang=en&width=phone").text
    assert "/studio/media-literacy/preview/lessons/01-introduction?lang=en&amp;width=phone" in module
    assert "/studio/media-literacy/preview/quiz?lang=en&amp;width=phone" in module
    lesson = client.get("/studio/media-literacy/preview/lessons/01-introduction?lang=en&width=phone").text
    assert "/studio/media-literacy/preview/?lang=en&amp;width=phone" in lesson  # back to the module
    quiz = client.get("/studio/media-literacy/preview/quiz?lang=en&width=phone").text
    assert 'action="/studio/media-literacy/preview/quiz?lang=en&amp;width=phone"' in quiz
    answers = {"shown": ["sources"], "q.sources": "1"}
    result = client.post("/studio/media-literacy/preview/quiz?lang=en&width=phone", data=answers).text
    assert '<div class="preview-frame is-phone"' in result


def test_an_unknown_width_is_full_width(client, quiz_draft):
    page = client.get("/studio/media-literacy/preview/lessons/01-introduction?width=tablet&lang=en").text
    assert '<div class="preview-frame">' in page and "is-phone" not in page


def test_a_draft_quiz_repeating_a_published_modules_question_is_warned_at_its_line(client, db, login_as, publish):
    publish("alpha")  # its quiz asks "All five states adopted the JPoA in 2011."
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    question = "## again (truefalse)\nALL five states adopted the JPoA, in 2011!\n\nAnswer: true\n"
    quiz = f"---\ntitle: Check\npass_mark: 70\n---\n\n{question}"
    assert save(client, "quiz.en.md", quiz, 0).status_code == 302
    draft = db.session.scalar(sa.select(Draft).filter_by(slug="media-literacy"))
    (warning,) = [problem for problem in draft.problems if "closely matches" in problem["message"]]
    assert warning["path"] == "quiz.en.md" and warning["line"] == 6 and warning["severity"] == "warning"
    assert "question 'again' closely matches question 'jpoa' of the quiz of module 'alpha'" in warning["message"]
    assert draft.error_count == 0
    editor = client.get("/studio/media-literacy/files/quiz.en.md").text
    assert 'href="#line-6"' in editor and "closely matches" in editor


def test_feedback_links_only_lessons_the_draft_has_and_keeps_the_preview_width(client, quiz_draft):
    cited = QUIZ.replace(
        "Feedback: See lesson 1 on manipulated images.",
        "Feedback: See lesson 1, lesson 9 and Module 42, lesson 1.",
    )
    assert save(client, "quiz.en.md", cited, 1).status_code == 302
    answers = {"shown": ["sources", "photo", "year"], "q.sources": "1", "q.photo": "true", "q.year": ""}
    page = client.post("/studio/media-literacy/preview/quiz?lang=en&width=phone", data=answers).text
    link = '<a href="/studio/media-literacy/preview/lessons/01-introduction?lang=en&amp;width=phone">lesson 1</a>'
    assert f"See {link}, lesson 9 and Module 42, lesson 1." in page
