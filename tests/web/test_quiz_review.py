"""Grading every question type through the form, the review under each policy, languages, and statement counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.extensions import db as _db
from learnapp.models import Assessment, Attempt, AttemptAnswer, Module, ModuleVersion
from learnapp.models.types import utcnow
from tests.conftest import sign_in
from tests.web.test_quiz import (
    EVERY_TYPE,
    answers_of,
    attempt_at,
    form,
    quiz_file,
    quiz_publisher,
    single_questions,
    start,
    submit,
)

ALL_RIGHT = {
    "pick_one": "1",
    "pick_many": ["0", "1"],
    "statement": "false",
    "resolution": " s/res/2178 ",
    "year": "2 011",
    "documents__0": "0",
    "documents__1": "1",
    "documents__2": "2",
    "adoption__0": "1",
    "adoption__1": "2",
    "adoption__2": "3",
}
PARTLY_RIGHT = {
    "pick_one": "0",
    "pick_many": ["0"],
    "statement": "true",
    "resolution": "2178",
    "year": "2011,0",
    "documents__0": "0",
    "documents__1": "2",
    "documents__2": "1",
    "adoption__0": "1",
    "adoption__1": "3",
    "adoption__2": "2",
}


@pytest.fixture()
def publish_quiz(app, tmp_path):
    """Factory: see `tests.web.test_quiz.quiz_publisher`."""
    return quiz_publisher(tmp_path / "published-modules")


def fractions_of(attempt):
    _db.session.expire_all()
    rows = _db.session.scalars(sa.select(AttemptAnswer).filter_by(attempt_id=attempt.id))
    return {row.question_slug: round(row.fraction, 4) for row in rows}


def test_every_question_type_answered_right_through_the_form_scores_100(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, **ALL_RIGHT)
    attempt = attempt_at(url)
    assert (attempt.score, attempt.is_passed) == (100, True)
    assert set(fractions_of(attempt).values()) == {1.0}
    assert answers_of(attempt) == {
        "pick-one": 1,
        "pick-many": [0, 1],
        "statement": False,
        "resolution": "s/res/2178",
        "year": "2 011",
        "documents": [0, 1, 2],
        "adoption": [0, 1, 2],
    }


def test_every_question_type_gives_partial_credit_as_documented(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, **PARTLY_RIGHT)
    attempt = attempt_at(url)
    assert fractions_of(attempt) == {
        "pick-one": 0.0,
        "pick-many": 0.5,
        "statement": 0.0,
        "resolution": 1.0,
        "year": 1.0,
        "documents": 0.3333,
        "adoption": 0.3333,
    }
    assert attempt.score == pytest.approx(100 * (0.5 + 1 + 1 + 2 / 3) / 7)
    assert attempt.is_passed is False


def test_a_position_given_to_two_items_counts_for_neither(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), adoption__0="1", adoption__1="1", adoption__2="3"))
    assert answers_of(attempt_at(url)) == {"adoption": [None, None, 2]}


def test_saved_answers_of_every_type_show_again_on_the_page(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    client.post(url, data=form(attempt_at(url), **ALL_RIGHT))
    page = client.get(url).text
    assert 'id="q-pick-many-0" name="q.pick-many" value="0" checked' in page
    assert 'id="q-pick-many-1" name="q.pick-many" value="1" checked' in page
    assert 'name="q.resolution" value="s/res/2178"' in page and 'name="q.year" value="2 011"' in page
    assert page.count("selected>") == 6
    assert 'inputmode="decimal"' in page


def test_matching_and_ordering_never_show_the_answer_in_written_order(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    page = client.get(start(client)).text
    rows = page.split('id="q-documents-0"')[1].split("</select>")[0]
    rights = [rows.index(text) for text in ("rehabilitation", "multi-sectoral approach", "education")]
    assert rights != sorted(rights)
    items = [page.index(f'for="q-adoption-{item}"') for item in range(3)]
    assert items != sorted(items)


SCORE = {"Score: 50%", "Not passed", "pass mark 70%"}
CORRECTNESS = {*SCORE, "Incorrect", "Correct", "(0 of 1 point)", "Your choice:"}
FULL = {*CORRECTNESS, "(correct answer)", "No: count the measures", "See lesson 2", "Read the lessons again."}
HELD_BACK = {*CORRECTNESS, "Read the lessons again.", "shown after your last attempt"}
REVIEW_SHOWS = {
    "none": set(),
    "score": SCORE,
    "correctness": CORRECTNESS,
    "after_last_attempt": HELD_BACK,
    "full": FULL,
}


@pytest.mark.parametrize("policy", list(REVIEW_SHOWS))
def test_the_review_shows_what_the_policy_allows(client, login_as, publish_quiz, policy):
    publish_quiz("alpha", quiz_file(review=policy))
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, pillars="0", jpoa="false")
    page = client.get(f"{url}/review").text
    everything = set().union(*REVIEW_SHOWS.values())
    assert {text for text in everything if text in page} == REVIEW_SHOWS[policy]
    assert ("Your answers have been submitted." in page) is (policy == "none")


def review_after(client, url, **answers):
    submit(client, url, **answers)
    return client.get(f"{url}/review").text


def test_a_failed_attempt_with_attempts_left_hides_the_right_answers_and_offers_to_try_again(
    client, login_as, publish_quiz
):
    publish_quiz("alpha", quiz_file(review="after_last_attempt", attempts=2))
    login_as(Role.TRAINEE)
    page = review_after(client, start(client), pillars="0", jpoa="false")
    assert "Not passed" in page and "Incorrect" in page and "(1 of 2 points)" in page
    assert "(correct answer)" not in page and "No: count the measures" not in page and "See lesson 2" not in page
    assert "shown after your last attempt" in page
    assert 'action="/modules/alpha/quiz/start"' in page and "Try again" in page


def test_the_last_failed_attempt_shows_the_right_answers_of_every_attempt(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(review="after_last_attempt", attempts=2))
    login_as(Role.TRAINEE)
    first = start(client)
    submit(client, first, pillars="0", jpoa="true")
    second = start(client)
    assert "(correct answer)" not in client.get(f"{first}/review").text  # the second attempt is in progress
    page = review_after(client, second, pillars="0", jpoa="false")
    assert "(correct answer)" in page and "No: count the measures" in page and "See lesson 2" in page
    assert "shown after your last attempt" not in page and "Try again" not in page
    assert "(correct answer)" in client.get(f"{first}/review").text


def test_a_pass_shows_the_right_answers_while_attempts_remain(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(review="after_last_attempt", attempts=3))
    login_as(Role.TRAINEE)
    page = review_after(client, start(client), pillars="1", jpoa="false")
    assert "Passed" in page and "(2 of 2 points)" in page and "(correct answer)" in page
    assert "Try again" not in page


def test_graded_quizzes_hold_the_answers_back_unless_the_author_chooses_otherwise(client, login_as, publish_quiz):
    front = quiz_file(attempts=3).replace("review: full\n", "")
    publish_quiz("alpha", front)
    login_as(Role.TRAINEE)
    page = review_after(client, start(client), pillars="0", jpoa="true")
    assert "Incorrect" in page and "(correct answer)" not in page and "shown after your last attempt" in page


def test_the_full_review_of_every_type_gives_the_answers_and_the_correct_ones(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file(EVERY_TYPE))
    login_as(Role.TRAINEE)
    url = start(client)
    submit(client, url, **PARTLY_RIGHT)
    page = client.get(f"{url}/review").text
    assert "Partly correct" in page and "(0.5 of 1 point)" in page
    assert "Ankara Memorandum → education" in page and "Ankara Memorandum → multi-sectoral approach" in page
    assert page.count('class="mark-wrong">wrong') == 4 and "2011,0" in page and "S/RES/2178" not in page
    assert "<li>\n2178\n" in page.replace("  ", "")


def test_a_quiz_in_russian_shows_russian_and_says_when_it_falls_back(client, login_as, publish_quiz):
    publish_quiz("alpha")
    publish_quiz("beta", quiz_file(EVERY_TYPE), order=2)
    login_as(Role.TRAINEE, preferred_language="ru")
    page = client.get(start(client, "alpha")).text
    assert "Сколько основных направлений у Стратегии?" in page and "quiz-fallback" not in page
    page = client.get(start(client, "beta")).text
    assert "How many pillars?" in page and 'class="message quiz-fallback"' in page


def previous_attempts(user, module, count):
    """``count`` submitted attempts made earlier, each with an answer to every question."""
    assessment = _db.session.scalar(sa.select(Assessment).filter_by(version_id=module.current_version_id))
    slugs = [f"q{number}" for number in range(1, 13)]
    for number in range(1, count + 1):
        attempt = Attempt(
            user_id=user.id,
            module_id=module.id,
            assessment_id=assessment.id,
            number=number,
            question_slugs=slugs,
            seed=f"seed{number}",
            started_at=utcnow() - timedelta(days=number),
            submitted_at=utcnow() - timedelta(days=number),
            score=50.0,
            is_passed=False,
        )
        attempt.answers = [AttemptAnswer(question_slug=slug, answer=0, fraction=0.0) for slug in slugs]
        _db.session.add(attempt)
    _db.session.commit()


def statements_for(client, count_queries, module_id):
    """Statements run by each attempt page (a form save, an autosave, the take pages, a submit, the review)."""
    url = start(client, module_id)
    attempt = attempt_at(url)
    answers = {slug.replace("-", "_"): "1" for slug in attempt.question_slugs}
    counts = {}
    with count_queries() as counter:
        client.post(url, data=form(attempt, **answers))
    counts["save"] = counter.count
    with count_queries() as counter:
        client.post(url, data=form(attempt, **answers), headers={"Accept": "application/json"})
    counts["autosave"] = counter.count
    with count_queries() as counter:
        client.get(url)
    counts["take"] = counter.count
    with count_queries() as counter:
        client.get(f"{url}?page=2")
    counts["take one page"] = counter.count
    with count_queries() as counter:
        client.post(f"{url}/submit", data={**form(attempt, **answers), "confirm": "1"})
    counts["submit"] = counter.count
    with count_queries() as counter:
        client.get(f"{url}/review")
    counts["review"] = counter.count
    return counts


def test_the_attempt_pages_run_a_fixed_number_of_statements(app, create_user, publish_quiz, count_queries):
    small = publish_quiz("small", quiz_file(single_questions(2), attempts=0, time_limit_minutes=30))
    big = publish_quiz("big", quiz_file(single_questions(12), attempts=0, time_limit_minutes=30), order=2)
    counts = []
    # 1 earlier attempt at a 2-question quiz against 1,000 earlier attempts (12,000 saved answers) at a 12-question one.
    for module, earlier in ((small, 1), (big, 1000)):
        user, client = create_user(Role.TRAINEE), app.test_client()
        sign_in(client, user.email)
        previous_attempts(user, module, earlier)
        counts.append(statements_for(client, count_queries, module.slug))
    # An autosave also counts the saved answers for the page's "N answered". Take: the user, the attempt, its
    # questions, its answers; review: the same and the trainee's standing
    # with the quiz (one aggregate over their attempts). Saves: the user, the attempt (locked),
    # the questions, one upsert, and the user again after the commit. Submit: the same plus the answers, the
    # claim, the fractions, the score, the module standing's upsert, and the five reads of update_completion.
    assert counts[0] == {"save": 5, "autosave": 6, "take": 4, "take one page": 4, "submit": 15, "review": 5}
    assert counts[1] == counts[0]


# ---- feedback that cites a lesson ----

CITING = """\
## pillars (single)
How many pillars does the Strategy have?

