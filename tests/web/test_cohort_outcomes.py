"""Cohorts from the trainee's side: My learning by assignment, blended completion, cohort certificates, restriction."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.extensions import db as _db
from learnapp.models import (
    Attendance,
    CertificatePdf,
    Cohort,
    CohortCertificate,
    CohortCoordinator,
    CohortModule,
    CohortSession,
    Enrolment,
    Lesson,
    LessonRead,
    Module,
)
from learnapp.progress.operations import issue_participation_certificates, update_completion
from tests.support.module_tree import write_module
from tests.support.reports import code_rows

TODAY = date.today()


def make_cohort(db, modules, trainees=(), coordinators=(), required_sessions=0, name="Dushanbe workshop"):
    """A cohort assigning `modules` ((module, is_required, due_on) triples) to `trainees`."""
    cohort = Cohort(name=name, working_language="ru", required_sessions=required_sessions, place="Dushanbe")
    cohort.starts_on, cohort.ends_on = date(2026, 3, 2), date(2026, 3, 6)
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(
        CohortModule(cohort_id=cohort.id, module_id=module.id, is_required=is_required, due_on=due_on)
        for module, is_required, due_on in modules
    )
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in trainees)
    db.session.add_all(CohortCoordinator(cohort_id=cohort.id, user_id=user.id) for user in coordinators)
    db.session.commit()
    return cohort


def lessons_only(publish, module_id, order=1):
    return publish(module_id, order=order, completion="lessons", with_quiz=False, lessons=1)


def certificates(db, **where):
    return db.session.scalars(sa.select(CohortCertificate).filter_by(**where)).all()


def attend(db, cohort, user, sessions=1):
    for number in range(sessions):
        meeting = CohortSession(cohort_id=cohort.id, title=f"Day {number + 1}")
        db.session.add(meeting)
        db.session.flush()
        db.session.add(Attendance(session_id=meeting.id, user_id=user.id, is_present=True))
    db.session.commit()


def test_my_learning_shows_each_cohort_with_its_assignments_due_dates_and_overdue_modules(
    client, db, login_as, publish
):
    alpha, beta, _ = (lessons_only(publish, name, order) for order, name in enumerate(["alpha", "beta", "gamma"]))
    me = login_as(Role.TRAINEE)
    make_cohort(db, [(alpha, True, TODAY - timedelta(days=1)), (beta, False, TODAY + timedelta(days=30))], [me])

    page = client.get("/").text

    assert "Dushanbe workshop" in page
    assert "Required modules completed: 0 of 1" in page
    cohort_part, more = page.split("More modules")
    assert "Module alpha" in cohort_part and "Module beta" in cohort_part and "Module gamma" not in cohort_part
    assert "Module gamma" in more  # not assigned, but open to everyone in the programme
    assert cohort_part.count("Overdue") == 1  # alpha: due yesterday, not completed; beta is due later
    assert "Optional" in cohort_part


def test_a_module_completed_is_no_longer_overdue(client, db, login_as, publish):
    alpha = lessons_only(publish, "alpha")
    me = login_as(Role.TRAINEE)
    make_cohort(db, [(alpha, True, TODAY - timedelta(days=3))], [me])
    client.post("/modules/alpha/lessons/01-intro/read")

    page = client.get("/").text

    assert "Overdue" not in page
    assert "Required modules completed: 1 of 1" in page


def test_completing_the_required_modules_issues_the_cohort_certificate_of_completion(client, db, login_as, publish):
    alpha, beta = lessons_only(publish, "alpha", 1), lessons_only(publish, "beta", 2)
    me = login_as(Role.TRAINEE, full_name="Zarina Rahimova")
    cohort = make_cohort(db, [(alpha, True, None), (beta, False, None)], [me])

    client.post("/modules/alpha/lessons/01-intro/read")

    [certificate] = certificates(db, user_id=me.id)
    assert (certificate.kind, certificate.cohort_id, certificate.full_name) == ("completion", cohort.id, me.full_name)
    home = client.get("/").text
    assert "Cohort completed" in home
    assert f"/cohort-certificates/{certificate.code}" in home
    sheet = client.get(f"/cohort-certificates/{certificate.code}").text
    assert "Zarina Rahimova" in sheet and "Dushanbe workshop" in sheet
    assert "Dushanbe, March 2, 2026 – March 6, 2026" in sheet and "Dushanbe, 2 марта 2026" in sheet
    assert "has successfully completed the training programme" in sheet
    assert "успешно" in sheet  # the Russian wording is on the same sheet


def test_a_blended_cohort_is_completed_only_once_the_sessions_are_attended_too(client, db, login_as, publish):
    alpha = lessons_only(publish, "alpha")
    trainee = login_as(Role.TRAINEE)
    cohort = make_cohort(db, [(alpha, True, None)], [trainee], required_sessions=2)
    client.post("/modules/alpha/lessons/01-intro/read")
    assert certificates(db) == []
    assert "In-person sessions attended: 0 of 2" in client.get("/").text

    client.post("/sign-out")
    coordinator = login_as(Role.COORDINATOR)
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
    db.session.commit()
    for day in ("Day 1", "Day 2"):
        client.post(f"/cohorts/{cohort.id}/sessions", data={"title": day, "held_on": "2026-03-02"})
        meeting = db.session.scalar(sa.select(CohortSession).filter_by(title=day))
        client.post(f"/cohorts/{cohort.id}/sessions/{meeting.id}", data={"present": [str(trainee.id)]})
        issued = [certificate.kind for certificate in certificates(db, user_id=trainee.id)]
        assert issued == ([] if day == "Day 1" else ["completion"]), day
    [certificate] = certificates(db)
    assert (certificate.cohort_id, certificate.user_id) == (cohort.id, trainee.id)


def test_participation_certificates_go_to_those_who_took_part_without_completing_once(
    client, db, login_as, create_user, publish
):
    alpha, beta = lessons_only(publish, "alpha", 1), lessons_only(publish, "beta", 2)
    attended, idle = create_user(Role.TRAINEE), create_user(Role.TRAINEE)
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, [(alpha, True, None), (beta, True, None)], [attended, idle], [coordinator])
    attend(db, cohort, attended)

    first = client.post(f"/cohorts/{cohort.id}/certificates", follow_redirects=True)
    again = client.post(f"/cohorts/{cohort.id}/certificates", follow_redirects=True)

    assert "1 participation certificate has been issued." in first.text
    assert "0 participation certificates have been issued." in again.text
    assert [(c.user_id, c.kind) for c in certificates(db)] == [(attended.id, "participation")]
    assert "Certificates of participation" in again.text


def participation_certificate(db, publish, holder):
    """`holder` attended a session of a one-module cohort without completing it, and got a participation certificate."""
    cohort = make_cohort(db, [(lessons_only(publish, "alpha"), True, None)], [holder])
    attend(db, cohort, holder)
    issue_participation_certificates(cohort)
    db.session.commit()
    [certificate] = certificates(db)
    return certificate


def test_a_participation_certificate_never_reads_as_one_of_completion(app, client, db, login_as, publish):
    certificate = participation_certificate(db, publish, login_as(Role.TRAINEE))

    sheet = client.get(f"/cohort-certificates/{certificate.code}").text
    public = app.test_client().get(f"/verify/{certificate.code}").text

    assert "Certificate of participation" in sheet and "took part in the training programme" in sheet
    assert "completed" not in sheet.split("<article", 1)[1]
    assert "certificate of participation" in public and "Training programme" in public
    assert "Dushanbe workshop" in public


def test_a_cohort_certificate_is_its_holders_alone(client, db, login_as, create_user, publish):
    certificate = participation_certificate(db, publish, create_user(Role.TRAINEE))
    login_as(Role.COORDINATOR)

    assert client.get(f"/cohort-certificates/{certificate.code}").status_code == 404
    assert client.get(f"/cohort-certificates/{certificate.code}.pdf").status_code == 404


def test_the_holder_downloads_the_cohort_certificate_as_a_pdf(client, db, login_as, publish):
    alpha = lessons_only(publish, "alpha")
    me = login_as(Role.TRAINEE)
    make_cohort(db, [(alpha, True, None)], [me])
    client.post("/modules/alpha/lessons/01-intro/read")
    [certificate] = certificates(db)

    response = client.get(f"/cohort-certificates/{certificate.code}.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert 'filename="certificate-completion.pdf"' in response.headers["Content-Disposition"]
    again = client.get(f"/cohort-certificates/{certificate.code}.pdf")
    assert again.data == response.data
    stored = db.session.scalars(sa.select(CertificatePdf.cohort_certificate_id)).all()
    assert stored == [certificate.id]


def restricted(tmp_path, publish, module_id="closed"):
    write_module(tmp_path / "published-modules", module_id, order=9, completion="lessons", with_quiz=False)
    meta = tmp_path / "published-modules" / f"09-{module_id}" / "module.yaml"
    meta.write_text(meta.read_text().replace("sensitivity: programme", "sensitivity: restricted"))
    publish(None)
    return db_module(module_id)


def db_module(slug):
    return _db.session.scalar(sa.select(Module).filter_by(slug=slug))


def test_a_restricted_module_exists_for_a_trainee_only_through_a_cohort_it_is_assigned_to(
    client, db, login_as, create_user, publish, tmp_path
):
    lessons_only(publish, "alpha")
    closed = restricted(tmp_path, publish)
    me = login_as(Role.TRAINEE)

    assert client.get("/modules/closed").status_code == 404
    assert client.get("/modules/closed/lessons/01-intro").status_code == 404
    assert "Module closed" not in client.get("/").text

    make_cohort(db, [(closed, True, None)], [me])
    assert client.get("/modules/closed").status_code == 200
    assert "Module closed" in client.get("/").text


@pytest.mark.parametrize("role", [Role.TRAINER, Role.COORDINATOR, Role.ADMIN])
def test_staff_see_restricted_modules_without_a_cohort(client, login_as, publish, tmp_path, role):
    restricted(tmp_path, publish)
    login_as(role)
    assert client.get("/modules/closed").status_code == 200
    assert "Module closed" in client.get("/").text


@pytest.mark.parametrize("size", [1, 3])
def test_my_learning_runs_the_same_statements_for_one_cohort_or_several(
    client, db, login_as, publish, count_queries, tmp_path, size
):
    for number in range(1, 4 * size + 1):
        write_module(tmp_path / "published-modules", f"m{number}", order=number, completion="lessons", with_quiz=False)
    publish(None)
    me = login_as(Role.TRAINEE)
    modules = [db_module(f"m{number}") for number in range(1, 4 * size + 1)]
    for index in range(size):
        cohort = make_cohort(db, [(module, True, TODAY) for module in modules[index::size]], [me], name=f"C{index}")
        attend(db, cohort, me)
    client.post("/modules/m1/lessons/01-intro/read")

    with count_queries() as counter:
        assert client.get("/").status_code == 200

    # the user, one statement per progress table, the cohorts with attendance, the assignments, cohort certificates
    assert counter.count == 10, counter.statements


def test_the_participants_page_shows_where_each_participant_stands(client, db, login_as, create_user, publish):
    alpha = lessons_only(publish, "alpha")
    done, started, idle = (create_user(Role.TRAINEE, full_name=name) for name in ("Aigerim", "Bakyt", "Chyngyz"))
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, [(alpha, True, None)], [done, started, idle], [coordinator], required_sessions=1)
    attend(db, cohort, started)
    attend(db, cohort, done)
    version = alpha.current_version
    slug = db.session.scalar(sa.select(Lesson.slug).filter_by(version_id=version.id))
    db.session.add(LessonRead(user_id=done.id, module_id=alpha.id, lesson_slug=slug, version_id=version.id))
    update_completion(done, alpha, version)
    db.session.commit()

    rows = {
        re.sub(r"<[^>]+>", "", row.split("</td>")[0]).strip(): row  # the name, a link to the trainee's detail
        for row in client.get(f"/cohorts/{cohort.id}/participants").text.split("<tr>")[2:]
    }

    assert "Cohort completed" in rows["Aigerim"] and "Certificate of completion issued" in rows["Aigerim"]
    assert "In progress: not completed yet" in rows["Bakyt"] and "0 of 1" in rows["Bakyt"]
    assert "Not started yet" in rows["Chyngyz"]


def test_the_matrix_applies_the_blended_rule_to_each_trainees_cohort_status(client, db, login_as, create_user, publish):
    alpha = lessons_only(publish, "alpha")
    online_only, blended = create_user(Role.TRAINEE, full_name="Asel"), create_user(Role.TRAINEE, full_name="Bolot")
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, [(alpha, True, None)], [online_only, blended], [coordinator], required_sessions=2)
    version = alpha.current_version
    for person in (online_only, blended):
        db.session.add(LessonRead(user_id=person.id, module_id=alpha.id, lesson_slug="01-intro", version_id=version.id))
        update_completion(person, alpha, version)
    db.session.commit()
    attend(db, cohort, blended, sessions=2)

    rows = {row["name"]: row for row in code_rows(client.get(f"/reports/cohorts/{cohort.id}/matrix.xlsx"))}

    assert (rows["Asel"]["cohort_status"], rows["Asel"]["sessions_attended"]) == ("participated", "0")
    assert (rows["Bolot"]["cohort_status"], rows["Bolot"]["sessions_attended"]) == ("completed", "2")
    assert rows["Asel"]["alpha.status"] == rows["Bolot"]["alpha.status"] == "completed"
