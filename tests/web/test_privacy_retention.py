"""Retention: `flask privacy purge` is a dry run unless told `--apply`; it anonymises accounts inactive for longer
than LEARNAPP_RETENTION_MONTHS and deletes audit entries older than LEARNAPP_AUDIT_RETENTION_MONTHS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from config import TestConfig
from learnapp.domain.profiles import Role
from learnapp.domain.retention import months_before
from learnapp.models import AuditEvent, User

NOW = datetime.now(UTC)


@pytest.fixture()
def accounts(db, create_user):
    """An account last seen 37 months ago, one never signed in since its creation 40 months ago, a recent one, and an
    administrator last seen 5 years ago; an audit entry of 25 months ago and one of last week."""
    stale = create_user(last_sign_in_at=NOW - timedelta(days=37 * 31), organisation="Old Org")
    never = create_user(created_at=NOW - timedelta(days=40 * 31))
    recent = create_user(last_sign_in_at=NOW - timedelta(days=30))
    admin = create_user(Role.ADMIN, last_sign_in_at=NOW - timedelta(days=5 * 365))
    db.session.add_all(
        [
            AuditEvent(user_id=admin.id, action="report.view", target="old", created_at=NOW - timedelta(days=25 * 31)),
            AuditEvent(user_id=admin.id, action="report.view", target="new", created_at=NOW - timedelta(days=7)),
        ]
    )
    db.session.commit()
    return {"stale": stale, "never": never, "recent": recent, "admin": admin}


def erased(db, user) -> bool:
    db.session.expire_all()
    return db.session.get(User, user.id).erased_at is not None


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(runner, db, accounts):
    result = runner.invoke(args=["privacy", "purge"])

    assert result.exit_code == 0, result.output
    ids = sorted([accounts["stale"].id, accounts["never"].id])
    assert "Would anonymise 2 account(s)" in result.output and f"{ids[0]}, {ids[1]}." in result.output
    assert "Would delete 1 audit entr(ies)" in result.output and "Dry run" in result.output
    assert not any(erased(db, user) for user in accounts.values())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 2


def test_apply_anonymises_inactive_accounts_and_deletes_old_audit_entries(runner, db, accounts):
    result = runner.invoke(args=["privacy", "purge", "--apply"])

    assert result.exit_code == 0, result.output
    assert erased(db, accounts["stale"]) and erased(db, accounts["never"])
    assert not erased(db, accounts["recent"]) and not erased(db, accounts["admin"])
    assert db.session.get(User, accounts["stale"].id).organisation == ""
    targets = set(db.session.scalars(sa.select(AuditEvent.target)))
    assert "old" not in targets and "new" in targets
    again = runner.invoke(args=["privacy", "purge"])
    assert "Would anonymise 0 account(s)" in again.output


@pytest.mark.app_config(RETENTION_MONTHS=1, AUDIT_RETENTION_MONTHS=120)
def test_the_periods_come_from_the_configuration(runner, accounts):
    result = runner.invoke(args=["privacy", "purge"])

    assert "Would anonymise 3 account(s)" in result.output and "Would delete 0 audit" in result.output


def test_the_environment_sets_the_periods_with_the_documented_defaults():
    from config import ProdConfig

    assert (TestConfig.RETENTION_MONTHS, TestConfig.AUDIT_RETENTION_MONTHS) == (36, 24)
    settings = ProdConfig.from_env(
        {
            "SECRET_KEY": "x" * 40,
            "DATABASE_URL": "postgresql://db/app",
            "LEARNAPP_RETENTION_MONTHS": "12",
            "LEARNAPP_AUDIT_RETENTION_MONTHS": "6",
        }
    )
    assert (settings["RETENTION_MONTHS"], settings["AUDIT_RETENTION_MONTHS"]) == (12, 6)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 12, 7, tzinfo=UTC), 36, datetime(2023, 12, 7, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 24, datetime(2024, 1, 15, tzinfo=UTC)),
        (datetime(2028, 3, 31, tzinfo=UTC), 1, datetime(2028, 2, 29, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected
