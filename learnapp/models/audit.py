"""The audit log: who viewed or exported which report, with which filters, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.models.types import Model, UTCDateTime, utcnow


class AuditEvent(Model):
    """One report view or export (or another audited action). Rows are only ever added."""

    __tablename__ = "audit_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(60))
    target: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    details: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, index=True)
