"""Invitation links: made once by a coordinator, used once by the invited person, within 14 days."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Enrolment, Invitation, User
from tests.conftest import TEST_PASSWORD, sign_in
from tests.web.test_cohorts import make_cohort

NEW_PASSWORD = "amber kettle lantern orbit"


@pytest.fixture()
def invited(client, db, login_as, create_user):
    """A participant without a password, and the invitation link their coordinator made; the client signs out."""
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, coordinator)
    person = create_user(password=None, email="aida@example.org", full_name="Aida Bekova")
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
    db.session.commit()
    response = client.post(f"/cohorts/{cohort.id}/participants/{person.id}/invite")
    assert response.status_code == 200
    link = re.search(r'value="(http://localhost/invitations/[^"]+)"', response.text).group(1)
    client.post("/sign-out")
    return person, link.removeprefix("http://localhost")


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"new_password": password, "confirm_password": confirm or password})


def test_only_the_hash_of_the_token_is_stored_and_the_link_expires_in_14_days(db, invited):
    _, path = invited
    token = path.rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(Invitation))
    assert len(token) >= 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(days=13, hours=23) < invitation.expires_at - datetime.now(UTC) <= timedelta(days=14)


def test_the_invited_person_sets_a_password_once_and_is_signed_in(client, db, invited):
    _person, path = invited
    page = client.get(path)
    assert page.status_code == 200
    assert "Aida Bekova" in page.text
    response = set_password(client, path)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/sign-out")
    assert sign_in(client, "aida@example.org", NEW_PASSWORD).status_code == 302


def test_a_used_link_says_so_and_changes_nothing(client, db, invited):
    _person, path = invited
    set_password(client, path)
    client.post("/sign-out")
    again = set_password(client, path, password="another quite long passphrase here")
    assert again.status_code == 410
    assert "already been used" in again.text
    assert sign_in(client, "aida@example.org", NEW_PASSWORD).status_code == 302


def test_an_expired_link_says_so_and_changes_nothing(client, db, invited):
    person, path = invited
    db.session.execute(sa.update(Invitation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    response = set_password(client, path)
    assert response.status_code == 410
    assert "has expired" in response.text
    assert db.session.scalar(sa.select(User.password_hash).where(User.id == person.id)) is None


def test_a_weak_or_mismatched_password_is_refused_and_the_link_still_works(client, db, invited):
    _person, path = invited
    weak = set_password(client, path, password="password")
    assert weak.status_code == 200
    assert "Use at least 12 characters." in weak.text
    personal = set_password(client, path, password="Aida Bekova2016")
    assert "too common or too easy to guess" in personal.text
    mismatch = set_password(client, path, confirm="something else entirely")
    assert "The two new passwords differ." in mismatch.text
    assert db.session.scalar(sa.select(Invitation.used_at)) is None
    assert set_password(client, path).status_code == 302


def test_an_unknown_token_is_not_found(client, db):
    response = client.get("/invitations/" + "x" * 43)
    assert response.status_code == 404
    assert "not valid" in response.text


def test_a_new_link_replaces_the_earlier_one(client, db, invited, create_user):
    person, first = invited
    coordinator = db.session.scalar(sa.select(User).where(User.role == "coordinator"))
    sign_in(client, coordinator.email, TEST_PASSWORD)
    cohort_id = db.session.scalar(sa.select(Enrolment.cohort_id))
    assert client.post(f"/cohorts/{cohort_id}/participants/{person.id}/invite").status_code == 200
    client.post("/sign-out")
    assert client.get(first).status_code == 410


def test_no_link_is_made_for_someone_who_can_already_sign_in(client, db, login_as, create_user):
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, coordinator)
    person = create_user()
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
    db.session.commit()
    response = client.post(f"/cohorts/{cohort.id}/participants/{person.id}/invite")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_no_link_is_made_for_someone_outside_the_cohort(client, db, login_as, create_user):
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, coordinator)
    stranger = create_user(password=None)
    assert client.post(f"/cohorts/{cohort.id}/participants/{stranger.id}/invite").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_the_invitation_page_is_never_cached(client, db, invited):
    _, path = invited
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_the_invitation_page_speaks_the_invitees_language_unless_they_choose_another(client, db, invited):
    person, path = invited
    person.preferred_language = "ru"
    db.session.commit()

    russian = client.get(path, headers={"Accept-Language": "en"}).text
    client.post("/language", data={"language": "en", "next": path})
    english = client.get(path, headers={"Accept-Language": "en"}).text

    assert '<html lang="ru">' in russian and "Aida Bekova" in russian
    assert '<html lang="en">' in english
