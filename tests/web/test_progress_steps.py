"""The progress bar counts what the module's completion rule counts, and says so in words (the walkthrough's D-23).

Progress is personal: the module page and My learning read it per request, while the modules' content comes from
per-process caches (`learnapp/learn/content.py`, `learnapp/progress/cards.py`); two trainees never see each other's.
"""

from __future__ import annotations

import re

from learnapp.domain.profiles import Role
from tests.conftest import sign_in
from tests.web.test_quiz import start, submit


def steps_text(page: str) -> list[str]:
    return re.findall(r'<p class="progress-steps">(.*?)</p>', page)


def test_a_passed_quiz_with_no_lesson_read_is_one_step_of_lessons_and_quiz(client, login_as, publish):
    publish("alpha", order=1, lessons=2, completion="lessons_and_quiz")
    login_as(Role.TRAINEE)
    submit(client, start(client), pillars="1", jpoa="false")

    module, home = client.get("/modules/alpha").text, client.get("/").text

    for page in (module, home):
        assert steps_text(page) == ["1 of 3 steps: lessons and the quiz"]
        assert 'value="33"' in page and "33%" in page


def test_a_lessons_only_module_counts_its_lessons_and_a_quiz_only_module_its_quiz(client, login_as, publish):
    publish("alpha", order=1, lessons=2, completion="lessons")
    publish("beta", order=2, lessons=2, completion="quiz")
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    client.post("/modules/beta/lessons/01-intro/read")

    assert steps_text(client.get("/modules/alpha").text) == ["1 of 2 steps: lessons"]
    assert steps_text(client.get("/modules/beta").text) == ["0 of 1 step: the quiz"]
    assert steps_text(client.get("/").text) == ["1 of 2 steps: lessons", "0 of 1 step: the quiz"]


def test_the_steps_are_written_in_russian(client, login_as, publish):
    publish("alpha", order=1, lessons=2, completion="lessons_and_quiz")
    login_as(Role.TRAINEE)
    client.post("/language", data={"language": "ru"})
    client.post("/modules/alpha/lessons/01-intro/read")

    assert steps_text(client.get("/modules/alpha").text) == ["1 из 3 шагов: уроки и тест"]


def test_each_trainee_sees_their_own_steps_though_the_content_is_cached(app, create_user, publish):
    publish("alpha", order=1, lessons=2, completion="lessons_and_quiz")
    reader, newcomer = (create_user(Role.TRAINEE) for _ in range(2))
    reader_client, newcomer_client = app.test_client(), app.test_client()
    sign_in(reader_client, reader.email)
    sign_in(newcomer_client, newcomer.email)
    reader_client.post("/modules/alpha/lessons/01-intro/read")
    reader_client.post("/modules/alpha/lessons/02-lesson-2/read")

    assert steps_text(reader_client.get("/modules/alpha").text) == ["2 of 3 steps: lessons and the quiz"]
    assert steps_text(reader_client.get("/").text) == ["2 of 3 steps: lessons and the quiz"]
    assert steps_text(newcomer_client.get("/modules/alpha").text) == ["0 of 3 steps: lessons and the quiz"]
    assert steps_text(newcomer_client.get("/").text) == ["0 of 3 steps: lessons and the quiz"]
