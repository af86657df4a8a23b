"""The register of personal data: each column about a person, why it is kept, who sees it, what export and erasure do.

`NOT_PERSONAL` lists every other column, with the reason.
`tests/web/test_privacy_register.py` walks the models and fails on a column that is in neither, so a new column
of personal data cannot be added without deciding here how it is shown, exported and erased. The export and the
erasure read this register: the export writes each personal table's registered columns (`Export.INCLUDED`), and
the erasure test checks each `Erasure` against the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Export(StrEnum):
    """What "download my data" does with a column."""

    INCLUDED = "included"
    LEFT_OUT_SECRET = "left out: a secret (a hash or a token), useless to the person and dangerous to copy"
    LEFT_OUT_COPY = "left out: a copy of what other exported columns hold (the certificate as a PDF file)"


class Erasure(StrEnum):
    """What erasure does with a column."""

    KEPT = "kept under the anonymous identity, so that statistics do not change"
    REPLACED = "replaced by an anonymous value"
    EMPTIED = "emptied"
    ROW_DELETED = "the row is deleted"


@dataclass(frozen=True)
class Datum:
    """One column of personal data."""

    purpose: str
    seen_by: str
    erasure: Erasure
    export: Export = Export.INCLUDED


# Who sees what (the privacy notice says the same in plain words).
SELF_AND_ADMIN = "the person and administrators"
SELF_COORDINATORS_ADMIN = "the person, the coordinators of their cohorts and administrators"
SELF_ONLY = "the person only"
NOBODY = "nobody (the application only)"
AGGREGATES = "the person, their coordinators and administrators; trainers and observers in aggregate reports only"
PUBLIC_BY_CODE = "the holder, their coordinators, administrators, and anyone given the verification code"
STAFF = "administrators (and the audit log's readers)"

PROGRESS = "to show the person their progress and their coordinators the cohort's progress; counted in reports"

REGISTER: dict[str, dict[str, Datum]] = {
    "users": {
        "email": Datum("sign-in and contact", SELF_COORDINATORS_ADMIN, Erasure.REPLACED),
        "full_name": Datum("certificates and the cohort's lists", SELF_COORDINATORS_ADMIN, Erasure.REPLACED),
        "password_hash": Datum("sign-in", NOBODY, Erasure.REPLACED, Export.LEFT_OUT_SECRET),
        "role": Datum("what the account may do", SELF_COORDINATORS_ADMIN, Erasure.KEPT),
        "is_active": Datum("whether the account may sign in", SELF_AND_ADMIN, Erasure.REPLACED),
        "country": Datum("reports by country", AGGREGATES, Erasure.KEPT),
        "organisation": Datum("the cohort's lists", SELF_COORDINATORS_ADMIN, Erasure.EMPTIED),
        "stakeholder_group": Datum("reports by stakeholder group", AGGREGATES, Erasure.KEPT),
        "gender": Datum("reports by gender (optional)", AGGREGATES, Erasure.KEPT),
        "preferred_language": Datum("the interface language", SELF_AND_ADMIN, Erasure.KEPT),
        "time_zone": Datum("dates and times shown in the person's zone", SELF_AND_ADMIN, Erasure.EMPTIED),
        "session_token": Datum("ending sessions", NOBODY, Erasure.REPLACED, Export.LEFT_OUT_SECRET),
        "failed_sign_ins": Datum("locking out password guessing", NOBODY, Erasure.REPLACED),
        "locked_until": Datum("locking out password guessing", NOBODY, Erasure.REPLACED),
        "last_sign_in_at": Datum("retention: inactive accounts are anonymised", STAFF, Erasure.KEPT),
        "created_at": Datum("retention and the audit trail", STAFF, Erasure.KEPT),
        "notice_version": Datum("which privacy notice the person accepted", SELF_AND_ADMIN, Erasure.KEPT),
        "notice_accepted_at": Datum("when the person accepted it", SELF_AND_ADMIN, Erasure.KEPT),
        "erased_at": Datum("that the person's data was erased", STAFF, Erasure.REPLACED),
    },
    "enrolments": {
        "cohort_id": Datum("which cohorts the person takes part in", SELF_COORDINATORS_ADMIN, Erasure.KEPT),
        "enrolled_at": Datum("days to complete in reports", AGGREGATES, Erasure.KEPT),
    },
    "cohort_coordinators": {
        "cohort_id": Datum("which cohorts a coordinator manages", SELF_COORDINATORS_ADMIN, Erasure.KEPT),
    },
    "invitations": {
        "cohort_id": Datum("the cohort the invitation came from", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
        "token_hash": Datum("checking the invitation link", NOBODY, Erasure.ROW_DELETED, Export.LEFT_OUT_SECRET),
        "expires_at": Datum("refusing old links", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
        "used_at": Datum("refusing spent links", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
        "created_at": Datum("the audit trail", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
    },
    "password_resets": {
        "token_hash": Datum("checking the reset link", NOBODY, Erasure.ROW_DELETED, Export.LEFT_OUT_SECRET),
        "expires_at": Datum("refusing old links", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
        "used_at": Datum("refusing spent links", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
        "created_at": Datum("the audit trail", SELF_COORDINATORS_ADMIN, Erasure.ROW_DELETED),
    },
    "attendances": {
        "session_id": Datum("attendance at in-person sessions", SELF_COORDINATORS_ADMIN, Erasure.KEPT),
        "is_present": Datum("blended completion of a cohort", SELF_COORDINATORS_ADMIN, Erasure.KEPT),
    },
    "cohort_certificates": {
        "code": Datum("verification at /verify/<code>", PUBLIC_BY_CODE, Erasure.KEPT),
        "cohort_id": Datum("the cohort certified", PUBLIC_BY_CODE, Erasure.KEPT),
        "kind": Datum("completion or participation", PUBLIC_BY_CODE, Erasure.KEPT),
        "full_name": Datum("the name printed on the certificate", PUBLIC_BY_CODE, Erasure.EMPTIED),
        "cohort_name": Datum("the cohort as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "cohort_language": Datum("the cohort as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "cohort_place": Datum("the cohort as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "cohort_starts_on": Datum("the cohort as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "cohort_ends_on": Datum("the cohort as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "issued_at": Datum("the date on the certificate", PUBLIC_BY_CODE, Erasure.KEPT),
        "withdrawn_at": Datum("withdrawal on erasure", PUBLIC_BY_CODE, Erasure.REPLACED),
    },
    "lesson_reads": {
        "module_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "lesson_slug": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "version_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "read_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
    },
    "reflections": {
        "module_id": Datum("the person's private notes", SELF_ONLY, Erasure.KEPT),
        "lesson_slug": Datum("the person's private notes", SELF_ONLY, Erasure.KEPT),
        "block_slug": Datum("the person's private notes", SELF_ONLY, Erasure.KEPT),
        "text": Datum("the person's private notes and scenario answers", SELF_ONLY, Erasure.EMPTIED),
        "updated_at": Datum("the person's private notes", SELF_ONLY, Erasure.KEPT),
    },
    "completions": {
        "module_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "version_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "score": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "completed_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
    },
    "module_standings": {
        "module_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "lessons_read": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "last_read_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "best_score": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "pre_test_score": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "pre_test_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "post_test_score": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "post_test_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "completed_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
    },
    "certificates": {
        "code": Datum("verification at /verify/<code>", PUBLIC_BY_CODE, Erasure.KEPT),
        "full_name": Datum("the name printed on the certificate", PUBLIC_BY_CODE, Erasure.EMPTIED),
        "module_titles": Datum("the module as it was at issue", PUBLIC_BY_CODE, Erasure.KEPT),
        "issued_at": Datum("the date on the certificate", PUBLIC_BY_CODE, Erasure.KEPT),
        "withdrawn_at": Datum("withdrawal on erasure", PUBLIC_BY_CODE, Erasure.REPLACED),
    },
    "certificate_pdfs": {
        "data": Datum(
            "the certificate's PDF, rendered once and kept", SELF_ONLY, Erasure.ROW_DELETED, Export.LEFT_OUT_COPY
        ),
        "created_at": Datum("when the PDF was first downloaded", NOBODY, Erasure.ROW_DELETED),
    },
    "attempts": {
        "module_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "assessment_id": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "number": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "question_slugs": Datum("the questions drawn, for the review and item analysis", AGGREGATES, Erasure.KEPT),
        "seed": Datum("the order of choices shown", SELF_ONLY, Erasure.KEPT),
        "started_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "deadline_at": Datum("timed quizzes", SELF_ONLY, Erasure.KEPT),
        "submitted_at": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "score": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
        "is_passed": Datum(PROGRESS, AGGREGATES, Erasure.KEPT),
    },
    "attempt_answers": {
        "question_slug": Datum("item analysis", AGGREGATES, Erasure.KEPT),
        "answer": Datum(
            "grading and item analysis; typed text (short answers, survey text) is free text",
            AGGREGATES,
            Erasure.EMPTIED,  # typed text only: choices, numbers and ratings are kept for item analysis
        ),
        "fraction": Datum("grading and item analysis", AGGREGATES, Erasure.KEPT),
        "saved_at": Datum("the attempt's timeline", SELF_ONLY, Erasure.KEPT),
    },
    "audit_events": {
        "action": Datum("accountability: who viewed or exported what", STAFF, Erasure.KEPT),
        "target": Datum("accountability: who viewed or exported what", STAFF, Erasure.KEPT),
        "details": Datum("accountability: the filters of a report, never names", STAFF, Erasure.KEPT),
        "created_at": Datum("accountability and retention", STAFF, Erasure.KEPT),
    },
}

# How the rows of each personal table belong to a person: the column holding the person's id, or, for a table
# without one, the parent table and the column pointing to it.
SUBJECT_COLUMN = {
    "users": "id",
    "enrolments": "user_id",
    "cohort_coordinators": "user_id",
    "invitations": "user_id",
    "password_resets": "user_id",
    "attendances": "user_id",
    "cohort_certificates": "user_id",
    "lesson_reads": "user_id",
    "reflections": "user_id",
    "completions": "user_id",
    "module_standings": "user_id",
    "certificate_pdfs": "user_id",
    "attempts": "user_id",
    "audit_events": "user_id",
}
THROUGH_PARENT = {
    "certificates": ("completion_id", "completions"),
    "attempt_answers": ("attempt_id", "attempts"),
}

_KEYS = "row ids and the links between rows: numbers with no meaning outside the database"
_CONTENT = "authored content or the training's set-up, about no person"
_AUTHORING = (
    "the studio's record of authored content: drafts, who wrote, reviewed and published them, and the review's "
    "comments on the content; a staff member's work, kept with the content it concerns. The ids point to accounts, "
    "so erasing a staff account (which anonymises the account) leaves them pointing to no one"
)

NOT_PERSONAL: dict[str, tuple[str, tuple[str, ...]]] = {
    # table: (why, columns)
    "users": (_KEYS, ("id",)),
    "enrolments": (_KEYS, ("id", "user_id")),
    "cohort_coordinators": (_KEYS, ("id", "user_id")),
    "invitations": (_KEYS, ("id", "user_id")),
    # issued_by_id: the coordinator or administrator who made the link, as audit_events.user_id names the actor.
    "password_resets": (_KEYS, ("id", "user_id", "issued_by_id")),
    "attendances": (_KEYS, ("id", "user_id")),
    "cohort_certificates": (_KEYS, ("id", "user_id")),
    "lesson_reads": (_KEYS, ("id", "user_id")),
    "reflections": (_KEYS, ("id", "user_id")),
    "completions": (_KEYS, ("id", "user_id")),
    "module_standings": (_KEYS, ("user_id", "pre_test_attempt_id", "post_test_attempt_id")),
    "certificates": (_KEYS, ("id", "completion_id")),
    "certificate_pdfs": (_KEYS, ("id", "user_id", "certificate_id", "cohort_certificate_id")),
    "attempts": (_KEYS, ("id", "user_id")),
    "attempt_answers": (_KEYS, ("id", "attempt_id")),
    "audit_events": (_KEYS, ("id", "user_id")),
    "cohorts": (
        _CONTENT,
        ("id", "name", "place", "starts_on", "ends_on", "working_language", "required_sessions", "created_at"),
    ),
    "cohort_modules": (_CONTENT, ("id", "cohort_id", "module_id", "is_required", "due_on")),
    "cohort_sessions": (_CONTENT, ("id", "cohort_id", "title", "held_on")),
    "modules": (_CONTENT, ("id", "slug", "is_archived", "current_version_id", "created_at")),
    "module_versions": (
        _CONTENT,
        (
            "id",
            "module_id",
            "number",
            "content_hash",
            "position",
            "default_language",
            "estimated_minutes",
            "sensitivity",
            "completion",
            "prerequisites",
            "tags",
            "title",
            "summary",
            "objectives",
            "source_folder",
            "synced_at",
            "change_note",
            "origin",
            "published_by_id",  # the publisher: see the studio tables below
        ),
    ),
    "module_files": (_CONTENT, ("id", "version_id", "path", "media_type", "data")),
    "lessons": (_CONTENT, ("id", "version_id", "slug", "position")),
    "lesson_texts": (_CONTENT, ("id", "lesson_id", "language", "title", "summary", "minutes", "parts")),
    "lesson_blocks": (_CONTENT, ("id", "lesson_id", "slug", "kind", "position")),
    "assessments": (
        _CONTENT,
        (
            "id",
            "version_id",
            "kind",
            "purpose",
            "pass_mark",
            "attempts_allowed",
            "grading",
            "time_limit_minutes",
            "is_shuffled",
            "pool_size",
            "review",
            "is_anonymous",
            "titles",
            "bands",
        ),
    ),
    "questions": (_CONTENT, ("id", "assessment_id", "slug", "position", "kind", "points")),
    "drafts": (
        _AUTHORING,
        (
            "id",
            "module_id",
            "slug",
            "folder",
            "titles",
            "content_hash",
            "problems",
            "error_count",
            "warning_count",
            "review_required",
            "review_state",
            "editor_ids",
            "updated_at",
        ),
    ),
    "draft_files": (_AUTHORING, ("id", "draft_id", "path", "data", "revision", "updated_by_id", "updated_at")),
    "module_authors": (_AUTHORING, ("draft_id", "user_id", "added_at")),
    "review_comments": (_AUTHORING, ("id", "draft_id", "author_id", "decision", "body", "created_at")),
    "question_texts": (_CONTENT, ("id", "question_id", "language", "text_html", "feedback_html", "spec")),
}


def exported_columns(table: str) -> list[str]:
    """The columns of a personal table written to the person's download: its keys, then its included data."""
    keys = [column for column in NOT_PERSONAL[table][1] if column == "id" or column.endswith("_id")]
    data = [column for column, datum in REGISTER[table].items() if datum.export is Export.INCLUDED]
    return keys + data
