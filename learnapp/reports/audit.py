"""Writes to the audit log: every report view and export is recorded (who, what, which filters, when)."""

from __future__ import annotations

from typing import Any

from learnapp.extensions import db
from learnapp.models import AuditEvent, User


def record_audit(user: User, action: str, target: str, details: dict[str, Any] | None = None) -> AuditEvent:
    """Add one audit event for `user`; flushes, the request commits."""
    event = AuditEvent(user_id=user.id, action=action, target=target[:200], details=dict(details or {}))
    db.session.add(event)
    db.session.flush()
    return event
