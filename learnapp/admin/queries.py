"""Reads for the admin pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from learnapp.extensions import db
from learnapp.models import User

PAGE_SIZE = 50


def users_page(page: int, role: str | None, search: str | None) -> Pagination:
    """One page of users, optionally of one role and matching a name or email fragment, in name order."""
    query = sa.select(User).order_by(User.full_name, User.id)
    if role:
        query = query.where(User.role == role)
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.full_name).like(pattern), User.email.like(pattern)))
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
