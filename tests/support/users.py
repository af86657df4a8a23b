"""Making test users: committed, with a known password and any profile field overridden."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from learnapp.accounts.operations import create_user as create_user_operation
from learnapp.domain.profiles import Role, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import User
from learnapp.privacy.notice import NOTICE_VERSION

TEST_PASSWORD = "correct horse battery staple"


def user_factory(first: int = 1) -> Callable[..., User]:
    """``make(role, password, **fields)``: a committed user; emails and names are numbered from `first`.

    Users have accepted the current privacy notice, as returning users have; pass ``notice_version=None`` for one
    who has not (tests/web/test_privacy_notice.py).

    Data shared by a module's tests numbers its users from 1001, so that a test's own users (from 1) never take
    their email addresses.
    """
    numbers = count(first)

    def make(role: Role = Role.TRAINEE, password: str | None = TEST_PASSWORD, **fields: Any) -> User:
        number = next(numbers)
        record = UserRecord(
            email=fields.pop("email", f"{role.value}{number}@example.org"),
            full_name=fields.pop("full_name", f"{role.value.title()} Number{number}"),
            role=role,
            country=fields.pop("country", "KZ"),
            stakeholder_group=fields.pop("stakeholder_group", StakeholderGroup.CIVIL_SOCIETY),
        )
        user = create_user_operation(record, password)
        user.notice_version = NOTICE_VERSION
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()
        return user

    return make
