"""The trainee detail: each quiz attempt links to its result (grades, never answers) and the sessions show attendance.

Uses the reports' setting (`tests/web/test_reports.py`): cohort "Almaty workshop" with Aida, Bek and Chris.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Attendance, AuditEvent, CohortSession
from learnapp.reports.audit_labels import target_label
from tests.conftest import sign_in
from tests.web import test_reports as base
from tests.web.test_reports import coordinate
from tests.web.test_reports_items import give_attempt

setting = base.setting
pytestmark = pytest.mark.module_data(build=base.build_setting)


def detail_url(setting, person) -> str:
    return f"/reports/cohorts/{setting.cohort.id}/trainees/{person.id}"


def attempt_links(page: str) -> list[str]:
    return re.findall(r'<a href="(/reports/cohorts/\d+/trainees/\d+/attempts/\d+)">', page)


@pytest.fixture()
def attempted(db, setting):
    # Aida: pillars right (choice 1, "Four"), jpoa wrong (true); Bek: nothing answered.
    give_attempt(db, setting, setting.aida, 50.0, {"pillars": (1, 1.0), "jpoa": (True, 0.0)})
    give_attempt(db, setting, setting.bek, 0.0, {})
    return setting


def test_each_attempt_links_to_its_result_per_question_without_the_answers(client, db, attempted, login_as):
    coordinate(db, attempted.cohort, login_as(Role.COORDINATOR))

    detail = client.get(detail_url(attempted, attempted.aida)).text
    [link] = attempt_links(detail)
    result = client.get(link)

    assert result.status_code == 200
    page = result.text
    assert "How many pillars does the Strategy have?" in page
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)]
    results = [row[2:] for row in rows if len(row) == 4]
    assert results == [["Correct", "1 of 1"], ["Incorrect", "0 of 1"]]
    assert "Four" not in page and "Two" not in page  # the choices, and so what Aida picked, are not shown
    assert "score 50%" in page
    assert f'href="{detail_url(attempted, attempted.aida)}"' in page
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.target.like("attempt:%")))
    assert target_label(event.target).startswith("Trainee's quiz attempt · cohort ")
    assert event.target.endswith(f":user:{attempted.aida.id}")  # so Aida's data download lists who viewed it


def test_a_question_left_unanswered_reads_not_answered(client, db, attempted, login_as):
    coordinate(db, attempted.cohort, login_as(Role.COORDINATOR))
    [link] = attempt_links(client.get(detail_url(attempted, attempted.bek)).text)

    page = client.get(link).text

    assert page.count("<td>Not answered</td>") == 2


def test_an_attempt_opens_only_under_its_own_trainee_and_for_the_cohorts_coordinators(
    app, client, db, attempted, login_as, create_user
):
    coordinator = login_as(Role.COORDINATOR)
    coordinate(db, attempted.cohort, coordinator)
    [aida_link] = attempt_links(client.get(detail_url(attempted, attempted.aida)).text)
    attempt_id = aida_link.rsplit("/", 1)[1]

    assert client.get(f"{detail_url(attempted, attempted.bek)}/attempts/{attempt_id}").status_code == 404
    assert client.get(f"{detail_url(attempted, attempted.aida)}/attempts/999999").status_code == 404
    for role, status in ((Role.COORDINATOR, 404), (Role.TRAINER, 403), (Role.TRAINEE, 403)):
        other = app.test_client()
        sign_in(other, create_user(role).email)  # a coordinator of no cohort, a trainer, a trainee
        assert other.get(aida_link).status_code == status, role


def test_the_sessions_show_present_absent_and_not_recorded_in_both_languages(client, db, setting, login_as):
    coordinate(db, setting.cohort, login_as(Role.COORDINATOR))
    sessions = [
        CohortSession(cohort_id=setting.cohort.id, title=title, held_on=date(2026, 3, day))
        for title, day in (("Day 2", 5), ("Day 1", 4), ("Day 3", 6))
    ]
    db.session.add_all(sessions)
    db.session.flush()
    db.session.add_all(
        [
            Attendance(session_id=sessions[1].id, user_id=setting.aida.id, is_present=True),
            Attendance(session_id=sessions[0].id, user_id=setting.aida.id, is_present=False),
            Attendance(session_id=sessions[2].id, user_id=setting.bek.id, is_present=True),
        ]
    )
    db.session.commit()

    english = client.get(detail_url(setting, setting.aida)).text
    client.post("/language", data={"language": "ru"})
    russian = client.get(detail_url(setting, setting.aida)).text

    assert "<h2>Sessions</h2>" in english
    assert session_rows(english) == [["Day 1", "Attended"], ["Day 2", "Absent"], ["Day 3", "Not recorded"]]
    assert session_rows(russian) == [
        ["Day 1", "Присутствовал(а)"],
        ["Day 2", "Отсутствовал(а)"],
        ["Day 3", "Не отмечено"],
    ]


def session_rows(page: str) -> list[list[str]]:
    section = page[page.index('aria-label="Sessions"') if 'aria-label="Sessions"' in page else page.index("Занятия") :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [[row[0], row[2]] for row in rows]


def test_the_attempt_page_runs_a_fixed_number_of_statements(client, db, attempted, login_as, count_queries):
    coordinate(db, attempted.cohort, login_as(Role.COORDINATOR))
    links = [
        attempt_links(client.get(detail_url(attempted, person)).text)[0] for person in (attempted.aida, attempted.bek)
    ]
    counts = []
    for link in links:
        with count_queries() as counter:
            assert client.get(link).status_code == 200
        counts.append(counter.count)

    # the user, cohort, trainee, attempt, questions with their answers, audit row, user and cohort again
    assert counts == [8, 8], counts


def test_a_cohort_without_sessions_says_so_in_a_sentence(client, db, setting, login_as):
    coordinate(db, setting.cohort, login_as(Role.COORDINATOR))

    page = client.get(detail_url(setting, setting.aida)).text

    assert "<p>The cohort has no in-person session.</p>" in page and 'aria-label="Sessions"' not in page
