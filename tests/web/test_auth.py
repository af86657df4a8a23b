"""Signing in and out, sessions, lockout, passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from learnapp.domain.profiles import Role
from tests.conftest import TEST_PASSWORD, sign_in

FAILURE_MESSAGE = "The email or password is not right, or the account is locked."


def test_signing_in_lands_on_the_home_page(client, create_user):
    user = create_user(Role.TRAINEE)
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "<h1>My learning</h1>" in client.get("/").text


def test_signing_in_follows_a_local_next(client, create_user):
    user = create_user(Role.ADMIN)
    response = sign_in(client, user.email, next_url="/admin/users?role=trainee")
    assert response.headers["Location"] == "/admin/users?role=trainee"


@pytest.mark.parametrize("hostile", ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:x"])
def test_signing_in_never_follows_next_to_another_site(client, create_user, hostile):
    user = create_user(Role.TRAINEE)
    assert sign_in(client, user.email, next_url=hostile).headers["Location"] == "/"


def test_a_protected_page_sends_visitors_to_sign_in_and_back(client, create_user):
    user = create_user(Role.TRAINEE)
    response = client.get("/account")
    assert response.headers["Location"] == "/sign-in?next=/account"
    page = client.get(response.headers["Location"]).text
    assert 'name="next" type="hidden" value="/account"' in page
    assert sign_in(client, user.email, next_url="/account").headers["Location"] == "/account"


def test_wrong_password_unknown_account_and_locked_account_get_the_same_answer(app, client, create_user):
    user = create_user(Role.TRAINEE)
    wrong = sign_in(client, user.email, "not the right password")
    unknown = sign_in(client, "nobody@example.org", "not the right password")
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        sign_in(client, user.email, "not the right password")
    locked = sign_in(client, user.email, TEST_PASSWORD)
    for response in (wrong, unknown, locked):
        assert response.status_code == 200
        assert FAILURE_MESSAGE in response.text


def test_an_account_is_locked_after_repeated_failures_and_unlocks_later(app, client, db, create_user):
    user = create_user(Role.TRAINEE)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        sign_in(client, user.email, "not the right password")
    db.session.refresh(user)
    assert user.locked_until is not None
    assert sign_in(client, user.email).status_code == 200
    user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, user.email).status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, db, create_user):
    user = create_user(Role.TRAINEE, is_active=False)
    assert FAILURE_MESSAGE in sign_in(client, user.email).text


def test_an_account_without_a_password_cannot_sign_in(client, create_user):
    user = create_user(Role.TRAINEE, password=None)
    assert FAILURE_MESSAGE in sign_in(client, user.email, "any password at all").text


def test_sign_in_starts_a_fresh_session(client, create_user):
    user = create_user(Role.TRAINEE)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_is_a_post_and_ends_the_session(client, login_as):
    login_as(Role.TRAINEE)
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").headers["Location"] == "/sign-in"
    assert client.get("/").status_code == 302


def replay(app, cookie_value):
    """A second browser that presents a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("learnapp_session", cookie_value)
    return thief.get("/")


def test_a_copied_session_cookie_is_refused_after_sign_out(app, client, login_as):
    login_as(Role.TRAINEE)
    copied = client.get_cookie("learnapp_session").value
    assert replay(app, copied).status_code == 200
    client.post("/sign-out")
    assert replay(app, copied).status_code == 302


def test_a_copied_session_cookie_is_refused_after_a_password_change(app, client, login_as):
    login_as(Role.TRAINEE)
    copied = client.get_cookie("learnapp_session").value
    response = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": "amber falcon quiet harbour",
            "confirm_password": "amber falcon quiet harbour",
        },
    )
    assert response.headers["Location"] == "/account"
    assert client.get("/").status_code == 200, "the device that changed the password stays signed in"
    assert replay(app, copied).status_code == 302


def test_a_copied_session_cookie_is_refused_after_deactivation(app, client, db, login_as, create_user):
    victim = create_user(Role.TRAINEE)
    victim_browser = app.test_client()
    sign_in(victim_browser, victim.email)
    copied = victim_browser.get_cookie("learnapp_session").value
    login_as(Role.ADMIN)
    data = {
        "email": victim.email,
        "full_name": victim.full_name,
        "role": "trainee",
        "country": "KZ",
        "organisation": "",
        "stakeholder_group": "civil_society",
        "gender": "",
        "preferred_language": "en",
    }
    assert client.post(f"/admin/users/{victim.id}", data=data).status_code == 302
    assert replay(app, copied).status_code == 302


def test_changing_password_needs_the_current_one(client, login_as):
    login_as(Role.TRAINEE)
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "amber falcon quiet harbour",
            "confirm_password": "amber falcon quiet harbour",
        },
    )
    assert "The current password is not right." in response.text


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short", "Use at least 12 characters."),
        ("password1234", "This password is too common or too easy to guess."),
    ],
)
def test_weak_new_passwords_are_refused_with_a_reason(client, login_as, new_password, message):
    login_as(Role.TRAINEE)
    response = client.post(
        "/account/password",
        data={"current_password": TEST_PASSWORD, "new_password": new_password, "confirm_password": new_password},
    )
    assert message in response.text


def test_passwords_are_stored_as_argon2id_hashes(create_user):
    user = create_user(Role.TRAINEE)
    assert user.password_hash.startswith("$argon2id$")
    assert TEST_PASSWORD not in user.password_hash


def test_a_user_edits_their_own_profile(client, db, login_as):
    user = login_as(Role.TRAINEE)
    data = {
        "full_name": "Nodira Example",
        "country": "TJ",
        "organisation": "Women's Forum",
        "stakeholder_group": "civil_society",
        "gender": "female",
        "preferred_language": "ru",
    }
    assert client.post("/account", data=data).status_code == 302
    db.session.refresh(user)
    assert (user.full_name, user.country, user.gender, user.preferred_language) == (
        "Nodira Example",
        "TJ",
        "female",
        "ru",
    )


def test_a_profile_with_an_unknown_country_is_refused_with_a_message(client, login_as):
    login_as(Role.TRAINEE)
    data = {"full_name": "X", "country": "FR", "stakeholder_group": "expert", "gender": "", "preferred_language": "en"}
    response = client.post("/account", data=data)
    assert response.status_code == 200
    assert "Not a valid choice" in response.text


def test_a_lockout_is_logged_for_the_operator_with_the_account_id_only(app, client, create_user, caplog):
    user = create_user(Role.TRAINEE)
    with caplog.at_level("WARNING", logger="learnapp.auth.operations"):
        for _ in range(app.config["LOCKOUT_THRESHOLD"]):
            sign_in(client, user.email, "not the right password")
    [record] = [record for record in caplog.records if "locked" in record.getMessage()]
    assert f"account {user.id} locked" in record.getMessage()
    assert user.email not in caplog.text and "not the right password" not in caplog.text
