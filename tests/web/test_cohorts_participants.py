"""Enrolling participants by hand and by CSV, attendance at in-person sessions, and the statement budget."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Attendance, CohortSession, Enrolment, User
from tests.web.test_cohorts import make_cohort

HEADER = "email,full_name,country,organisation,stakeholder_group,gender,language\n"


@pytest.fixture()
def mine(db, login_as):
    """A cohort coordinated by the signed-in coordinator."""
    return make_cohort(db, login_as(Role.COORDINATOR), required_sessions=2)


def enrolled_emails(db, cohort):
    query = sa.select(User.email).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.cohort_id == cohort.id)
    return sorted(db.session.scalars(query))


def user_count(db):
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def upload(client, cohort, text, encoding="utf-8"):
    data = {"file": (io.BytesIO(text.encode(encoding)), "people.csv")}
    return client.post(f"/cohorts/{cohort.id}/participants/upload", data=data, content_type="multipart/form-data")


def person(**values):
    data = {"email": "Aida@Example.org", "full_name": "Aida Bekova", "country": "KG", "organisation": "Youth centre"}
    data |= {"stakeholder_group": "youth_institution", "gender": "female", "preferred_language": "ru"}
    return data | values


def test_a_new_person_added_by_hand_gets_a_trainee_account_without_a_password(client, db, mine):
    response = client.post(f"/cohorts/{mine.id}/participants/new", data=person())
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "aida@example.org"))
    assert (user.role, user.password_hash, user.country, user.gender) == ("trainee", None, "KG", "female")
    assert enrolled_emails(db, mine) == ["aida@example.org"]
    page = client.get(f"/cohorts/{mine.id}/participants").text
    assert "Aida Bekova" in page
    assert "Create an invitation link" in page


def test_an_existing_account_added_by_hand_is_enrolled_not_duplicated_nor_changed(client, db, mine, create_user):
    existing = create_user(Role.TRAINER, email="aida@example.org", full_name="Aida B.")
    before = user_count(db)
    client.post(f"/cohorts/{mine.id}/participants/new", data=person(full_name="Someone Else"))
    client.post(f"/cohorts/{mine.id}/participants/new", data=person())
    assert user_count(db) == before
    assert enrolled_emails(db, mine) == ["aida@example.org"]
    db.session.refresh(existing)
    assert (existing.full_name, existing.role) == ("Aida B.", "trainer")


def test_a_csv_file_enrols_everyone_in_it(client, db, mine):
    text = HEADER + "aida@example.org,Aida Bekova,KG,,youth_institution,female,ru\nbek@example.org,Bek Umarov,,,,,\n"
    response = upload(client, mine, text)
    assert response.status_code == 302
    assert enrolled_emails(db, mine) == ["aida@example.org", "bek@example.org"]
    assert set(db.session.scalars(sa.select(User.role))) == {"coordinator", "trainee"}


def test_a_csv_file_with_one_bad_row_imports_nothing_and_lists_the_exact_problems(client, db, mine):
    before = user_count(db)
    text = HEADER + "aida@example.org,Aida Bekova,KG,,,,ru\nnot-an-email,,ZZ,,,,de\nbek@example.org,Bek,,,,,\n"
    response = upload(client, mine, text)
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    for problem in [
        "line 3, column full_name: is required",
        "line 3, column email: &#39;not-an-email&#39; is not an email address",
        "line 3, column country: &#39;ZZ&#39; is not one of",
        "line 3, column language: &#39;de&#39; is not one of en, ru",
    ]:
        assert problem in response.text
    assert "line 2" not in response.text
    assert user_count(db) == before
    assert enrolled_emails(db, mine) == []


def test_a_csv_file_with_an_existing_email_enrols_that_user_without_creating_another(client, db, mine, create_user):
    existing = create_user(Role.TRAINEE, email="aida@example.org", full_name="Aida Original")
    before = user_count(db)
    response = upload(client, mine, HEADER + "AIDA@example.org,Aida Renamed,,,,,\nnew@example.org,New Person,,,,,\n")
    assert response.status_code == 302
    assert user_count(db) == before + 1
    assert enrolled_emails(db, mine) == ["aida@example.org", "new@example.org"]
    db.session.refresh(existing)
    assert existing.full_name == "Aida Original"


def test_a_csv_file_repeating_an_email_or_naming_a_role_is_refused(client, db, mine):
    repeated = upload(client, mine, HEADER + "a@example.org,A,,,,,\nA@example.org,B,,,,,\n")
    assert "line 3, column email: a@example.org is already on line 2" in repeated.text
    with_role = upload(client, mine, "email,full_name,role\na@example.org,A,admin\n")
    assert with_role.status_code == 400
    assert "line 1, column role: not allowed here" in with_role.text
    assert enrolled_emails(db, mine) == []


def test_a_csv_file_that_is_not_utf8_is_refused_with_a_clear_message(client, db, mine):
    response = upload(client, mine, HEADER + "a@example.org,Айдана,,,,,\n", encoding="cp1251")
    assert response.status_code == 400
    assert "line 1, column -: the file is not UTF-8 text" in response.text
    assert enrolled_emails(db, mine) == []


def test_attendance_is_recorded_and_counted_against_the_required_sessions(client, db, mine, create_user):
    aida, bek = create_user(full_name="Aida", password=None), create_user(full_name="Bek", password=None)
    outsider = create_user(full_name="Outsider")
    db.session.add_all([Enrolment(cohort_id=mine.id, user_id=aida.id), Enrolment(cohort_id=mine.id, user_id=bek.id)])
    db.session.commit()
    for title in ("Day 1", "Day 2"):
        response = client.post(f"/cohorts/{mine.id}/sessions", data={"title": title, "held_on": "2026-03-02"})
        assert response.status_code == 302
    day1, day2 = db.session.scalars(sa.select(CohortSession.id).order_by(CohortSession.id)).all()
    client.post(f"/cohorts/{mine.id}/sessions/{day1}", data={"present": [str(aida.id), str(bek.id), str(outsider.id)]})
    client.post(f"/cohorts/{mine.id}/sessions/{day2}", data={"present": [str(aida.id)]})
    assert db.session.scalar(sa.select(sa.func.count()).where(Attendance.user_id == outsider.id)) == 0
    page = client.get(f"/cohorts/{mine.id}/participants").text
    assert "2 of 2 ✓" in page
    assert "1 of 2<" in page
    assert "Day 1" in client.get(f"/cohorts/{mine.id}/sessions").text


def test_a_session_of_another_cohort_is_not_found_through_mine(client, db, mine, create_user):
    other = make_cohort(db, create_user(Role.COORDINATOR))
    session = CohortSession(cohort_id=other.id, title="Theirs")
    db.session.add(session)
    db.session.commit()
    assert client.get(f"/cohorts/{mine.id}/sessions/{session.id}").status_code == 404


def enrol_many(db, cohort, create_user, number):
    users = [create_user(password=None) for _ in range(number)]
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in users)
    session = CohortSession(cohort_id=cohort.id, title="Day 1")
    db.session.add(session)
    db.session.flush()
    db.session.add_all(Attendance(session_id=session.id, user_id=user.id) for user in users)
    db.session.commit()


@pytest.mark.parametrize("path", ["/cohorts/", "/cohorts/{id}/participants", "/cohorts/{id}/sessions/1"])
def test_cohort_pages_run_the_same_number_of_statements_for_3_and_60_participants(
    client, db, mine, create_user, count_queries, path
):
    counts = []
    for number in (3, 57):
        enrol_many(db, mine, create_user, number)
        with count_queries() as counter:
            response = client.get(path.format(id=mine.id))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_session_must_fall_within_the_cohorts_dates(client, db, mine):
    mine.starts_on, mine.ends_on = date(2027, 1, 10), date(2027, 6, 30)
    db.session.commit()

    late = client.post(f"/cohorts/{mine.id}/sessions", data={"title": "Late", "held_on": "2027-08-15"})
    early = client.post(f"/cohorts/{mine.id}/sessions", data={"title": "Early", "held_on": "2027-01-09"})
    inside = client.post(f"/cohorts/{mine.id}/sessions", data={"title": "Inside", "held_on": "2027-01-10"})

    assert late.status_code == early.status_code == 200
    assert "The date must fall within the cohort's dates (Jan 10, 2027 – Jun 30, 2027)." in late.text
    assert inside.status_code == 302
    assert db.session.scalars(sa.select(CohortSession.title)).all() == ["Inside"]


def test_attendance_cannot_be_recorded_for_a_session_that_has_not_taken_place(client, db, mine, create_user):
    aida = create_user(full_name="Aida", password=None)
    db.session.add(Enrolment(cohort_id=mine.id, user_id=aida.id))
    future = CohortSession(cohort_id=mine.id, title="Next month", held_on=date.today() + timedelta(days=30))
    db.session.add(future)
    db.session.commit()

    page = client.get(f"/cohorts/{mine.id}/sessions/{future.id}").text
    response = client.post(f"/cohorts/{mine.id}/sessions/{future.id}", data={"present": [str(aida.id)]})

    assert "This session has not taken place yet" in page and "Save attendance" not in page
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 0


def test_a_csv_file_takes_codes_and_labels_in_either_language_in_any_case(client, db, mine):
    rows = [
        "a@example.org,A,KG,,youth_institution,female,ru",
        "b@example.org,B,Kyrgyzstan,,Youth institution,Woman,Русский",
        "c@example.org,C,Кыргызстан,,учреждение по делам молодёжи,ЖЕНЩИНА,english",
        "d@example.org,D,kg,,YOUTH_INSTITUTION,female,RU",
    ]

    response = upload(client, mine, HEADER + "\n".join(rows) + "\n")

    assert response.status_code == 302, response.text
    people = db.session.scalars(sa.select(User).where(User.email.in_(["a@example.org", "b@example.org"]))).all()
    people += db.session.scalars(sa.select(User).where(User.email.in_(["c@example.org", "d@example.org"]))).all()
    assert {(user.country, user.stakeholder_group, user.gender) for user in people} == {
        ("KG", "youth_institution", "female")
    }
    assert sorted(user.preferred_language for user in people) == ["en", "ru", "ru", "ru"]


def test_the_upload_page_lists_every_allowed_value_with_its_label(client, mine):
    page = client.get(f"/cohorts/{mine.id}/participants/upload").text

    for code, label in (("KG", "Kyrgyzstan"), ("youth_institution", "Youth institution"), ("female", "Woman")):
        assert f"<li><code>{code}</code> {label}</li>" in page
