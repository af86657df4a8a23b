"""My learning, the module page and the lesson page, as a trainee uses them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Certificate, Cohort, CohortModule, Completion, Enrolment, LessonRead, Module, Reflection
from tests.support.module_tree import write_module


def test_my_learning_lists_published_modules_with_status_and_progress(client, login_as, publish):
    publish("alpha", order=1, lessons=2, completion="lessons", with_quiz=False)
    publish("beta", order=2, prerequisites=("alpha",))
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    page = client.get("/").text
    assert page.index("Module alpha") < page.index("Module beta")
    assert "In progress" in page and "50%" in page
    assert "Continue where you left off" in page
    assert 'href="/modules/alpha/lessons/02-lesson-2"' in page
    assert "Complete this module first: Module alpha." in page


def test_reading_every_lesson_completes_a_lessons_only_module_once_with_a_certificate(client, db, login_as, publish):
    publish("alpha", lessons=2, completion="lessons", with_quiz=False)
    user = login_as(Role.TRAINEE)
    first = client.post("/modules/alpha/lessons/01-intro/read")
    assert first.headers["Location"] == "/modules/alpha/lessons/02-lesson-2"
    last = client.post("/modules/alpha/lessons/02-lesson-2/read", follow_redirects=True)
    assert "You have completed this module." in last.text
    client.post("/modules/alpha/lessons/02-lesson-2/read")
    completions = db.session.scalars(sa.select(Completion).filter_by(user_id=user.id)).all()
    assert len(completions) == 1
    assert completions[0].version_id is not None and completions[0].score is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 1
    assert "Completed" in client.get("/").text


def test_the_completion_keeps_the_version_it_was_earned_on(client, db, login_as, publish):
    module = publish("alpha", completion="lessons", with_quiz=False)
    first_version = module.current_version_id
    user = login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    publish("alpha", completion="lessons", with_quiz=False, body="Corrected text.")
    completion = db.session.scalar(sa.select(Completion).filter_by(user_id=user.id))
    assert completion.version_id == first_version
    db.session.refresh(module)
    assert module.current_version_id != first_version


def test_marking_read_is_never_done_by_a_get(client, db, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    client.get("/modules/alpha/lessons/01-intro")
    assert client.get("/modules/alpha/lessons/01-intro/read").status_code == 405
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonRead)) == 0


def test_the_lesson_page_shows_the_stored_html_position_and_neighbours(client, login_as, publish):
    publish("alpha", lessons=3, body="Some **important** text.")
    login_as(Role.TRAINEE)
    page = client.get("/modules/alpha/lessons/02-lesson-2").text
    assert "<strong>important</strong>" in page
    assert "Lesson 2 of 3" in page
    assert 'rel="prev" href="/modules/alpha/lessons/01-intro"' in page
    assert 'rel="next" href="/modules/alpha/lessons/03-lesson-3"' in page


def test_a_missing_translation_falls_back_and_says_so(client, login_as, publish, tmp_path):
    module = publish("alpha")
    login_as(Role.TRAINEE, preferred_language="ru")
    assert "Урок 1" in client.get("/modules/alpha/lessons/01-intro").text
    folder = tmp_path / "published-modules" / "01-alpha"
    (folder / "lessons" / "01-intro.ru.md").unlink()
    publish(None)
    page = client.get("/modules/alpha/lessons/01-intro").text
    assert "Introduction" in page
    assert '<article class="lesson" lang="en">' in page
    assert '<p class="message" role="note" lang="ru">' in page
    assert module.current_version.number == 2


def test_a_reflection_is_private_to_its_author(app, client, db, login_as, create_user, publish):
    publish("alpha")
    author = login_as(Role.TRAINEE)
    response = client.post(
        "/modules/alpha/lessons/01-intro/answers/first-thoughts", data={"text": "My private thought"}
    )
    assert response.headers["Location"].endswith("#block-first-thoughts")
    assert "My private thought" in client.get("/modules/alpha/lessons/01-intro").text
    other = app.test_client()
    colleague = create_user(Role.COORDINATOR)
    other.post("/sign-in", data={"email": colleague.email, "password": "correct horse battery staple"})
    assert "My private thought" not in other.get("/modules/alpha/lessons/01-intro").text
    stored = db.session.scalar(sa.select(Reflection))
    assert (stored.user_id, stored.text) == (author.id, "My private thought")


def test_the_saved_message_shows_inside_the_block_that_was_saved(client, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    response = client.post("/modules/alpha/lessons/01-intro/answers/first-thoughts", data={"text": "A thought"})
    page = client.get(response.headers["Location"]).text
    block = page[page.index('id="block-first-thoughts"') :]
    block = block[: block.index("</section>")]
    assert "Your answer has been saved." in block
    assert page.count("Your answer has been saved.") == 1
    assert "Your answer has been saved." not in client.get("/modules/alpha/lessons/01-intro").text


TWO_PROMPTS = "Intro.\n\n::: reflection first\nWhy?\n:::\n\n::: scenario second\nWhat next?\n--- commentary\nSee.\n:::"


def reflections_of(db):
    db.session.expire_all()
    return {row.block_slug: row.text for row in db.session.scalars(sa.select(Reflection))}


def test_mark_as_read_keeps_the_answers_typed_but_not_saved(client, db, login_as, publish):
    publish("alpha", lessons=2, body=TWO_PROMPTS)
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/answers/first", data={"text": "saved before"})
    response = client.post(
        "/modules/alpha/lessons/01-intro/read",
        data={"answer.first": "changed", "answer.second": "new", "answer.elsewhere": "ignored"},
        follow_redirects=True,
    )
    assert reflections_of(db) == {"first": "changed", "second": "new"}
    assert "Your answers in this lesson have been saved." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LessonRead)) == 1


def test_saving_one_answer_keeps_the_others_typed_but_not_saved(client, db, login_as, publish):
    publish("alpha", body=TWO_PROMPTS)
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/answers/first", data={"text": "one", "answer.second": "two"})
    assert reflections_of(db) == {"first": "one", "second": "two"}


def test_the_lesson_page_loads_the_script_that_keeps_unsaved_answers(client, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    page = client.get("/modules/alpha/lessons/01-intro").text
    assert 'data-reflection="first-thoughts"' in page and "js/lesson.js" in page and "data-unsaved-note" in page


def test_an_empty_reflection_removes_the_saved_answer(client, db, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/answers/first-thoughts", data={"text": "draft"})
    client.post("/modules/alpha/lessons/01-intro/answers/first-thoughts", data={"text": "  "})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reflection)) == 0


def test_a_scenario_commentary_appears_only_after_answering(client, login_as, publish, tmp_path):
    body = "Intro.\n\n::: scenario step-1\nWhat would you do?\n--- commentary\nThe expert view.\n:::"
    publish("alpha", body=body)
    login_as(Role.TRAINEE)
    assert "The expert view." not in client.get("/modules/alpha/lessons/01-intro").text
    client.post("/modules/alpha/lessons/01-intro/answers/step-1", data={"text": "I would listen first."})
    assert "The expert view." in client.get("/modules/alpha/lessons/01-intro").text


def test_unknown_modules_lessons_and_blocks_are_404(client, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    assert client.get("/modules/nope").status_code == 404
    assert client.get("/modules/alpha/lessons/nope").status_code == 404
    assert client.post("/modules/alpha/lessons/01-intro/answers/nope", data={"text": "x"}).status_code == 404


def test_an_archived_module_is_no_longer_shown(client, db, login_as, publish):
    module = publish("alpha")
    module.is_archived = True
    db.session.commit()
    login_as(Role.TRAINEE)
    assert "Module alpha" not in client.get("/").text
    assert client.get("/modules/alpha").status_code == 404


def test_module_images_are_served_to_learners_with_a_private_cache(client, login_as, publish):
    publish("alpha", body="![A map](media/map.png)", media={"media/map.png": b"\x89PNG\r\n\x1a\nfake"})
    login_as(Role.TRAINEE)
    page = client.get("/modules/alpha/lessons/01-intro").text
    assert 'src="/media/alpha/media/map.png"' in page
    response = client.get("/media/alpha/media/map.png")
    assert response.data.startswith(b"\x89PNG")
    assert response.headers["Cache-Control"] == "private, max-age=86400"
    assert client.get("/media/alpha/media/other.png").status_code == 404
    # The version keeps its sources too, but the quiz (with its answers) and the rest are never served.
    for source in ("quiz.en.md", "module.yaml", "lessons/01-intro.en.md", "media/../quiz.en.md"):
        assert client.get(f"/media/alpha/{source}").status_code == 404


def test_the_module_page_shows_objectives_lessons_and_missing_prerequisites(client, login_as, publish):
    publish("alpha", order=1)
    publish("beta", order=2, prerequisites=("alpha",), lessons=2)
    login_as(Role.TRAINEE)
    page = client.get("/modules/beta").text
    assert "Know the basics." in page
    assert "Module alpha" in page and "builds on others" in page
    assert page.count("not read yet") == 2


def test_no_template_marks_content_safe_itself():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "learnapp"
    offenders = [str(path) for path in root.rglob("*.html") if "|safe" in path.read_text().replace(" ", "")]
    assert offenders == []


@pytest.mark.parametrize("modules", [2, 30])
def test_my_learning_runs_a_fixed_number_of_statements(client, login_as, publish, count_queries, tmp_path, modules):
    for number in range(1, modules + 1):
        write_module(tmp_path / "published-modules", f"m{number}", order=number, lessons=2)
    publish(None)
    login_as(Role.TRAINEE)
    client.post("/modules/m1/lessons/01-intro/read")
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    assert counter.count == 8, counter.statements  # the user, one statement per table, and the learner's cohorts
    with count_queries() as counter:
        assert client.get("/").status_code == 200
    assert counter.count == 6, counter.statements  # the modules' lessons and quizzes now come from the cache


@pytest.mark.parametrize("lessons", [1, 12])
def test_module_and_lesson_pages_run_a_fixed_number_of_statements(client, login_as, publish, count_queries, lessons):
    publish("alpha", lessons=lessons)
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    with count_queries() as first_module_counter:
        assert client.get("/modules/alpha").status_code == 200
    with count_queries() as module_counter:
        assert client.get("/modules/alpha").status_code == 200
    with count_queries() as first_lesson_counter:
        assert client.get("/modules/alpha/lessons/01-intro").status_code == 200
    with count_queries() as lesson_counter:
        assert client.get("/modules/alpha/lessons/01-intro").status_code == 200
    # The user, the module, the reader's reads and completion, their attempts (one more with prerequisites); the
    # first request also loads the cached content (3 more).
    assert module_counter.count == 4, module_counter.statements
    assert first_module_counter.count == 7, first_module_counter.statements
    # The user, the module, the reader's own state; the first request also loads the cached content (3 more).
    assert lesson_counter.count == 3, lesson_counter.statements
    assert first_lesson_counter.count == 6, first_lesson_counter.statements


@pytest.mark.parametrize("modules", [10, 1000])
def test_pages_run_the_same_statements_for_10_and_1000_modules_and_attempts(client, login_as, count_queries, modules):
    from tests.support.bulk import bulk_catalogue, bulk_history

    user = login_as(Role.TRAINEE)
    module_ids = bulk_catalogue(modules)
    bulk_history(user.id, module_ids)
    counts = {}
    for name, url in (("home", "/"), ("module", "/modules/bulk-0"), ("lesson", "/modules/bulk-0/lessons/lesson-2")):
        with count_queries() as counter:
            assert client.get(url).status_code == 200, url
        counts[name] = counter.count
    assert counts == {"home": 8, "module": 7, "lesson": 6}


def test_the_glossary_lists_each_term_with_its_definition_in_the_readers_language(client, login_as):
    login_as(Role.TRAINEE)
    english = client.get("/glossary")
    assert english.status_code == 200
    assert "violent extremism" in english.text and "насильственный экстремизм" in english.text
    client.post("/language", data={"language": "ru"})
    russian = client.get("/glossary")
    assert "Глоссарий" in russian.text
    assert russian.text.index("насильственный экстремизм") < russian.text.index("(violent extremism)")


def test_every_lesson_links_to_the_glossary(client, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    assert 'href="/glossary"' in client.get("/modules/alpha/lessons/01-intro").text


def test_a_trainee_in_two_cohorts_sees_each_module_once(client, db, login_as, publish, create_user):
    from tests.web.test_cohorts import make_cohort

    module = publish("alpha")
    trainee = login_as(Role.TRAINEE)
    coordinator = create_user(Role.COORDINATOR)
    for name in ("Almaty workshop", "Bishkek follow-up"):
        cohort = make_cohort(db, coordinator, name=name)
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=trainee.id))
        db.session.add(CohortModule(cohort_id=cohort.id, module_id=module.id, is_required=True))
    db.session.commit()
    page = client.get("/").text
    assert page.count('class="card module-card') == 1
    assert "shown in full under Almaty workshop" in page or "shown in full under Bishkek follow-up" in page


# The lesson and module contents are cached per version and language (learnapp/learn/content.py)


def _restricted(tmp_path, publish):
    """A restricted module `closed`, which a trainee may open only through a cohort assigning it."""
    write_module(tmp_path / "published-modules", "closed", order=9, completion="lessons", with_quiz=False)
    meta = tmp_path / "published-modules" / "09-closed" / "module.yaml"
    meta.write_text(meta.read_text().replace("sensitivity: programme", "sensitivity: restricted"))
    publish(None)
    return db_module("closed")


def db_module(slug):
    from learnapp.extensions import db

    return db.session.scalar(sa.select(Module).filter_by(slug=slug))


def test_a_cached_lesson_is_never_shown_to_a_trainee_who_may_not_see_its_module(
    app, client, db, login_as, create_user, publish, tmp_path
):
    closed = _restricted(tmp_path, publish)
    enrolled = login_as(Role.TRAINEE)
    cohort = Cohort(name="Dushanbe workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(
        [CohortModule(cohort_id=cohort.id, module_id=closed.id), Enrolment(cohort_id=cohort.id, user_id=enrolled.id)]
    )
    db.session.commit()
    for url in ("/modules/closed/lessons/01-intro", "/modules/closed"):
        assert client.get(url).status_code == 200  # now in the caches
    outsider = app.test_client()
    other = create_user(Role.TRAINEE)
    outsider.post("/sign-in", data={"email": other.email, "password": "correct horse battery staple"})
    for url in ("/modules/closed/lessons/01-intro", "/modules/closed"):
        response = outsider.get(url)
        assert response.status_code == 404 and "Module closed" not in response.text
    db.session.execute(sa.delete(Enrolment).where(Enrolment.user_id == enrolled.id))
    db.session.commit()
    for url in ("/modules/closed/lessons/01-intro", "/modules/closed"):
        assert client.get(url).status_code == 404  # removed from the cohort: the cached copy is not shown either


def test_a_new_version_is_shown_as_soon_as_it_is_published(client, login_as, publish):
    publish("alpha", lessons=1, body="The first wording.")
    login_as(Role.TRAINEE)
    assert "The first wording." in client.get("/modules/alpha/lessons/01-intro").text
    assert "Lesson 1 of 1" in client.get("/modules/alpha/lessons/01-intro").text
    assert "02-lesson-2" not in client.get("/modules/alpha").text

    publish("alpha", lessons=2, body="The corrected wording.")

    lesson = client.get("/modules/alpha/lessons/01-intro").text
    assert "The corrected wording." in lesson and "The first wording." not in lesson
    assert "Lesson 1 of 2" in lesson and 'rel="next" href="/modules/alpha/lessons/02-lesson-2"' in lesson
    assert 'href="/modules/alpha/lessons/02-lesson-2"' in client.get("/modules/alpha").text


def test_the_cached_content_follows_each_readers_language(client, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    assert "Introduction" in client.get("/modules/alpha/lessons/01-intro").text
    client.post("/language", data={"language": "ru"})
    russian = client.get("/modules/alpha/lessons/01-intro").text
    assert "Урок 1" in russian and '<article class="lesson" lang="ru">' in russian


def csrf_tokens(page):
    """The CSRF tokens of a page's forms."""
    return set(re.findall(r'name="csrf_token" value="([^"]*)"', page))


