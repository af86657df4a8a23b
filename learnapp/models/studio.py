"""The studio aggregate: a module's draft (its files as the trainers edit them), its authors and its review.

A draft exists once per module, from the moment someone first edits it (or creates a new module in the studio),
and lives on after each publish: publishing copies its files into a new immutable version and the draft then
equals the published version again. A draft is keyed by the module id from module.yaml (its ``slug``), not by a
``modules`` row, because a new module has no such row until its first publish.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.models.types import Model, UTCDateTime, utcnow

REVIEW_STATES = ("editing", "requested", "approved")
REVIEW_DECISIONS = ("comment", "approve", "send_back")


class Draft(Model):
    """The editable state of one module: its files, who may edit them, and where its review stands."""

    __tablename__ = "drafts"
    __table_args__ = (
        sa.CheckConstraint("review_state IN ('editing', 'requested', 'approved')", name="review_state_known"),
        sa.CheckConstraint("error_count >= 0 AND warning_count >= 0", name="counts_not_negative"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The module folder's name in the modules/ layout (zip downloads, the version's source folder).
    folder: so.Mapped[str] = so.mapped_column(sa.String(255))
    module_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="SET NULL"), index=True)
    # The content hash of the files as they stand, recomputed on every save: equal to the published version's
    # hash when there is nothing to publish.
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    # The module's titles by language as of the last save that could read module.yaml (for lists).
    titles: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    # What the validator said at the last save, so that the studio home shows counts without loading anything.
    error_count: so.Mapped[int] = so.mapped_column(default=0)
    warning_count: so.Mapped[int] = so.mapped_column(default=0)
    problems: so.Mapped[list[dict[str, Any]]] = so.mapped_column(sa.JSON, default=list)
    review_required: so.Mapped[bool] = so.mapped_column(default=False)
    review_state: so.Mapped[str] = so.mapped_column(sa.String(20), default="editing")
    # Everyone who changed a file since the last publish: none of them may approve the change.
    editor_ids: so.Mapped[list[int]] = so.mapped_column(sa.JSON, default=list)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    files: so.Mapped[list[DraftFile]] = so.relationship(
        back_populates="draft", order_by="DraftFile.path", cascade="all, delete-orphan"
    )


class DraftFile(Model):
    """One file of a draft, with the revision number that optimistic locking compares on save."""

    __tablename__ = "draft_files"
    __table_args__ = (
        sa.UniqueConstraint("draft_id", "path"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    draft_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    path: so.Mapped[str] = so.mapped_column(sa.String(255))
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    revision: so.Mapped[int] = so.mapped_column(default=1)
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)

    draft: so.Mapped[Draft] = so.relationship(back_populates="files")


class ModuleAuthor(Model):
    """A trainer who may edit a module's draft (administrators always may)."""

    __tablename__ = "module_authors"

    draft_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class ReviewComment(Model):
    """A reviewer's comment on a draft, with the decision it carries (a plain comment, approve, send back)."""

    __tablename__ = "review_comments"
    __table_args__ = (sa.CheckConstraint("decision IN ('comment', 'approve', 'send_back')", name="decision_known"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    draft_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    author_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decision: so.Mapped[str] = so.mapped_column(sa.String(20))
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
