"""`flask users create` and `flask users import`."""

from __future__ import annotations

import sqlalchemy as sa

from learnapp.models import Attendance, Cohort, Enrolment, Module, User

HEADER = "email,full_name,role,country,organisation,stakeholder_group,gender,language\n"


def count_users(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_create_makes_an_account_that_can_sign_in(runner, db, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "coordinator",
            "--email",
            "Coord@Example.org",
            "--name",
            "Coordinator One",
            "--country",
            "TJ",
            "--password",
            "amber falcon quiet harbour",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created coordinator coord@example.org." in result.output
    response = client.post("/sign-in", data={"email": "coord@example.org", "password": "amber falcon quiet harbour"})
    assert response.status_code == 302


def test_create_refuses_a_weak_password_and_a_duplicate_email(runner, db, create_user):
    weak = runner.invoke(
        args=["users", "create", "--email", "a@example.org", "--name", "A", "--password", "password1234"]
    )
    assert weak.exit_code == 2
    assert "the password is too common" in weak.output
    existing = create_user()
    duplicate = runner.invoke(
        args=["users", "create", "--email", existing.email, "--name", "B", "--password", "amber falcon quiet harbour"]
    )
    assert duplicate.exit_code == 2
    assert "already exists" in duplicate.output


def test_create_refuses_an_unknown_country(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--country",
            "FR",
            "--password",
            "amber falcon quiet harbour",
        ]
    )
    assert result.exit_code == 2
    assert "'FR' is not one of KZ" in result.output
    assert count_users(db) == 0


def test_import_creates_every_account_in_the_file(runner, db, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text(
        HEADER + "a@example.org,Aida,trainee,KZ,NGO,civil_society,female,ru\n"
        "b@example.org,Bakyt,trainer,KG,,expert,male,en\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 account(s)" in result.output
    emails = set(db.session.scalars(sa.select(User.email)))
    assert emails == {"a@example.org", "b@example.org"}


def test_import_with_one_bad_row_reports_it_and_imports_nothing(runner, db, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text(
        HEADER + "a@example.org,Aida,trainee,KZ,NGO,civil_society,female,ru\n"
        "b@example.org,Bakyt,wizard,KG,,expert,male,en\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}: line 3, column role: 'wizard' is not one of" in result.output
    assert "nothing was imported" in result.output
    assert count_users(db) == 0


def test_import_of_a_file_that_is_not_utf8_says_so(runner, db, tmp_path):
    path = tmp_path / "users.csv"
    path.write_bytes(HEADER.encode() + "a@example.org,Айдар\n".encode("cp1251"))
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output
    assert count_users(db) == 0


def test_demo_seed_is_idempotent_and_enrols_the_trainee_in_a_demo_cohort(runner, db, publish):
    publish("alpha")
    first = runner.invoke(args=["demo", "seed"])
    second = runner.invoke(args=["demo", "seed"])
    assert "5 created" in first.output
    assert "0 created, 5 already there" in second.output
    assert count_users(db) == 5
    assert set(db.session.scalars(sa.select(User.role))) == {"trainee", "trainer", "coordinator", "observer", "admin"}
    cohort = db.session.scalar(sa.select(Cohort))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1
    enrolled = db.session.scalars(
        sa.select(User.email).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.cohort_id == cohort.id)
    ).all()
    assert enrolled == ["trainee@example.org"]
    assert [assignment.module_id for assignment in cohort.modules] == [db.session.scalar(sa.select(Module.id))]
    # blended: two sessions required, the trainee attended the opening one (once, however often seed runs)
    attended = db.session.scalars(sa.select(Attendance.user_id).where(Attendance.is_present.is_(True))).all()
    assert (cohort.required_sessions, attended) == (2, [enrolled_id(db)])


def enrolled_id(db):
    return db.session.scalar(sa.select(User.id).filter_by(email="trainee@example.org"))


def test_set_password_is_prompted_and_lets_an_imported_account_sign_in(runner, db, client, create_user):
    user = create_user(password=None)
    result = runner.invoke(args=["users", "set-password", user.email.upper()], input="amber falcon quiet harbour\n" * 2)
    assert result.exit_code == 0, result.output
    assert "amber falcon" not in result.output
    response = client.post("/sign-in", data={"email": user.email, "password": "amber falcon quiet harbour"})
    assert response.status_code == 302


def test_set_password_refuses_a_weak_password_and_an_unknown_account(runner, db, create_user):
    user = create_user()
    weak = runner.invoke(args=["users", "set-password", user.email], input="password\npassword\n")
    assert weak.exit_code != 0
    assert "nothing was changed" in weak.output
    unknown = runner.invoke(args=["users", "set-password", "nobody@example.org"])
    assert unknown.exit_code != 0
    assert "there is no account with nobody@example.org" in unknown.output


def test_invite_prints_a_one_time_link_that_sets_the_password(runner, db, client, create_user):
    user = create_user(password=None)
    result = runner.invoke(args=["users", "invite", user.email, "--base-url", "https://learn.example.org"])
    assert result.exit_code == 0, result.output
    link = next(line for line in result.output.splitlines() if line.startswith("https://learn.example.org/"))
    path = link.removeprefix("https://learn.example.org")
    form = {"new_password": "amber falcon quiet harbour", "confirm_password": "amber falcon quiet harbour"}
    assert client.post(path, data=form).status_code == 302
    assert client.get(path).status_code == 410


def test_invite_refuses_an_account_that_can_already_sign_in(runner, db, create_user):
    user = create_user()
    result = runner.invoke(args=["users", "invite", user.email, "--base-url", "https://learn.example.org"])
    assert result.exit_code != 0
    assert "can already sign in" in result.output
