"""Taking a quiz as a trainee does: start, resume, answer, save, submit, and the rules that say when and how.

Helpers and fixtures here are shared with the other tests/web/test_quiz_*.py files.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from learnapp.author.sync import sync_modules
from learnapp.domain.profiles import Role
from learnapp.domain.questions import QUESTION_TYPES
from learnapp.extensions import db as _db
from learnapp.models import Attempt, AttemptAnswer, Certificate, Completion, Module, User
from learnapp.models.types import utcnow
from learnapp.question_forms.widgets import WIDGETS
from learnapp.quiz import operations as attempt_operations
from learnapp.quiz.queries import owned_attempt_or_404
from tests.conftest import sign_in
from tests.support.module_tree import write_module
from tests.support.publishing import load_modules

BANDS = """\
bands:
  - min: 0
    text: Read the lessons again.
  - min: 70
    text: Well done.
"""

TWO_QUESTIONS = """\
## pillars (single)
How many pillars does the Strategy have?

- [ ] Two
  > No: count the measures of the Plan of Action.
- [x] Four
  > Correct.

Feedback: See lesson 2, "The UN framework in brief".

## jpoa (truefalse)
All five states adopted the JPoA in 2011.

Answer: false
"""

EVERY_TYPE = """\
## pick-one (single)
How many pillars?

- [ ] Two
- [x] Four
- [ ] Seven

## pick-many (multiple)
Which are UN entities?

- [x] UNODC
- [x] UNRCCA
- [ ] NATO
- [ ] OSCE

## statement (truefalse)
All five states adopted the JPoA in 2011.

Answer: false

## resolution (short)
Which resolution of 2014 deals with foreign terrorist fighters?

Accept: 2178
Accept: S/RES/2178

## year (numeric)
In which year was the JPoA adopted?

Answer: 2011

## documents (matching)
Match each document with its subject.

- Rome Memorandum => rehabilitation
- Ankara Memorandum => multi-sectoral approach
- Abu Dhabi Memorandum => education

## adoption (ordering)
Put these in the order they were adopted.

1. Global Strategy
2. Joint Plan of Action
3. Resolution 2178
"""

SURVEY = """\
---
title: Programme evaluation
---

## useful (rating)
How useful was the module?

Scale: 1-5
Labels: Not at all | Very

## change (text)
What would you change?
"""


def single_questions(count: int) -> str:
    """A quiz body of ``count`` single-choice questions ``q1``..; choice 1 is the correct one."""
    return "\n".join(
        f"## q{number} (single)\nQuestion {number}?\n\n- [ ] No\n- [x] Yes\n" for number in range(1, count + 1)
    )


def quiz_file(body: str = TWO_QUESTIONS, title: str = "Check", **settings: object) -> str:
    """A quiz file: front matter from the settings (pass mark 70 and full review unless given), then the body."""
    front = {"pass_mark": 70, "review": "full", **settings}
    lines = "".join(
        f"{name}: {str(value).lower() if isinstance(value, bool) else value}\n" for name, value in front.items()
    )
    return f"---\ntitle: {title}\n{lines}{BANDS}---\n\n{body}"


def quiz_publisher(root):
    """A function that publishes a module whose quiz (and survey) are written by the test; returns the Module.

    ``publish("alpha", quiz_file(EVERY_TYPE, attempts=0), survey=SURVEY, completion="quiz")``; other keyword
    arguments go to `write_module`. Needs an application context.
    """

    def publish(module_id="alpha", quiz=None, survey=None, quiz_ru=None, **options):
        options.setdefault("with_quiz", quiz is None)
        folder = write_module(root, module_id, **options)
        for name, text in (("quiz.en.md", quiz), ("quiz.ru.md", quiz_ru), ("survey.en.md", survey)):
            if text is not None:
                (folder / name).write_text(text)
        sync_modules(load_modules(root).modules)
        _db.session.commit()
        return _db.session.scalar(sa.select(Module).filter_by(slug=module_id))

    return publish


@pytest.fixture()
def publish_quiz(app, tmp_path):
    """Factory: see `quiz_publisher`."""
    return quiz_publisher(tmp_path / "published-modules")


def start(client, module_id="alpha", kind="quiz"):
    """Press "Start" and return the attempt's take page URL."""
    response = client.post(f"/modules/{module_id}/{kind}/start")
    assert response.status_code == 302, response.text
    assert response.headers["Location"].startswith("/attempts/"), response.headers["Location"]
    return response.headers["Location"]


