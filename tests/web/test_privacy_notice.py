"""The privacy notice: a public page in English and Russian, linked from every footer and the sign-in page, that a
trainee accepts at first sign-in; the version accepted is stored, and a new version asks again."""

from __future__ import annotations

import pytest

from learnapp.domain.profiles import Role
from learnapp.privacy import notice
from tests.conftest import sign_in


def test_the_notice_is_public_in_both_languages_and_says_who_sees_what(client):
    english = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    russian = client.get("/privacy", headers={"Accept-Language": "ru"}).get_data(as_text=True)

    assert "Who sees what" in english and "Observers" in english and "three years" in english
    assert "Кто что видит" in russian and "Наблюдатели" in russian and "три года" in russian
    assert f"Version {notice.NOTICE_VERSION}" in english


def test_the_sign_in_page_and_every_footer_link_to_the_notice(client, login_as):
    assert client.get("/sign-in").get_data(as_text=True).count('href="/privacy"') == 2
    login_as(Role.COORDINATOR)
    for url in ("/", "/account", "/cohorts/"):
        assert 'href="/privacy"' in client.get(url).get_data(as_text=True), url


@pytest.fixture()
def newcomer(create_user):
    """A trainee who has never accepted the notice."""
    return create_user(Role.TRAINEE, notice_version=None)


def test_a_trainee_accepts_the_notice_at_first_sign_in_and_goes_on(client, db, newcomer):
    signed_in = sign_in(client, newcomer.email, next_url="/account")
    assert signed_in.headers["Location"] == "/account"

    asked = client.get("/account")
    assert asked.status_code == 302 and asked.headers["Location"] == "/privacy/accept?next=/account"
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "I have read the privacy notice and accept it" in page and "Who sees what" in page
    assert client.get("/modules/alpha").headers["Location"].startswith("/privacy/accept")

    accepted = client.post("/privacy/accept", data={"next": "/account"})

    assert accepted.headers["Location"] == "/account"
    db.session.refresh(newcomer)
    assert newcomer.notice_version == notice.NOTICE_VERSION and newcomer.notice_accepted_at is not None
    assert client.get("/account").status_code == 200


def test_a_new_version_of_the_notice_asks_again(client, db, login_as, monkeypatch):
    trainee = login_as(Role.TRAINEE)
    assert client.get("/").status_code == 200

    monkeypatch.setattr(notice, "NOTICE_VERSION", notice.NOTICE_VERSION + 1)

    assert client.get("/").headers["Location"] == "/privacy/accept?next=/"
    client.post("/privacy/accept", data={"next": "/"})
    db.session.refresh(trainee)
    assert trainee.notice_version == notice.NOTICE_VERSION


def test_the_acceptance_never_redirects_off_site(client, newcomer):
    sign_in(client, newcomer.email)

    assert client.post("/privacy/accept", data={"next": "//evil.example/"}).headers["Location"] == "/"


def test_before_accepting_a_trainee_may_still_sign_out_and_switch_language(client, newcomer):
    sign_in(client, newcomer.email)

    assert client.post("/language", data={"language": "ru", "next": "/"}).status_code == 302
    assert client.post("/sign-out").headers["Location"] == "/sign-in"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.TRAINER, Role.OBSERVER])
def test_staff_are_not_stopped_by_the_notice(client, create_user, role):
    user = create_user(role, notice_version=None)
    sign_in(client, user.email)

    assert client.get("/account").status_code == 200
