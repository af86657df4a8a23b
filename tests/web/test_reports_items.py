"""Quiz item analysis: facility, discrimination and choice picks per question; no names; who may read it."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.domain.profiles import Role
from learnapp.models import Assessment, Attempt, AttemptAnswer, AuditEvent, Cohort, Enrolment, User
from tests.support.reports import code_rows
from tests.web import test_reports as base
from tests.web.test_reports import coordinate, enrol
from tests.web.test_reports_scale import statements_for

setting = base.setting
pytestmark = pytest.mark.module_data(build=base.build_setting)  # three trainees of "Almaty workshop"
URL = "/reports/modules/alpha/items"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def give_attempt(db, setting, user, score: float, answers: dict[str, tuple[object, float]]) -> None:
    """A submitted attempt that drew both questions; `answers` maps slug to (answer, fraction)."""
    quiz = db.session.scalar(
        sa.select(Assessment.id).where(
            Assessment.version_id == setting.alpha.current_version_id, Assessment.kind == "quiz"
        )
    )
    attempt = Attempt(
        user_id=user.id,
        module_id=setting.alpha.id,
        assessment_id=quiz,
        number=1,
        question_slugs=["pillars", "jpoa"],
        seed="s",
        submitted_at=sa.func.now(),
        score=score,
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add_all(
        AttemptAnswer(attempt_id=attempt.id, question_slug=slug, answer=answer, fraction=fraction)
        for slug, (answer, fraction) in answers.items()
    )
    db.session.commit()


@pytest.fixture()
def attempted(db, setting, create_user):
    """Four attempts (pillars: choice 1 = "Two", choice 2 = "Four", correct; jpoa: true/false, false correct).

    pillars x = [1, 1, 0, 0], jpoa x = [1, 0, 0, 0] (unanswered counted as 0), scores y = [100, 50, 0, 50].
    Facility: 50 % and 25 %. Point-biserial r: pillars 50 / sqrt(1 × 5000) = 0.71; jpoa 50 / sqrt(0.75 × 5000) = 0.82.
    """
    dana = create_user(full_name="Dana D")
    enrol(db, setting.cohort, dana)
    give_attempt(db, setting, setting.aida, 100.0, {"pillars": (1, 1.0), "jpoa": (False, 1.0)})  # in English
    give_attempt(db, setting, setting.bek, 50.0, {"pillars": (1, 1.0), "jpoa": (True, 0.0)})  # in Russian
    give_attempt(db, setting, setting.chris, 0.0, {"pillars": (0, 0.0)})
    give_attempt(db, setting, dana, 50.0, {})
    return setting


def item_rows(client, suffix: str = ".xlsx") -> list[dict[str, str]]:
    response = client.get(URL + suffix)
    return code_rows(response)


def question_row(rows, slug: str) -> dict[str, str]:
    return next(row for row in rows if row["question"] == slug and row["choice"] == "")


def test_trainer_gets_facility_and_point_biserial_discrimination(client, attempted, login_as):
    login_as(Role.TRAINER)
    rows = item_rows(client)

    pillars, jpoa = question_row(rows, "pillars"), question_row(rows, "jpoa")

    assert (pillars["responses"], pillars["answered"], pillars["facility_percent"]) == ("4", "3", "50")
    assert pillars["discrimination"] == "0.71"
    assert (jpoa["responses"], jpoa["answered"], jpoa["facility_percent"]) == ("4", "2", "25")
    assert jpoa["discrimination"] == "0.82"


def test_choice_picks_are_counted_across_languages_with_default_language_text(client, attempted, login_as):
    login_as(Role.ADMIN)
    rows = item_rows(client)

    choices = [(row["choice"], row["text"], row["picks"]) for row in rows if row["choice"]]

    assert choices == [("1", "Two", "1"), ("2", "Four", "2"), ("1", "True", "1"), ("2", "False", "1")]


def test_trainer_page_shows_no_names(client, attempted, login_as):
    login_as(Role.TRAINER)

    page = client.get(URL).get_data(as_text=True)

    assert "How many pillars" in page and "Four" in page
    for person in (attempted.aida, attempted.bek, attempted.chris):
        assert person.full_name not in page and person.email not in page


def test_observer_gets_403(client, attempted, login_as):
    login_as(Role.OBSERVER)

    assert client.get(URL).status_code == 403
    assert client.get(URL + ".csv").status_code == 403


def test_unknown_module_gets_404(client, attempted, login_as):
    login_as(Role.ADMIN)

    assert client.get("/reports/modules/nope/items").status_code == 404


def test_coordinator_analyses_their_cohorts_attempts(client, db, attempted, login_as):
    user = login_as(Role.COORDINATOR)
    coordinate(db, attempted.cohort, user)
    assert question_row(item_rows(client), "pillars")["responses"] == "4"


def test_coordinator_of_another_cohort_gets_no_responses(client, db, attempted, login_as):
    other = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(other)
    db.session.commit()
    coordinate(db, other, login_as(Role.COORDINATOR))
    assert question_row(item_rows(client), "pillars")["responses"] == "0"


def test_xlsx_export_keeps_numbers_numeric_and_views_are_audited(client, db, attempted, login_as):
    login_as(Role.ADMIN)
    client.get(URL)

    response = client.get(URL + ".xlsx")

    sheet = load_workbook(io.BytesIO(response.data))["codes"]
    header, *rows = list(sheet.values)
    pillars = dict(zip(header, next(row for row in rows if row[0] == "pillars"), strict=True))
    assert (pillars["responses"], pillars["facility_percent"], pillars["discrimination"]) == (4, 50.0, 0.71)
    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target)).all()
    assert [tuple(event) for event in events] == [
        ("report.view", "item_analysis:module:alpha"),
        ("report.export", "item_analysis:module:alpha"),
    ]


def add_trainees_with_attempts(db, setting, trainees: int) -> None:
    """`trainees` more trainees of the cohort, each with a submitted attempt answering both questions."""
    quiz = db.session.scalar(sa.select(Attempt.assessment_id).limit(1))
    emails = [f"bulk-{setting.cohort.id}-{trainees}-{n}@example.org" for n in range(trainees)]
    db.session.execute(sa.insert(User), [{"email": email, "full_name": email} for email in emails])
    user_ids = db.session.scalars(sa.select(User.id).where(User.email.in_(emails))).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": setting.cohort.id, "user_id": u} for u in user_ids])
    attempt = {"module_id": setting.alpha.id, "assessment_id": quiz, "number": 1, "seed": "s", "score": 50.0}
    db.session.execute(
        sa.insert(Attempt),
        [{**attempt, "user_id": u, "question_slugs": ["pillars", "jpoa"], "submitted_at": NOW} for u in user_ids],
    )
    attempt_ids = db.session.scalars(sa.select(Attempt.id).where(Attempt.user_id.in_(user_ids))).all()
    db.session.execute(
        sa.insert(AttemptAnswer),
        [{"attempt_id": a, "question_slug": "pillars", "answer": a % 2, "fraction": float(a % 2)} for a in attempt_ids],
    )
    db.session.commit()


def test_item_analysis_runs_the_same_statements_for_10_and_200_attempts(client, db, attempted, login_as, count_queries):
    coordinate(db, attempted.cohort, login_as(Role.COORDINATOR))
    urls = (URL, URL + ".csv", URL + ".xlsx")
    counts = []
    for trainees in (6, 196):  # plus the four attempts of the fixture: 10, then 200
        add_trainees_with_attempts(db, attempted, trainees)
        counts.append([statements_for(client, count_queries, url) for url in urls])

    assert question_row(item_rows(client), "pillars")["responses"] == "206"
    # user, module, questions, item aggregates, choice picks, audit row, and the user read again after the commit
    assert counts[0] == counts[1], counts
    assert max(counts[0]) <= 7, counts


def test_page_is_in_the_readers_language_with_type_labels_and_the_right_answer_marked(client, attempted, login_as):
    login_as(Role.TRAINER)

    english = client.get(URL).get_data(as_text=True)
    client.post("/language", data={"language": "ru"})
    russian = client.get(URL).get_data(as_text=True)

    assert "<h1>Item analysis: Module alpha</h1>" in english
    assert "Single choice" in english and "True or false" in english and ">single<" not in english
    assert cells(english, "Four") == ["pillars", "Single choice", "Four", "2", "✓ Right answer", "2", "", "", "", ""]
    assert cells(english, "Two")[4] == ""
    assert "Сколько основных направлений у Стратегии?" in russian and "How many pillars" not in russian
    assert cells(russian, "Четыре")[1:5] == ["Один вариант ответа", "Четыре", "2", "✓ Верный ответ"]


def test_a_true_false_question_shows_its_picks_and_its_key_in_the_readers_language(client, attempted, login_as):
    login_as(Role.TRAINER)

    english = client.get(URL).get_data(as_text=True)
    client.post("/language", data={"language": "ru"})
    russian = client.get(URL).get_data(as_text=True)

    # jpoa: "false" is right; Aida answered false, Bek true, the other two left it.
    assert cells(english, "True") == ["jpoa", "True or false", "True", "1", "", "1", "", "", "", ""]
    assert cells(english, "False")[2:6] == ["False", "2", "✓ Right answer", "1"]
    assert cells(russian, "Неверно")[1:6] == ["Верно или неверно", "Неверно", "2", "✓ Верный ответ", "1"]
    assert cells(russian, "Верно")[4] == ""


def cells(page: str, text: str) -> list[str]:
    """The cells of the table row whose text cell is `text`."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return next(row for row in rows if len(row) > 2 and row[2] == text)


def test_the_pre_test_is_analysed_like_any_quiz(client, db, attempted, login_as):
    quiz = db.session.scalar(
        sa.select(Assessment).where(
            Assessment.version_id == attempted.alpha.current_version_id, Assessment.kind == "quiz"
        )
    )
    quiz.purpose = "pre_test"
    db.session.commit()
    login_as(Role.TRAINER)

    rows = item_rows(client)

    assert question_row(rows, "pillars")["responses"] == "4"
    assert "No quiz question to analyse." not in client.get(URL).get_data(as_text=True)


def test_item_analysis_is_reached_from_the_reports_index_and_the_module_summary(client, db, attempted, login_as):
    coordinate(db, attempted.cohort, login_as(Role.COORDINATOR))

    index = client.get("/reports/").get_data(as_text=True)
    summary = client.get("/reports/modules").get_data(as_text=True)

    assert f'<a href="{URL}">Module alpha</a>' in index
    assert f'<a href="{URL}">Module alpha</a>' in summary


def test_observers_get_no_item_analysis_link(client, attempted, login_as):
    login_as(Role.OBSERVER)

    for page in (client.get("/reports/").get_data(as_text=True), client.get("/reports/modules").get_data(as_text=True)):
        assert "/items" not in page