def attempt_at(url):
    """The attempt row behind a take page URL, read fresh."""
    _db.session.expire_all()
    return _db.session.get(Attempt, int(url.split("/")[2].split("?")[0]))


def answers_of(attempt):
    """The saved answers of an attempt, by question id."""
    _db.session.expire_all()
    rows = _db.session.scalars(sa.select(AttemptAnswer).filter_by(attempt_id=attempt.id))
    return {row.question_slug: row.answer for row in rows}


def field_name(name):
    """``pick_one`` is the field of question ``pick-one``; ``documents__2`` is row 2 of question ``documents``."""
    return "q." + name.replace("__", ".").replace("_", "-")


def form(attempt, **answers):
    """A posted page with every question of the attempt on it, answered by keyword arguments (see `field_name`)."""
    data = {"shown": list(attempt.question_slugs)}
    data.update({field_name(name): value for name, value in answers.items()})
    return data


def submit(client, url, confirm=True, **answers):
    """Post the page to submit (confirming unanswered questions unless told not to)."""
    data = form(attempt_at(url), **answers)
    if confirm:
        data["confirm"] = "1"
    return client.post(f"{url}/submit", data=data)


def move_deadline(url, seconds_ago):
    """Put the attempt's deadline ``seconds_ago`` seconds in the past."""
    _db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt_at(url).id)
        .values(deadline_at=utcnow() - timedelta(seconds=seconds_ago))
    )
    _db.session.commit()


# ---- starting and resuming ----


def test_starting_a_quiz_shows_every_question_on_one_page(client, login_as, publish_quiz):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    page = client.get(start(client)).text
    assert "How many pillars does the Strategy have?" in page and "All five states adopted" in page
    assert page.count("<fieldset") == 2 and page.count("<legend>") == 2
    assert 'action="/attempts/1"' in page and 'formaction="/attempts/1/submit"' in page
    assert '<script src="/static/js/quiz.js" defer></script>' in page


def test_starting_again_resumes_the_open_attempt(client, db, login_as, publish_quiz):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    first = start(client)
    assert start(client) == first
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1


def test_a_second_start_racing_the_first_resumes_the_attempt_it_created(db, create_user, publish_quiz):
    module = publish_quiz("alpha")
    user = create_user(Role.TRAINEE)
    assessment = module.current_version.assessments[0]
    first = attempt_operations.start_attempt(user.id, module.id, assessment, [], utcnow())
    db.session.commit()
    second = attempt_operations.start_attempt(user.id, module.id, assessment, [], utcnow())
    db.session.commit()
    assert second.id == first.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1


def test_a_start_without_a_quiz_or_survey_is_404(client, login_as, publish_quiz):
    publish_quiz("alpha", with_quiz=False, completion="lessons")
    login_as(Role.TRAINEE)
    assert client.post("/modules/alpha/quiz/start").status_code == 404
    assert client.post("/modules/alpha/survey/start").status_code == 404
    assert client.post("/modules/nowhere/quiz/start").status_code == 404


def test_the_attempts_allowed_count_across_versions_of_the_module(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(attempts=2))
    login_as(Role.TRAINEE)
    submit(client, start(client), pillars="1")
    publish_quiz("alpha", quiz_file(attempts=2), body="A corrected lesson.")
    submit(client, start(client), pillars="1")
    refused = client.post("/modules/alpha/quiz/start")
    assert refused.headers["Location"] == "/modules/alpha#quiz"
    assert "You have used all the attempts this quiz allows." in client.get("/modules/alpha").text


def test_a_module_is_locked_until_its_prerequisites_are_completed(client, db, login_as, publish_quiz):
    alpha = publish_quiz("alpha")
    publish_quiz("beta", order=2, prerequisites=("alpha",))
    user = login_as(Role.TRAINEE)
    refused = client.post("/modules/beta/quiz/start")
    assert refused.headers["Location"] == "/modules/beta#quiz"
    assert "This module opens once you have completed: Module alpha." in client.get("/modules/beta").text
    db.session.add(Completion(user_id=user.id, module_id=alpha.id, version_id=alpha.current_version_id))
    db.session.commit()
    start(client, "beta")


