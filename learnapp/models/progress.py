"""The progress aggregate: what a trainee has read, written privately, completed and been certified for.

Reads and reflections are kept by module and lesson id (not by version), so a corrected lesson does not lose a
trainee's place; completions and certificates record the version they were earned on.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.models.types import Model, UTCDateTime, utcnow


class LessonRead(Model):
    """A trainee marked a lesson as read."""

    __tablename__ = "lesson_reads"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "lesson_slug"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    lesson_slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id", ondelete="CASCADE"))
    read_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class Reflection(Model):
    """A trainee's private answer to a reflection prompt or scenario step: only its author ever reads it."""

    __tablename__ = "reflections"
    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "lesson_slug", "block_slug"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"))
    lesson_slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    block_slug: so.Mapped[str] = so.mapped_column(sa.String(100))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    updated_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Completion(Model):
    """A module completed by a trainee: recorded once, with the version, the quiz grade and the time."""

    __tablename__ = "completions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "module_id"),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_percent"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id"))
    score: so.Mapped[float | None]
    completed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class Certificate(Model):
    """Proof of a completion, checkable by anyone at /verify/<code>; name and titles are kept as issued."""

    __tablename__ = "certificates"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    completion_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("completions.id", ondelete="CASCADE"), unique=True)
    full_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    module_titles: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON)
    issued_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)
    # Set when the holder's data was erased: /verify/<code> then answers "withdrawn", without the name.
    withdrawn_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())

    completion: so.Mapped[Completion] = so.relationship()


class CertificatePdf(Model):
    """A certificate's PDF, rendered on its first download and kept: what a certificate prints never changes.

    Exactly one of the two certificate ids is set. The PDF prints the holder's name, so it is personal data kept under
    the holder's id (`user_id`): erasing the person deletes it (`learnapp.privacy.erasure`), and so does deleting the
    certificate. A reissued certificate is a new row with a new code, so its PDF is rendered afresh.
    """

    __tablename__ = "certificate_pdfs"
    __table_args__ = (
        sa.CheckConstraint("(certificate_id IS NULL) <> (cohort_certificate_id IS NULL)", name="one_certificate"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    certificate_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("certificates.id", ondelete="CASCADE"), unique=True
    )
    cohort_certificate_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("cohort_certificates.id", ondelete="CASCADE"), unique=True
    )
    data: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime(), default=utcnow)


class ModuleStanding(Model):
    """Where one trainee stands in one module, kept up to date on write so that reports read one row per pair.

    A summary of the raw rows (lesson reads, graded quiz attempts, the completion), written by
    `learnapp.progress.operations` in the same transaction as the row that changes it, and equal to what
    `learnapp.progress.standing_rows.standings_from_raw` computes from those rows. A pair has a row once it has any
    of them. ``best_score`` is the best graded attempt at a quiz other than a pre-test; the ``pre_test_*`` and
    ``post_test_*`` columns are the latest graded pre-test and post-test attempt in the module (latest by
    submission time, then attempt id), for the knowledge gain.
    """

    __tablename__ = "module_standings"
    __table_args__ = tuple(
        # Each trainee's latest pre-test and post-test, one index seek per trainee (knowledge gain).
        sa.Index(
            f"ix_module_standings_{test}",
            "user_id",
            f"{test}_at",
            f"{test}_attempt_id",
            f"{test}_score",
            sqlite_where=sa.text(f"{test}_at IS NOT NULL"),
            postgresql_where=sa.text(f"{test}_at IS NOT NULL"),
        )
        for test in ("pre_test", "post_test")
    )

    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    module_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    lessons_read: so.Mapped[int] = so.mapped_column(default=0)
    last_read_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    best_score: so.Mapped[float | None]
    pre_test_score: so.Mapped[float | None]
    pre_test_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    pre_test_attempt_id: so.Mapped[int | None]
    post_test_score: so.Mapped[float | None]
    post_test_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
    post_test_attempt_id: so.Mapped[int | None]
    completed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime())
