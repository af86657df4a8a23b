"""Administrators manage users and roles."""

from __future__ import annotations

import pytest

from learnapp.domain.profiles import Role
from learnapp.models import User

PROFILE = {
    "country": "KG",
    "organisation": "Ministry",
    "stakeholder_group": "interior",
    "gender": "",
    "preferred_language": "ru",
}


def account_form(**fields):
    return {
        "email": "new.person@example.org",
        "full_name": "New Person",
        "role": "trainer",
        "is_active": "y",
        **PROFILE,
        **fields,
    }


def test_admin_lists_users_filtered_by_role_and_search(client, login_as, create_user):
    login_as(Role.ADMIN)
    create_user(Role.TRAINER, full_name="Farhod Trainer")
    create_user(Role.TRAINEE, full_name="Farida Trainee")
    page = client.get("/admin/users?role=trainer").text
    assert "Farhod Trainer" in page and "Farida Trainee" not in page
    page = client.get("/admin/users?q=farida").text
    assert "Farida Trainee" in page and "Farhod Trainer" not in page


def test_the_user_list_runs_a_fixed_number_of_statements(client, login_as, create_user, count_queries):
    login_as(Role.ADMIN)
    for _ in range(60):
        create_user(Role.TRAINEE)
    with count_queries() as counter:
        page = client.get("/admin/users").text
    assert "Page 1 of 2" in page
    assert counter.count == 3, counter.statements  # the signed-in user, the count, the page


def test_admin_creates_an_account_with_a_role_and_profile(client, db, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/users/new", data=account_form(new_password="amber falcon quiet harbour"))
    assert response.headers["Location"] == "/admin/users"
    user = db.session.scalar(db.select(User).filter_by(email="new.person@example.org"))
    assert (user.role, user.country, user.stakeholder_group, user.preferred_language) == (
        "trainer",
        "KG",
        "interior",
        "ru",
    )
    assert user.password_hash.startswith("$argon2id$")


def test_an_email_in_use_is_refused_in_any_letter_case(client, login_as, create_user):
    login_as(Role.ADMIN)
    existing = create_user(Role.TRAINEE)
    response = client.post("/admin/users/new", data=account_form(email=existing.email.upper()))
    assert response.status_code == 200
    assert "Another account already uses this email." in response.text


def test_a_weak_password_set_by_an_admin_is_refused(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/users/new", data=account_form(new_password="password1234"))
    assert "This password is too common" in response.text


def test_changing_a_role_takes_effect_and_signs_the_user_out(app, client, db, login_as, create_user):
    login_as(Role.ADMIN)
    user = create_user(Role.TRAINEE)
    old_token = user.session_token
    form = account_form(email=user.email, full_name=user.full_name, role="coordinator")
    assert client.post(f"/admin/users/{user.id}", data=form).status_code == 302
    db.session.refresh(user)
    assert user.role == "coordinator"
    assert user.session_token != old_token


def test_an_admin_cannot_demote_or_deactivate_themselves(client, db, login_as):
    admin = login_as(Role.ADMIN)
    form = account_form(email=admin.email, full_name=admin.full_name, role="trainee")
    response = client.post(f"/admin/users/{admin.id}", data=form)
    assert response.status_code == 400
    assert "You cannot change your own role" in response.text
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_editing_a_missing_user_is_404(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/users/99999").status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.OBSERVER])
def test_other_roles_cannot_create_accounts(client, db, login_as, role):
    login_as(role)
    assert client.post("/admin/users/new", data=account_form()).status_code == 403
    assert db.session.scalar(db.select(User).filter_by(email="new.person@example.org")) is None


def test_a_role_change_is_logged_with_the_acting_administrator(client, login_as, create_user, caplog):
    admin = login_as(Role.ADMIN)
    user = create_user(Role.TRAINEE)
    form = account_form(email=user.email, full_name=user.full_name, role="coordinator")
    with caplog.at_level("INFO", logger="learnapp.accounts.operations"):
        client.post(f"/admin/users/{user.id}", data=form)
    assert f"Account {user.id}: role trainee → coordinator, by user {admin.id}" in caplog.text
    assert user.email not in caplog.text