def test_the_pre_test_is_taken_before_any_other_quiz(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(purpose="pre_test"))
    publish_quiz("beta", order=2)
    login_as(Role.TRAINEE)
    refused = client.post("/modules/beta/quiz/start")
    assert refused.headers["Location"] == "/modules/alpha#quiz"
    assert "Please take the pre-test first" in client.get("/modules/alpha").text
    submit(client, start(client, "alpha"))
    start(client, "beta")


# ---- answering and saving ----


def test_answers_are_kept_across_a_reload(client, login_as, publish_quiz):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    url = start(client)
    response = client.post(url, data=form(attempt_at(url), pillars="1", jpoa="false"))
    assert response.headers["Location"] == url
    page = client.get(url).text
    assert "Your answers have been saved." in page
    assert 'value="1" checked' in page and 'value="false" checked' in page


def test_an_emptied_answer_is_cleared_and_other_pages_are_left_alone(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    attempt = attempt_at(url)
    client.post(url, data=form(attempt, pick_one="1", pick_many=["0", "1"]))
    client.post(url, data={"shown": ["pick-many"], "page": "2"})
    assert answers_of(attempt) == {"pick-one": 1}


def test_unknown_fields_and_impossible_answers_count_as_no_answer(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    attempt = attempt_at(url)
    data = form(attempt, pick_one="7", pick_many=["9", "x"], statement="maybe", documents__0="5", adoption__1="0")
    data.update({"shown": [*attempt.question_slugs, "not-a-question"], "q.not-a-question": "1", "q.pick-one.0": "1"})
    assert client.post(url, data=data).status_code == 302
    assert answers_of(attempt) == {}


def test_autosave_answers_with_json_giving_the_time_saved_and_the_time_left(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=10))
    login_as(Role.TRAINEE)
    url = start(client)
    response = client.post(url, data=form(attempt_at(url), pillars="0"), headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.is_json
    assert response.json["saved_at"].startswith(str(utcnow().year))
    assert 590 <= response.json["remaining_seconds"] <= 600
    assert response.json["answered_text"] == "1 answered"  # the page's counter follows (D-20)
    assert answers_of(attempt_at(url)) == {"pillars": 0}


def test_one_question_per_page_with_buttons_that_save_and_move(client, login_as, publish_quiz):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    url = start(client)
    page = client.get(f"{url}?page=1").text
    assert page.count("<fieldset") == 1 and "Show all questions on one page" in page
    assert 'name="go" value="2"' in page and "Next question" in page
    moved = client.post(url, data={"shown": ["pillars"], "q.pillars": "1", "page": "1", "go": "2"})
    assert moved.headers["Location"] == f"{url}?page=2"
    page = client.get(f"{url}?page=2").text
    assert "All five states adopted" in page and "How many pillars" not in page
    assert "1, answered" in page.replace('<span class="visually-hidden">', "")
    assert client.get(f"{url}?page=3").status_code == 404
    assert "Show one question per page" in client.get(url).text


def test_a_typed_number_that_is_not_a_number_is_pointed_out(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), year="twenty eleven"))
    page = client.get(url).text
    assert 'aria-invalid="true" aria-describedby="q-year-error"' in page
    assert "This is not a number." in page


# ---- submitting ----


def test_submitting_with_unanswered_questions_asks_for_confirmation(client, login_as, publish_quiz):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    url = start(client)
    response = submit(client, url, confirm=False, pillars="1")
    assert response.status_code == 200
    assert (
        "You have not answered 1 question:" in response.text and "You have answered 1 of 2 questions." in response.text
    )
    assert f'href="{url}?page=2">Question 2</a>' in response.text
    assert attempt_at(url).submitted_at is None
    assert answers_of(attempt_at(url)) == {"pillars": 1}
    confirmed = client.post(f"{url}/submit", data={"confirm": "1"})
    assert confirmed.headers["Location"] == f"{url}/review"
    assert attempt_at(url).score == 50


