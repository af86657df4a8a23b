"""Retention: inactive accounts are erased (anonymised) and old audit entries deleted.

Accounts inactive for longer than `RETENTION_MONTHS`, audit entries older than `AUDIT_RETENTION_MONTHS`.
`flask privacy purge` shows the plan; with `--apply` it carries it out.
An account's last activity is its last sign-in, or its creation when it never signed in. Administrators are left
alone, so that the platform never loses its last one; erased accounts are not counted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from learnapp.domain.profiles import Role
from learnapp.domain.retention import months_before
from learnapp.extensions import db
from learnapp.models import AuditEvent, User
from learnapp.models.types import utcnow
from learnapp.privacy.erasure import erase_person


@dataclass(frozen=True)
class PurgePlan:
    """What a purge does: the accounts to anonymise (ids) and the number of audit entries to delete."""

    account_cutoff: datetime
    audit_cutoff: datetime
    account_ids: list[int]
    audit_events: int


def _last_activity() -> sa.ColumnElement[datetime]:
    return sa.func.coalesce(User.last_sign_in_at, User.created_at)


def purge_plan(now: datetime | None = None) -> PurgePlan:
    """What a purge would do now, under the configured retention periods (two statements)."""
    now = now or utcnow()
    config = current_app.config
    account_cutoff = months_before(now, config["RETENTION_MONTHS"])
    audit_cutoff = months_before(now, config["AUDIT_RETENTION_MONTHS"])
    accounts = db.session.scalars(
        sa.select(User.id)
        .where(User.erased_at.is_(None), User.role != Role.ADMIN.value, _last_activity() < account_cutoff)
        .order_by(User.id)
    )
    old_events = db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.created_at < audit_cutoff)
    )
    return PurgePlan(account_cutoff, audit_cutoff, list(accounts), old_events or 0)


def apply_purge(plan: PurgePlan) -> None:
    """Carry out `plan`: erase each account, then delete the old audit entries; flushes, the caller commits."""
    for user in db.session.scalars(sa.select(User).where(User.id.in_(plan.account_ids))):
        erase_person(user, actor=None)
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.created_at < plan.audit_cutoff))
    db.session.flush()
