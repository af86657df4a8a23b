"""The home page."""

from __future__ import annotations

import pytest

from learnapp.domain.profiles import Role


def test_observers_home_greets_them_by_name_with_their_role(client, login_as):
    login_as(Role.OBSERVER, full_name="Gulnara Example")
    page = client.get("/").text
    assert "Welcome, Gulnara Example" in page
    assert "Observer" in page


def test_everyone_who_learns_lands_on_my_learning(client, login_as):
    login_as(Role.COORDINATOR)
    assert "<h1>My learning</h1>" in client.get("/").text


@pytest.mark.parametrize("role", list(Role))
def test_home_page_runs_a_fixed_number_of_statements(client, login_as, create_user, count_queries, role):
    login_as(role)
    for _ in range(20):
        create_user(Role.TRAINEE)
    with count_queries() as counter:
        response = client.get("/")
    assert response.status_code == 200
    # the user; for learners the modules, one statement per progress table and one for their cohorts (no module is
    # published here, so no module content is loaded into the cache)
    expected = 1 if role == Role.OBSERVER else 6
    assert counter.count == expected, counter.statements