def test_a_fully_answered_quiz_asks_on_a_summary_page_then_completes_the_module(client, db, login_as, publish_quiz):
    publish_quiz("alpha", completion="quiz")
    user = login_as(Role.TRAINEE)
    url = start(client)
    summary = submit(client, url, confirm=False, pillars="1", jpoa="false")
    assert summary.status_code == 200 and "You have answered 2 of 2 questions." in summary.text
    assert "Submit my answers" in summary.text and "You have not answered" not in summary.text
    assert attempt_at(url).submitted_at is None
    response = client.post(f"{url}/submit", data={"confirm": "1"})
    assert response.headers["Location"] == f"{url}/review"
    attempt = attempt_at(url)
    assert (attempt.score, attempt.is_passed) == (100, True)
    completion = db.session.scalar(sa.select(Completion).filter_by(user_id=user.id))
    assert completion.score == 100
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 1


def test_a_double_submit_grades_once(client, db, login_as, publish_quiz):
    publish_quiz("alpha", completion="quiz")
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, pillars="1", jpoa="false")
    graded_at = attempt_at(url).submitted_at
    again = submit(client, url, pillars="0", jpoa="true")
    assert again.headers["Location"] == f"{url}/review"
    attempt = attempt_at(url)
    assert (attempt.score, attempt.submitted_at) == (100, graded_at)
    assert answers_of(attempt) == {"pillars": 1, "jpoa": False}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Completion)) == 1


def test_two_submits_racing_with_the_same_open_attempt_grade_it_once(client, db, login_as, publish_quiz):
    publish_quiz("alpha")
    user = login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), pillars="1"))
    attempt_id = attempt_at(url).id
    first = owned_attempt_or_404(attempt_id, user.id)
    assert attempt_operations.submit_attempt(first, db.session.get(User, user.id), utcnow()) is True
    db.session.commit()
    stale = owned_attempt_or_404(attempt_id, user.id)
    db.session.expunge_all()
    stale.attempt.submitted_at = None  # what a second request read before the first committed
    assert attempt_operations.submit_attempt(stale, db.session.get(User, user.id), utcnow()) is False
    db.session.commit()
    assert attempt_at(url).score == 50


# ---- the time limit ----


def test_the_time_limit_is_shown_as_text(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=20))
    login_as(Role.TRAINEE)
    page = client.get(start(client)).text
    assert "Answers are accepted until" in page and "+0500" in page  # the account's zone (Almaty by default)
    assert "About 20 minutes were left when this page was loaded." in page
    assert 'data-remaining="' in page and 'aria-live="polite"' in page


def test_answers_are_still_accepted_within_the_grace_period(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=5))
    login_as(Role.TRAINEE)
    url = start(client)
    move_deadline(url, seconds_ago=10)
    response = client.post(url, data=form(attempt_at(url), pillars="1"), headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["remaining_seconds"] == 0


def test_after_the_deadline_saves_are_refused_and_what_was_saved_is_graded(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=5))
    login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), pillars="1"))
    move_deadline(url, seconds_ago=31)
    late = client.post(url, data=form(attempt_at(url), jpoa="false"), headers={"Accept": "application/json"})
    assert late.status_code == 409
    assert late.json["review_url"] == f"{url}/review"
    attempt = attempt_at(url)
    assert attempt.submitted_at is not None and attempt.score == 50
    assert answers_of(attempt) == {"pillars": 1}
    assert "Time is up." in client.get(f"{url}/review").text


def test_a_late_form_post_is_refused_with_a_message(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=5))
    login_as(Role.TRAINEE)
    url = start(client)
    move_deadline(url, seconds_ago=60)
    late = client.post(url, data=form(attempt_at(url), pillars="1"), follow_redirects=True)
    assert "Time is up. The answers you saved before the deadline have been submitted." in late.text
    assert answers_of(attempt_at(url)) == {}
    assert attempt_at(url).score == 0


def test_opening_an_attempt_after_its_deadline_grades_it(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(time_limit_minutes=5))
    login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), pillars="1", jpoa="false"))
    move_deadline(url, seconds_ago=3600)
    assert client.get(url).headers["Location"] == f"{url}/review"
    assert attempt_at(url).score == 100


# ---- pools, shuffling, owners ----


