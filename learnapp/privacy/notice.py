"""The privacy notice's version, and who must accept it before using the platform.

Raise `NOTICE_VERSION` (and `NOTICE_DATE`) when the notice changes in substance: every trainee is asked to accept it
again at their next page. The text itself is in `templates/privacy/notice_<language>.html`.
"""

from __future__ import annotations

from datetime import date

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import User
from learnapp.models.types import utcnow

NOTICE_VERSION = 1
NOTICE_DATE = date(2026, 12, 7)


def needs_to_accept(user: User) -> bool:
    """True for a trainee who has not accepted the current version of the notice."""
    return user.role == Role.TRAINEE and user.notice_version != NOTICE_VERSION


def accept_notice(user: User) -> None:
    """Record that `user` accepted the current notice, and when."""
    user.notice_version = NOTICE_VERSION
    user.notice_accepted_at = utcnow()
    db.session.flush()
