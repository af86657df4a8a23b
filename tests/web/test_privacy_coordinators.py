"""Finding F4: enrolling an existing account does not open its history to another cohort's coordinator, staff
accounts cannot be enrolled, and the enrol messages do not tell whether an email has an account."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Cohort, CohortCoordinator, CohortModule, Enrolment
from tests.support.privacy import EMAIL, build_world


@pytest.fixture()
def world(client, create_user, tmp_path):
    return build_world(client, create_user, tmp_path / "modules")


@pytest.fixture()
def second_cohort(db, world, login_as):
    """Another coordinator's cohort assigning the same module; that coordinator is signed in."""
    coordinator = login_as(Role.COORDINATOR)
    cohort = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortModule(cohort_id=cohort.id, module_id=world.module.id))
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
    db.session.commit()
    return cohort


def enrol(client, cohort, email):
    data = {"email": email, "full_name": "Typed Name", "country": "KG", "organisation": ""}
    data |= {"stakeholder_group": "youth_institution", "gender": "", "preferred_language": "ru"}
    return client.post(f"/cohorts/{cohort.id}/participants/new", data=data, follow_redirects=True)


def flashed(response) -> str:
    page = response.get_data(as_text=True)
    start = page.index('role="status"')
    return page[start : page.index("</div>", start)]


def test_the_message_is_the_same_for_an_existing_account_and_a_new_one(client, world, second_cohort):
    existing = flashed(enrol(client, second_cohort, EMAIL))
    new = flashed(enrol(client, second_cohort, "nobody.yet@example.org"))

    assert existing == new
    assert "has been enrolled" in existing and "existing" not in existing.lower() and "new account" not in new


def test_an_enrolled_existing_account_shows_no_attempt_made_before_the_enrolment(client, db, world, second_cohort):
    enrol(client, second_cohort, EMAIL)

    page = client.get(f"/reports/cohorts/{second_cohort.id}/trainees/{world.trainee.id}").get_data(as_text=True)

    assert "No submitted quiz attempt." in page
    db.session.execute(sa.update(Enrolment).values(enrolled_at=world.trainee.created_at))
    db.session.commit()
    page = client.get(f"/reports/cohorts/{second_cohort.id}/trainees/{world.trainee.id}").get_data(as_text=True)
    assert "No submitted quiz attempt." not in page  # attempts since the enrolment do show


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OBSERVER])
def test_staff_accounts_cannot_be_enrolled(client, db, create_user, second_cohort, role):
    staff = create_user(role)

    message = flashed(enrol(client, second_cohort, staff.email))

    assert "staff account" in message
    assert db.session.scalar(sa.select(Enrolment).where(Enrolment.user_id == staff.id)) is None


def test_a_csv_upload_tells_only_how_many_were_enrolled_and_skips_staff(client, db, create_user, world, second_cohort):
    admin = create_user(Role.ADMIN)
    text = "email,full_name,country,organisation,stakeholder_group,gender,language\n"
    text += f"{EMAIL},Z,KG,,youth_institution,,ru\nfresh@example.org,F,KG,,youth_institution,,ru\n"
    text += f"{admin.email},A,KG,,youth_institution,,ru\n"
    data = {"file": (io.BytesIO(text.encode()), "people.csv")}

    response = client.post(
        f"/cohorts/{second_cohort.id}/participants/upload",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "Enrolled: 2." in page and "New accounts" not in page
    assert "Not enrolled, as staff accounts: 1." in page