def test_the_pool_draws_without_repeats_while_possible(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(single_questions(5), pool=2, attempts=0))
    login_as(Role.TRAINEE)
    drawn = []
    for _ in range(3):
        url = start(client)
        drawn.append(attempt_at(url).question_slugs)
        submit(client, url)
    assert [len(slugs) for slugs in drawn] == [2, 2, 2]
    assert not set(drawn[0]) & set(drawn[1])
    never_drawn = {"q1", "q2", "q3", "q4", "q5"} - {*drawn[0], *drawn[1]}
    assert len(never_drawn) == 1 and never_drawn < set(drawn[2])


def test_a_shuffled_quiz_keeps_its_order_on_every_reload(client, login_as, publish_quiz):
    choices = "\n".join(f"- [{'x' if n == 1 else ' '}] Choice {n}" for n in range(1, 9))
    body = "\n".join(f"## s{n} (single)\nQuestion {n}?\n\n{choices}\n" for n in range(1, 9))
    publish_quiz("alpha", quiz_file(body, shuffle=True))
    login_as(Role.TRAINEE)
    url = start(client)
    first, again = client.get(url).text, client.get(url).text
    assert first == again.replace(_token(again), _token(first))
    assert attempt_at(url).question_slugs != [f"s{n}" for n in range(1, 9)]
    assert _choice_order(first, "s1") != sorted(_choice_order(first, "s1"))


def _token(page):
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _choice_order(page, slug):
    return [int(part.split('"')[0]) for part in page.split(f'name="q.{slug}" value="')[1:]]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.ADMIN])
def test_nobody_but_the_owner_sees_or_changes_an_attempt(app, client, create_user, login_as, publish_quiz, role):
    publish_quiz("alpha")
    login_as(Role.TRAINEE)
    url = start(client)
    other = app.test_client()
    sign_in(other, create_user(role).email)
    assert other.get(url).status_code == 404
    assert other.post(url, data={"shown": ["pillars"], "q.pillars": "1"}).status_code == 404
    assert other.post(f"{url}/submit", data={"confirm": "1"}).status_code == 404
    assert other.get(f"{url}/review").status_code == 404
    assert attempt_at(url).submitted_at is None and answers_of(attempt_at(url)) == {}


# ---- surveys ----


def test_a_survey_is_answered_once_and_thanked_without_a_score(client, login_as, publish_quiz):
    publish_quiz("alpha", survey=SURVEY)
    login_as(Role.TRAINEE)
    url = start(client, kind="survey")
    page = client.get(url).text
    assert "1 (Not at all)" in page and "5 (Very)" in page and "<textarea" in page and "point" not in page
    done = submit(client, url, confirm=False, useful="4", change="More case studies.")
    assert done.headers["Location"] == f"{url}/review"
    thanks = client.get(f"{url}/review").text
    assert "Thank you" in thanks and "Score" not in thanks
    attempt = attempt_at(url)
    assert attempt.score is None and answers_of(attempt) == {"useful": 4, "change": "More case studies."}
    assert client.post("/modules/alpha/survey/start").headers["Location"] == "/modules/alpha"
    assert "You have already answered this survey." in client.get("/modules/alpha").text


def test_every_question_type_has_a_widget_and_every_widget_a_type():
    assert set(WIDGETS) == set(QUESTION_TYPES)


def test_a_pre_test_never_shows_a_grade_or_a_pass_and_its_certificate_says_completed(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(purpose="pre_test", pass_mark=0, attempts=1, review="score"), completion="quiz")
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, pillars="0", jpoa="true")
    review = client.get(f"{url}/review").text
    assert "Passed" not in review and "Not passed" not in review
    assert "Your grade" not in client.get("/modules/alpha").text
    my_learning = client.get("/").text
    assert "Completed" in my_learning and "score" not in my_learning
    code = re.search(r'href="/certificates/([A-Z0-9-]+)"', my_learning).group(1)
    certificate = client.get(f"/certificates/{code}").text
    assert "has completed the training module" in certificate and "successfully" not in certificate


def test_a_knowledge_check_certificate_still_says_successfully(client, login_as, publish_quiz):
    publish_quiz("alpha", completion="quiz")
    login_as(Role.TRAINEE)
    submit(client, start(client), pillars="1", jpoa="false")
    code = re.search(r'href="/certificates/([A-Z0-9-]+)"', client.get("/").text).group(1)
    assert "has successfully completed the training module" in client.get(f"/certificates/{code}").text