def test_two_readers_of_a_cached_lesson_each_see_only_their_own_answers_and_state(
    app, client, login_as, create_user, publish
):
    publish("alpha", lessons=2, body=TWO_PROMPTS)
    url = "/modules/alpha/lessons/01-intro"
    login_as(Role.TRAINEE)
    client.post(f"{url}/answers/second", data={"text": "<b>Talk</b> to the family"})
    client.post(f"{url}/read")
    mine = client.get(url).text  # the lesson is now rendered and kept
    other = app.test_client()
    colleague = create_user(Role.TRAINEE)
    other.post("/sign-in", data={"email": colleague.email, "password": "correct horse battery staple"})
    theirs = other.get(url).text
    assert "&lt;b&gt;Talk&lt;/b&gt; to the family" in mine and "<b>Talk</b>" not in mine
    assert "See." in mine and '<span class="done">read</span>' in mine
    assert "Talk" not in theirs and "See." not in theirs and '<span class="done">' not in theirs
    assert "Write your answer to see the expert commentary." in theirs
    assert len(csrf_tokens(mine)) == len(csrf_tokens(theirs)) == 1
    assert csrf_tokens(mine) != csrf_tokens(theirs)
    other.post(f"{url}/answers/first", data={"text": "Their own view"})
    assert "Their own view" in other.get(url).text and "Their own view" not in client.get(url).text


def test_the_lesson_page_frame_shows_each_reader_their_own_navigation_address_and_messages(
    app, client, login_as, create_user, publish
):
    publish("alpha", lessons=2, body=TWO_PROMPTS)
    url = "/modules/alpha/lessons/01-intro"
    login_as(Role.COORDINATOR)
    coordinator = client.get(url).text
    trainee = app.test_client()
    reader = create_user(Role.TRAINEE)
    trainee.post("/sign-in", data={"email": reader.email, "password": "correct horse battery staple"})
    saved = trainee.post(f"{url}/answers/first", data={"text": "Mine"}, follow_redirects=True).text
    assert "<title>Introduction · PVE Learning</title>" in coordinator
    assert ">Cohorts</a>" in coordinator and ">Cohorts</a>" not in trainee.get(url).text
    assert 'name="next" value="/modules/alpha/lessons/01-intro?saved=first"' in saved
    assert 'name="next" value="/modules/alpha/lessons/01-intro"' in coordinator
    read = trainee.post(f"{url}/read", data={"answer.second": "typed"}, follow_redirects=True).text
    assert '<p class="message message-success">Your answers in this lesson have been saved.' in read
    assert "Your answers in this lesson have been saved." not in trainee.get(url).text