- [ ] Two
  > Read Module 2, lesson 3 again.
- [x] Four
  > Correct.

Feedback: See lesson 2, "The UN framework in brief". Lesson 9 and Module 7 do not exist.

## jpoa (truefalse)
All five states adopted the JPoA in 2011.

Answer: false
"""

CITING_RU = "---\ntitle: Проверка\nbands:\n  - min: 0\n    text: Ещё раз.\n  - min: 70\n    text: Хорошо.\n---\n\n" + (
    CITING.replace("See lesson 2", "См. урок 2").replace("Read Module 2, lesson 3", "Перечитайте модуль 2, урок 3")
)


def cited_curriculum(publish_quiz):
    """Module 2 ("beta", three lessons), then module 1 ("alpha", two lessons) whose quiz feedback cites lessons."""
    publish_quiz("beta", order=2, lessons=3)
    return publish_quiz("alpha", quiz_file(CITING, attempts=3), quiz_ru=CITING_RU, lessons=2)


def test_review_feedback_links_each_cited_lesson_and_leaves_unknown_ones_as_text(client, login_as, publish_quiz):
    cited_curriculum(publish_quiz)
    login_as(Role.TRAINEE)
    page = review_after(client, start(client), pillars="0", jpoa="false")

    assert 'See <a href="/modules/alpha/lessons/02-lesson-2">lesson 2</a>, ' in page
    assert '<a href="/modules/beta/lessons/03-lesson-3">Module 2, lesson 3</a> again.' in page
    assert "Lesson 9 and Module 7 do not exist." in page
    assert client.get("/modules/alpha/lessons/02-lesson-2").status_code == 200
    assert client.get("/modules/beta/lessons/03-lesson-3").status_code == 200
    assert "Try again" in page  # not passed, two attempts left


def test_review_feedback_links_cited_lessons_in_russian_too(client, login_as, publish_quiz):
    cited_curriculum(publish_quiz)
    login_as(Role.TRAINEE)
    client.post("/language", data={"language": "ru"})
    page = review_after(client, start(client), pillars="0", jpoa="false")

    assert 'См. <a href="/modules/alpha/lessons/02-lesson-2">урок 2</a>' in page
    assert '<a href="/modules/beta/lessons/03-lesson-3">модуль 2, урок 3</a>' in page


def test_feedback_never_links_to_a_module_the_trainee_may_not_open(client, db, login_as, publish_quiz):
    cited_curriculum(publish_quiz)
    version = db.session.scalar(
        sa.select(ModuleVersion).join(Module, Module.current_version_id == ModuleVersion.id).filter_by(slug="beta")
    )
    version.sensitivity = "restricted"
    db.session.commit()
    login_as(Role.TRAINEE)
    page = review_after(client, start(client), pillars="0", jpoa="false")

    assert "Read Module 2, lesson 3 again." in page and "/modules/beta" not in page
    assert '<a href="/modules/alpha/lessons/02-lesson-2">lesson 2</a>' in page


def test_a_review_whose_feedback_cites_lessons_reads_the_outline_once(app, create_user, publish_quiz, count_queries):
    cited_curriculum(publish_quiz)
    user, client = create_user(Role.TRAINEE), app.test_client()
    sign_in(client, user.email)
    url = start(client)
    submit(client, url, pillars="0", jpoa="false")

    with count_queries() as counter:
        page = client.get(f"{url}/review").text

    assert page.count('<a href="/modules/') >= 2
    # The review's five statements (see above) and the curriculum outline, read once for every citation.
    assert counter.count == 6, counter.statements
