"""The `app` fixture itself: each test in a transaction rolled back at its end, the app's sessions in SAVEPOINTs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from learnapp.domain.profiles import Role
from learnapp.models import Cohort, CohortSession, User


def build_shared_data(tmp_path):
    from learnapp.extensions import db

    cohort = Cohort(name="Shared", working_language="en")
    db.session.add(cohort)
    db.session.commit()
    return {"cohort": cohort.id}


pytestmark = pytest.mark.module_data(build=build_shared_data)


def user_emails(db) -> list[str]:
    return list(db.session.scalars(sa.select(User.email).order_by(User.email)))


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_starts_on_empty_tables_whatever_the_previous_one_committed(app, db, create_user, turn):
    assert user_emails(db) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 0
    create_user(Role.TRAINEE, email=f"turn{turn}@example.org")
    db.session.add(Cohort(name=f"Turn {turn}", working_language="en"))
    db.session.commit()
    assert user_emails(db) == [f"turn{turn}@example.org"]


@pytest.mark.parametrize("turn", [1, 2])
def test_ids_start_at_one_in_every_test(db, create_user, turn):
    assert create_user(Role.TRAINEE).id == 1
    cohort = Cohort(name="Almaty workshop", working_language="ru")
    db.session.add(cohort)
    db.session.commit()
    assert cohort.id == 1


def test_the_apps_rollback_returns_to_its_savepoint_and_keeps_what_was_committed(app, db, create_user):
    create_user(Role.TRAINEE, email="kept@example.org")
    with app.app_context():  # a session of its own, as a request or a command has
        db.session.add(User(email="dropped@example.org", full_name="Dropped", role="trainee", country="KZ"))
        db.session.flush()
        db.session.rollback()
        assert user_emails(db) == ["kept@example.org"]
    assert user_emails(db) == ["kept@example.org"]
    assert db.engine.in_transaction(), "the test's outer transaction is still open"


def test_a_failed_statement_in_a_request_leaves_the_test_transaction_usable(app, db, create_user):
    user = create_user(Role.TRAINEE, email="kept@example.org")
    with app.app_context():
        db.session.add(User(email="kept@example.org", full_name="Twin", role="trainee", country="KZ"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    assert user_emails(db) == ["kept@example.org"]
    assert db.session.get(User, user.id).email == "kept@example.org"


def test_what_a_request_commits_is_seen_by_the_test_and_by_the_next_request(client, db, login_as):
    coordinator = login_as(Role.COORDINATOR)
    response = client.post(
        "/cohorts/new", data={"name": "Bishkek seminar", "working_language": "ru", "required_sessions": "0"}
    )
    assert response.status_code == 302, response.text
    assert db.session.scalar(sa.select(Cohort.name)) == "Bishkek seminar"
    assert "Bishkek seminar" in client.get("/cohorts/").text
    assert coordinator.id == 1


def test_foreign_keys_are_enforced(db):
    db.session.add(CohortSession(cohort_id=12345, title="Day 1"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.committing
def test_a_committing_test_gets_a_database_of_its_own_on_an_engine(app, db, create_user):
    assert isinstance(db.engine, sa.Engine)
    create_user(Role.TRAINEE, email="committed@example.org")
    with db.engine.connect() as other:  # a second connection sees the commit
        assert other.scalar(sa.select(User.email)) == "committed@example.org"


@pytest.mark.parametrize("turn", [1, 2])
def test_module_data_is_there_as_built_for_each_test_that_asks_for_it(db, module_data, turn):
    shared = db.session.get(Cohort, module_data["cohort"])
    assert (shared.id, shared.name) == (1, "Shared")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1
    shared.name = f"Renamed in turn {turn}"
    mine = Cohort(name=f"Turn {turn}", working_language="en")
    db.session.add(mine)
    db.session.commit()
    assert mine.id == 2
