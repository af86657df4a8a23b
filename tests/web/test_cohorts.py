"""Cohorts: creating and editing them, assigning modules, and who may see which cohort."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Cohort, CohortCoordinator, CohortModule, CohortSession, Enrolment


def make_cohort(db, *coordinators, name="Bishkek workshop", required_sessions=0):
    cohort = Cohort(name=name, working_language="ru", required_sessions=required_sessions)
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(CohortCoordinator(cohort_id=cohort.id, user_id=user.id) for user in coordinators)
    db.session.commit()
    return cohort


def cohort_form(**values):
    data = {"name": "Almaty workshop", "starts_on": "2026-03-02", "ends_on": "2026-03-06", "place": "Almaty"}
    data |= {"working_language": "ru", "required_sessions": "2"}
    return data | values


def test_a_coordinator_who_creates_a_cohort_coordinates_it_and_sees_it_listed(client, db, login_as):
    me = login_as(Role.COORDINATOR)
    response = client.post("/cohorts/new", data=cohort_form())
    cohort = db.session.scalar(sa.select(Cohort))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/cohorts/{cohort.id}"
    assert (cohort.name, cohort.place, cohort.required_sessions) == ("Almaty workshop", "Almaty", 2)
    assert db.session.scalars(sa.select(CohortCoordinator.user_id)).all() == [me.id]
    assert "Almaty workshop" in client.get("/cohorts/").text


def test_a_cohort_cannot_end_before_it_starts(client, db, login_as):
    login_as(Role.COORDINATOR)
    response = client.post("/cohorts/new", data=cohort_form(starts_on="2026-03-06", ends_on="2026-03-02"))
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.text
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == 0


def test_an_administrator_names_coordinators_by_email(client, db, login_as, create_user):
    login_as(Role.ADMIN)
    coordinator = create_user(Role.COORDINATOR, email="lead@example.org")
    response = client.post("/cohorts/new", data=cohort_form(coordinator_emails="LEAD@example.org\n"))
    assert response.status_code == 302
    assert db.session.scalars(sa.select(CohortCoordinator.user_id)).all() == [coordinator.id]


def test_an_administrator_is_told_which_coordinator_emails_are_unknown(client, db, login_as, create_user):
    login_as(Role.ADMIN)
    create_user(Role.TRAINEE, email="trainee@example.org")
    response = client.post("/cohorts/new", data=cohort_form(coordinator_emails="trainee@example.org"))
    assert "No coordinator account has this email: trainee@example.org" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == 0


def test_a_coordinator_cannot_name_other_coordinators(client, db, login_as, create_user):
    me = login_as(Role.COORDINATOR)
    other = create_user(Role.COORDINATOR)
    assert "coordinator_emails" not in client.get("/cohorts/new").text
    client.post("/cohorts/new", data=cohort_form(coordinator_emails=other.email))
    assert db.session.scalars(sa.select(CohortCoordinator.user_id)).all() == [me.id]


def test_editing_a_cohort_saves_its_facts(client, db, login_as):
    me = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, me)
    response = client.post(f"/cohorts/{cohort.id}/edit", data=cohort_form(name="Dushanbe", working_language="en"))
    assert response.status_code == 302
    db.session.refresh(cohort)
    assert (cohort.name, cohort.working_language, str(cohort.ends_on)) == ("Dushanbe", "en", "2026-03-06")


def test_the_list_shows_a_coordinator_only_their_own_cohorts_and_an_administrator_all(
    client, db, login_as, create_user
):
    me = login_as(Role.COORDINATOR)
    make_cohort(db, me, name="Mine")
    make_cohort(db, create_user(Role.COORDINATOR), name="Theirs")
    page = client.get("/cohorts/").text
    assert "Mine" in page
    assert "Theirs" not in page


def cohort_urls(cohort_id, user_id, session_id):
    gets = ["", "/edit", "/participants", "/participants/new", "/participants/upload", "/sessions"]
    gets.append(f"/sessions/{session_id}")
    posts = ["", "/edit", "/modules/1/unassign", "/participants/new", "/participants/upload"]
    posts += [f"/participants/{user_id}/invite", "/sessions", f"/sessions/{session_id}", "/certificates"]
    base = f"/cohorts/{cohort_id}"
    return [("GET", base + path) for path in gets] + [("POST", base + path) for path in posts]


def test_a_coordinator_of_another_cohort_gets_404_on_every_cohort_url(client, db, login_as, create_user):
    me = login_as(Role.COORDINATOR)
    make_cohort(db, me, name="Mine")
    theirs = make_cohort(db, create_user(Role.COORDINATOR), name="Theirs")
    trainee = create_user(Role.TRAINEE, password=None)
    db.session.add(Enrolment(cohort_id=theirs.id, user_id=trainee.id))
    session = CohortSession(cohort_id=theirs.id, title="Day 1")
    db.session.add(session)
    db.session.commit()
    for method, url in cohort_urls(theirs.id, trainee.id, session.id):
        response = client.post(url, data={"name": "Taken"}) if method == "POST" else client.get(url)
        assert response.status_code == 404, (method, url)
    assert db.session.scalar(sa.select(Cohort.name).where(Cohort.id == theirs.id)) == "Theirs"


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.TRAINER, Role.OBSERVER])
def test_trainees_trainers_and_observers_get_403_on_cohort_pages(client, db, login_as, create_user, role):
    cohort = make_cohort(db, create_user(Role.COORDINATOR))
    login_as(role)
    for url in ["/cohorts/", "/cohorts/new", f"/cohorts/{cohort.id}", f"/cohorts/{cohort.id}/participants"]:
        assert client.get(url).status_code == 403, url
    assert client.post("/cohorts/new", data=cohort_form()).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Cohort.id))) == 1


def test_a_published_module_is_assigned_with_a_due_date_and_can_be_unassigned(client, db, login_as, publish):
    module = publish("alpha")
    me = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, me)
    data = {"module_ids": str(module.id), "is_required": "", "due_on": "2026-04-01"}
    response = client.post(f"/cohorts/{cohort.id}", data=data)
    assert response.status_code == 302
    link = db.session.scalar(sa.select(CohortModule))
    assert (link.module_id, link.is_required, str(link.due_on)) == (module.id, False, "2026-04-01")
    page = client.get(f"/cohorts/{cohort.id}").text
    assert 'value="2026-04-01"' in page
    unassign = f"/cohorts/{cohort.id}/modules/{module.id}/unassign"
    assert f'<a href="{unassign}">Unassign' in page and 'method="post" action="' + unassign not in page
    confirm = client.get(unassign).text
    assert "Unassign “Module alpha”?" in confirm and 'method="post"' in confirm
    assert db.session.scalar(sa.select(sa.func.count(CohortModule.id))) == 1  # asking changes nothing
    client.post(unassign)
    assert db.session.scalar(sa.select(sa.func.count(CohortModule.id))) == 0
    assert client.get(unassign).status_code == 404


def test_only_a_published_module_can_be_assigned(client, db, login_as, publish):
    publish("alpha")
    me = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, me)
    response = client.post(f"/cohorts/{cohort.id}", data={"module_ids": "999", "is_required": "y"})
    assert response.status_code == 400
    assert "not a valid choice" in response.text
    assert db.session.scalar(sa.select(sa.func.count(CohortModule.id))) == 0


def assigned(db):
    rows = db.session.execute(sa.select(CohortModule.module_id, CohortModule.is_required, CohortModule.due_on))
    return {module_id: (is_required, due_on and str(due_on)) for module_id, is_required, due_on in rows}


def test_several_modules_are_assigned_at_once_with_one_required_flag_and_due_date(client, db, login_as, publish):
    alpha, beta, gamma = publish("alpha"), publish("beta", order=2), publish("gamma", order=3)
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    page = client.get(f"/cohorts/{cohort.id}").text
    assert page.count('name="module_ids" type="checkbox"') == 3 and 'name="select_all"' in page

    data = {"module_ids": [str(alpha.id), str(gamma.id)], "due_on": "2026-05-01"}
    response = client.post(f"/cohorts/{cohort.id}", data=data)

    assert response.status_code == 302
    assert assigned(db) == {alpha.id: (False, "2026-05-01"), gamma.id: (False, "2026-05-01")}
    assert "2 modules have been assigned." in client.get(response.headers["Location"]).text
    assert beta.id not in assigned(db)


def test_all_ticked_assigns_every_module_not_yet_assigned_without_javascript(client, db, login_as, publish):
    alpha, beta = publish("alpha"), publish("beta", order=2)
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    client.post(f"/cohorts/{cohort.id}", data={"module_ids": str(alpha.id), "due_on": "2026-05-01"})

    response = client.post(f"/cohorts/{cohort.id}", data={"select_all": "y", "is_required": "y"})

    assert response.status_code == 302
    assert assigned(db) == {alpha.id: (False, "2026-05-01"), beta.id: (True, None)}  # alpha is left as it was
    assert "Every published module is assigned." in client.get(f"/cohorts/{cohort.id}").text


def test_assigning_nothing_says_to_tick_a_module(client, db, login_as, publish):
    publish("alpha")
    cohort = make_cohort(db, login_as(Role.COORDINATOR))

    response = client.post(f"/cohorts/{cohort.id}", data={"is_required": "y"})

    assert response.status_code == 400
    assert "Tick at least one module, or “all”." in response.text
    assert assigned(db) == {}


def test_a_due_date_outside_the_cohorts_dates_is_refused_when_assigning(client, db, login_as, publish):
    alpha = publish("alpha")
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    cohort.starts_on, cohort.ends_on = date(2027, 1, 10), date(2027, 6, 30)
    db.session.commit()

    response = client.post(f"/cohorts/{cohort.id}", data={"module_ids": str(alpha.id), "due_on": "2027-07-01"})

    assert response.status_code == 400
    assert "The date must fall within the cohort's dates (Jan 10, 2027 – Jun 30, 2027)." in response.text
    assert assigned(db) == {}


def test_the_required_flag_and_due_date_are_edited_in_place_on_the_cohort_page(client, db, login_as, publish):
    alpha, beta = publish("alpha"), publish("beta", order=2)
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    client.post(f"/cohorts/{cohort.id}", data={"select_all": "y", "is_required": "y"})
    page = client.get(f"/cohorts/{cohort.id}").text
    row_form = f'action="/cohorts/{cohort.id}/modules/{alpha.id}"'
    assert row_form in page and f'form="assignment-{alpha.id}"' in page

    prefix = f"module-{alpha.id}-"
    response = client.post(f"/cohorts/{cohort.id}/modules/{alpha.id}", data={f"{prefix}due_on": "2026-09-30"})

    assert response.status_code == 302
    assert assigned(db) == {alpha.id: (False, "2026-09-30"), beta.id: (True, None)}
    assert "“Module alpha” has been saved." in client.get(f"/cohorts/{cohort.id}").text


def test_an_in_place_due_date_outside_the_cohort_is_refused_beside_its_row(client, db, login_as, publish):
    alpha = publish("alpha")
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    cohort.starts_on, cohort.ends_on = date(2027, 1, 10), date(2027, 6, 30)
    db.session.commit()
    client.post(f"/cohorts/{cohort.id}", data={"module_ids": str(alpha.id), "is_required": "y"})

    data = {f"module-{alpha.id}-is_required": "y", f"module-{alpha.id}-due_on": "2027-01-09"}
    response = client.post(f"/cohorts/{cohort.id}/modules/{alpha.id}", data=data)

    assert response.status_code == 400
    assert f'id="module-{alpha.id}-due_on-errors"' in response.text
    assert "The date must fall within the cohort's dates" in response.text
    assert assigned(db) == {alpha.id: (True, None)}


def test_a_module_not_assigned_to_the_cohort_cannot_be_edited_in_place(client, db, login_as, publish):
    alpha = publish("alpha")
    cohort = make_cohort(db, login_as(Role.COORDINATOR))

    response = client.post(f"/cohorts/{cohort.id}/modules/{alpha.id}", data={f"module-{alpha.id}-is_required": "y"})

    assert response.status_code == 404
    assert assigned(db) == {}


def test_the_cohort_page_runs_as_many_statements_for_six_assigned_modules_as_for_two(
    client, db, login_as, publish, count_queries
):
    modules = [publish(f"m{number}", order=number) for number in range(1, 7)]
    cohort = make_cohort(db, login_as(Role.COORDINATOR))
    counts = []
    for chosen in (modules[:2], modules[2:]):
        client.post(f"/cohorts/{cohort.id}", data={"module_ids": [str(module.id) for module in chosen]})
        client.get(f"/cohorts/{cohort.id}")
        with count_queries() as counter:
            assert client.get(f"/cohorts/{cohort.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
