"""The password policy."""

from __future__ import annotations

import pytest

from learnapp.domain.passwords import PasswordProblem, password_problem


@pytest.mark.parametrize("password", ["short", "elevenchars", ""])
def test_passwords_under_twelve_characters_are_refused(password):
    assert password_problem(password) is PasswordProblem.TOO_SHORT


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop12", "iloveyou123456", "123456789012"])
def test_common_passwords_are_refused_even_when_long_enough(password):
    assert password_problem(password) is PasswordProblem.TOO_COMMON


def test_a_password_built_from_the_users_own_name_is_refused():
    assert password_problem("Aigerimova2016", ["aigerimova@example.org", "Aigerimova"]) is PasswordProblem.TOO_COMMON


def test_a_passphrase_of_unrelated_words_is_accepted():
    assert password_problem("river lantern copper tulip") is None


def test_absurdly_long_passwords_are_refused():
    assert password_problem("x" * 257) is PasswordProblem.TOO_LONG
