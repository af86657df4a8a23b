"""Password reset (D-1): links made by a coordinator for trainees of their cohorts, by an administrator for anyone,
or asked for by email when email is set up; single use, 24 hours, stored hashed, spent by signing in."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Enrolment, PasswordReset
from tests.conftest import TEST_PASSWORD, sign_in
from tests.support.mail import MAIL, outbox
from tests.web.test_cohorts import make_cohort

__all__ = ["outbox"]

NEW_PASSWORD = "amber kettle lantern orbit"
LINK = re.compile(r"http://localhost(/reset-password/[A-Za-z0-9_-]+)")


def enrolled(db, create_user, coordinator, **fields):
    cohort = make_cohort(db, coordinator)
    person = create_user(**fields)
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
    db.session.commit()
    return cohort, person


def link_in(text):
    return LINK.search(text).group(1)


def choose(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm_password": password})


@pytest.fixture()
def issued(client, db, login_as, create_user):
    """A trainee of a coordinator's cohort and the reset link the coordinator made; the client signs out."""
    coordinator = login_as(Role.COORDINATOR)
    cohort, person = enrolled(db, create_user, coordinator, email="aida@example.org", full_name="Aida Bekova")
    assert "Make a password reset link" in client.get(f"/cohorts/{cohort.id}/participants").text
    response = client.post(f"/cohorts/{cohort.id}/participants/{person.id}/reset-link")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    client.post("/sign-out")
    return person, link_in(response.text)


def test_a_coordinator_makes_a_link_with_which_the_trainee_chooses_a_new_password_once(client, db, issued):
    person, path = issued
    page = client.get(path)
    assert page.status_code == 200 and "aida@example.org" in page.text
    assert choose(client, path).headers["Location"] == "/"
    client.post("/sign-out")
    assert sign_in(client, person.email, TEST_PASSWORD).status_code == 200
    assert sign_in(client, person.email, NEW_PASSWORD).status_code == 302
    client.post("/sign-out")
    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.text
    assert choose(client, path, "other kettle lantern orbit words").status_code == 410


def test_only_the_hash_is_stored_and_the_link_lasts_24_hours(db, issued):
    _, path = issued
    token = path.rsplit("/", 1)[1]
    reset = db.session.scalar(sa.select(PasswordReset))
    assert len(token) >= 43 and reset.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert timedelta(hours=23, minutes=59) < reset.expires_at - datetime.now(UTC) <= timedelta(hours=24)


def test_an_expired_link_says_so(client, db, issued):
    _, path = issued
    db.session.execute(sa.update(PasswordReset).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 410 and "expired" in response.text


def test_signing_in_with_the_old_password_spends_the_link(client, db, issued):
    person, path = issued
    assert sign_in(client, person.email).status_code == 302
    client.post("/sign-out")
    assert client.get(path).status_code == 410


def test_a_new_link_spends_the_earlier_one_and_a_made_up_one_is_not_found(client, db, login_as, create_user):
    coordinator = login_as(Role.COORDINATOR)
    cohort, person = enrolled(db, create_user, coordinator)
    first = link_in(client.post(f"/cohorts/{cohort.id}/participants/{person.id}/reset-link").text)
    second = link_in(client.post(f"/cohorts/{cohort.id}/participants/{person.id}/reset-link").text)
    client.post("/sign-out")
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200
    assert client.get("/reset-password/made-up").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.TRAINER, Role.OBSERVER])
def test_a_coordinator_cannot_make_a_link_for_staff_enrolled_in_their_cohort(client, db, login_as, create_user, role):
    coordinator = login_as(Role.COORDINATOR)
    cohort, staff = enrolled(db, create_user, coordinator, role=role)
    assert "Make a password reset link" not in client.get(f"/cohorts/{cohort.id}/participants").text
    assert client.post(f"/cohorts/{cohort.id}/participants/{staff.id}/reset-link").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0


def test_a_coordinator_cannot_make_a_link_for_a_trainee_of_another_cohort(client, db, login_as, create_user):
    mine = make_cohort(db, login_as(Role.COORDINATOR))
    _, theirs = enrolled(db, create_user, create_user(Role.COORDINATOR))
    assert client.post(f"/cohorts/{mine.id}/participants/{theirs.id}/reset-link").status_code == 404


def test_an_administrator_makes_a_link_for_any_account(client, db, login_as, create_user):
    login_as(Role.ADMIN)
    coordinator = create_user(Role.COORDINATOR)
    assert "Make a password reset link" in client.get(f"/admin/users/{coordinator.id}").text
    response = client.post(f"/admin/users/{coordinator.id}/reset-link")
    assert response.status_code == 200 and f"/admin/users/{coordinator.id}" in response.text
    client.post("/sign-out")
    assert choose(client, link_in(response.text)).status_code == 302


def test_without_email_the_forgotten_password_page_says_to_ask_the_coordinator(client, db, create_user):
    assert 'href="/forgot-password"' in client.get("/sign-in").text
    page = client.get("/forgot-password").text
    assert "Ask your programme coordinator for a reset link" in page and 'name="email"' not in page
    create_user(email="aida@example.org")
    client.post("/forgot-password", data={"email": "aida@example.org"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0


def without_tokens(html):
    """The page without its CSRF tokens (each form's, and the page's meta tag's): they carry the time."""
    return re.sub(r"<(input|meta)[^>]*csrf[^>]*>", "", html)


@pytest.mark.app_config(**MAIL)
def test_with_email_a_trainee_asks_for_a_link_and_the_answer_never_tells_whether_the_account_exists(
    client, db, create_user, outbox
):
    create_user(email="aida@example.org", preferred_language="ru")
    known = client.post("/forgot-password", data={"email": "Aida@example.org"}, follow_redirects=True)
    unknown = client.post("/forgot-password", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert without_tokens(known.text) == without_tokens(unknown.text)
    assert "If an account uses this address" in known.text
    assert [message["To"] for message in outbox] == ["aida@example.org"]
    body = outbox[0].get_content()
    assert "пароль" in outbox[0]["Subject"]  # in the account's language, whatever the page's
    assert choose(client, link_in(body)).status_code == 302


@pytest.mark.app_config(**MAIL)
def test_with_email_a_coordinators_link_is_also_sent_to_the_trainee(client, db, login_as, create_user, outbox):
    coordinator = login_as(Role.COORDINATOR)
    cohort, person = enrolled(db, create_user, coordinator)
    page = client.post(f"/cohorts/{cohort.id}/participants/{person.id}/reset-link").text
    assert "The link has also been sent" in page
    assert link_in(outbox[0].get_content()) == link_in(page)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RESET_REQUEST_RATE_LIMIT="2 per minute", **MAIL)
def test_asking_for_links_is_rate_limited(client, outbox):
    codes = [client.post("/forgot-password", data={"email": f"x{n}@example.org"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
