"""Erasure: a person's name, email, organisation and free text are removed; their rows stay, anonymous.

The account keeps its id, so every enrolment, read, attempt, grade and completion still counts in cohort and module
statistics, item analysis and knowledge gain, and the reports' figures do not change. What erasure does to each
column is declared in `register.REGISTER`. Certificates are withdrawn (/verify/<code> says so, without a name),
the account can no longer sign in, pending invitations and password reset links are deleted, and the audit log
records the erasure by the account's number only. It flushes; the caller commits once, so it is all or nothing.
Erasing twice changes nothing.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from learnapp.accounts.operations import end_all_sessions
from learnapp.extensions import db
from learnapp.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    AuditEvent,
    Certificate,
    CertificatePdf,
    CohortCertificate,
    Completion,
    Invitation,
    PasswordReset,
    Question,
    Reflection,
    User,
)
from learnapp.models.types import utcnow
from learnapp.privacy.export import subject_target

logger = logging.getLogger(__name__)

AUDIT_ERASE = "privacy.erase"
# Question types whose answers are typed text rather than choices, numbers or ratings.
FREE_TEXT_KINDS = ("short", "text")


def anonymous_email(user_id: int) -> str:
    """The unique, undeliverable address an erased account keeps (`.invalid` is reserved by RFC 2606)."""
    return f"erased-{user_id}@erased.invalid"


def anonymous_name(user_id: int) -> str:
    """The name coordinators see in place of an erased person's."""
    return f"[erased {user_id}]"


def _free_text_answers(user_id: int) -> sa.Select[int]:
    return (
        sa.select(AttemptAnswer.id)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .join(
            Question,
            sa.and_(Question.assessment_id == Assessment.id, Question.slug == AttemptAnswer.question_slug),
        )
        .where(Attempt.user_id == user_id, Question.kind.in_(FREE_TEXT_KINDS))
    )


def erase_person(user: User, actor: User | None) -> bool:
    """Erase `user`'s personal data (see the module docstring); False when they were erased already."""
    if user.erased_at is not None:
        return False
    now = utcnow()
    user_id = user.id
    end_all_sessions(user)
    user.email = anonymous_email(user_id)
    user.full_name = anonymous_name(user_id)
    user.organisation = ""
    user.password_hash = None
    user.is_active = False
    user.failed_sign_ins = 0
    user.locked_until = None
    user.time_zone = None
    user.erased_at = now
    db.session.execute(sa.update(Reflection).where(Reflection.user_id == user_id).values(text=""))
    db.session.execute(
        sa.update(AttemptAnswer)
        .where(AttemptAnswer.id.in_(_free_text_answers(user_id)))
        .values(answer="")
        .execution_options(synchronize_session=False)
    )
    completions = sa.select(Completion.id).where(Completion.user_id == user_id)
    db.session.execute(
        sa.update(Certificate)
        .where(Certificate.completion_id.in_(completions))
        .values(full_name="", withdrawn_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(CohortCertificate).where(CohortCertificate.user_id == user_id).values(full_name="", withdrawn_at=now)
    )
    db.session.execute(sa.delete(CertificatePdf).where(CertificatePdf.user_id == user_id))
    db.session.execute(sa.delete(Invitation).where(Invitation.user_id == user_id))
    db.session.execute(sa.delete(PasswordReset).where(PasswordReset.user_id == user_id))
    db.session.add(AuditEvent(user_id=actor.id if actor else None, action=AUDIT_ERASE, target=subject_target(user_id)))
    db.session.flush()
    logger.info("Account %s erased by user %s", user_id, actor.id if actor else "command line")
    return True
