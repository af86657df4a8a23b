"""What the models share: their base class, the current time as a column default, and column types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from learnapp.extensions import Base, db

if TYPE_CHECKING:
    # Flask-SQLAlchemy builds `db.Model` at run time from `Base` (adding its query and bind mixins), so mypy
    # cannot see it as a class; to mypy the models are plain `Base` subclasses, which is what they map as.
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware; also the callable default of `*_at` columns, evaluated per row."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (timestamptz); SQLite keeps none, so values are normalised to UTC on the way
    in and marked UTC on the way out. Either way Python code only ever sees aware datetimes.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and store everything in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark values read from SQLite as UTC."""
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)
