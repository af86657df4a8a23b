"""Bad input found by the security test (F1-F8): refused with a message naming what and where, never a 500.

Every test here runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL (which refuses NUL and ids
above 2^31 by itself, so an unguarded path would fail there differently).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Reflection, User
from tests.web.test_cohorts import make_cohort
from tests.web.test_cohorts_participants import HEADER, upload

HUGE = "99999999999999999999"
PROFILE = {
    "full_name": "Aida Bekova",
    "country": "KZ",
    "stakeholder_group": "civil_society",
    "preferred_language": "en",
}


def names(db):
    db.session.expire_all()
    return set(db.session.scalars(sa.select(User.full_name)))


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x0b", "\x7f"])
@pytest.mark.parametrize("field", ["full_name", "organisation"])
def test_a_control_character_in_the_profile_is_refused_and_named(client, db, login_as, field, character):
    login_as(Role.TRAINEE, full_name="Before")
    response = client.post("/account", data={**PROFILE, field: f"Ctl{character}Name"})
    assert response.status_code == 400
    assert f"“{field}”" in response.text and f"U+{ord(character):04X}" in response.text
    assert names(db) == {"Before"}


@pytest.mark.parametrize("value", ["a\tb", "\r=1+1 name", "\n=1+1 name", "two\nlines"])
def test_a_name_or_organisation_stays_on_one_line(client, db, login_as, value):
    login_as(Role.TRAINEE, full_name="Before")
    for field in ("full_name", "organisation"):
        response = client.post("/account", data={**PROFILE, field: value})
        assert response.status_code == 200 and "Write this on one line" in response.text
    assert names(db) == {"Before"}


def test_an_administrator_cannot_store_a_nul_either(client, db, login_as):
    login_as(Role.ADMIN)
    data = {**PROFILE, "email": "nul@example.org", "role": "trainee", "full_name": "Nul\x00Byte"}
    assert client.post("/admin/users/new", data=data).status_code == 400
    assert "Nul\x00Byte" not in names(db)


def test_a_reflection_keeps_its_line_breaks_and_tabs_but_not_a_nul(client, db, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINEE)
    url = "/modules/alpha/lessons/01-intro/answers/first-thoughts"
    assert client.post(url, data={"text": "First line\n\tSecond line"}).status_code == 302
    assert client.post(url, data={"text": "a\x00b"}).status_code == 400
    assert db.session.scalar(sa.select(Reflection.text)) == "First line\n\tSecond line"


@pytest.mark.parametrize(
    "url",
    [
        f"/attempts/{HUGE}",
        f"/reports/cohorts/{HUGE}/matrix",
        f"/reports/cohorts/1/trainees/{HUGE}",
        f"/admin/users/{HUGE}",
        f"/cohorts/{HUGE}",
        "/admin/users/2147483648",
    ],
)
def test_an_id_too_large_for_the_database_is_no_page(client, login_as, url):
    login_as(Role.ADMIN)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/admin/users", "/reports/audit"])
def test_a_page_number_too_large_is_read_as_the_first_page(client, login_as, url):
    login_as(Role.ADMIN)
    assert client.get(f"{url}?page={HUGE}").status_code == 200
    assert client.get(f"{url}?page=-3").status_code == 200


@pytest.fixture()
def mine(db, login_as):
    return make_cohort(db, login_as(Role.COORDINATOR))


def test_an_uploaded_value_over_the_csv_limit_is_reported_not_a_500(client, db, mine):
    response = upload(client, mine, HEADER + f"a@example.org,{'x' * 200_000},,,,,\n")
    assert response.status_code == 400
    assert "line 2, column -: cannot be read as CSV" in response.text
    assert len(names(db)) == 1  # the coordinator only


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (f"a@example.org,{'N' * 201},,,,,", "line 2, column full_name: is longer than 200 characters"),
        (f"a@example.org,Aida,,{'O' * 201},,,", "line 2, column organisation: is longer than 200 characters"),
        ("a@example.org,Nul\x00Byte,,,,,", "line 2, column full_name: contains a control character or line break"),
        ('a@example.org,"two\nlines",,,,,', "column full_name: contains a control character or line break"),
    ],
)
def test_uploaded_names_have_the_forms_limits(client, db, mine, row, problem):
    response = upload(client, mine, HEADER + row + "\n")
    assert response.status_code == 400 and problem in response.text
    assert len(names(db)) == 1


def test_a_request_body_over_two_megabytes_is_refused_with_a_page(client, mine):
    body = "csrf_token=x&name=" + "x" * (3 * 1024 * 1024)
    response = client.post("/cohorts/new", data=body, content_type="application/x-www-form-urlencoded", csrf=False)
    assert response.status_code == 413 and "larger than 2 MB" in response.text


CLI_HEADER = "email,full_name,role,country,organisation,stakeholder_group,gender,language\n"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("x" * 200_000, "line 2, column -: cannot be read as CSV"),
        ("N" * 5_000, "line 2, column full_name: is longer than 200 characters"),
        ("Nul\x00Byte", "line 2, column full_name: contains a control character"),
    ],
)
def test_users_import_reports_bad_names_without_a_traceback(runner, db, tmp_path, name, problem):
    path = tmp_path / "users.csv"
    path.write_text(CLI_HEADER + f"a@example.org,{name},trainee,KZ,,expert,,en\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1 and problem in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert names(db) == set()
