"""Pure enrolment rules: invitation tokens, their lifetime and state, attendance, and the enrolment CSV."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from learnapp.domain.enrolment import (
    AttendanceSummary,
    InvitationState,
    expiry_from,
    invitation_state,
    new_token,
    token_hash,
)
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import parse_enrolment_csv

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_tokens_are_random_urlsafe_and_32_bytes_long():
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(token) == 43 and "/" not in token and "+" not in token for token in tokens)


def test_the_stored_hash_is_the_hex_sha256_of_the_token():
    assert token_hash("abc") == hashlib.sha256(b"abc").hexdigest()


def test_an_invitation_expires_14_days_after_it_is_made():
    assert expiry_from(NOW) == NOW + timedelta(days=14)


def test_an_invitation_is_valid_until_its_expiry_and_used_once_used():
    expires = expiry_from(NOW)
    assert invitation_state(expires, None, NOW) is InvitationState.VALID
    assert invitation_state(expires, None, expires - timedelta(seconds=1)) is InvitationState.VALID
    assert invitation_state(expires, None, expires) is InvitationState.EXPIRED
    assert invitation_state(expires, NOW, NOW) is InvitationState.USED
    assert invitation_state(expires, NOW, expires + timedelta(days=1)) is InvitationState.USED


def test_blended_attendance_is_met_when_enough_sessions_are_attended():
    assert AttendanceSummary(attended=2, required=2).is_met
    assert not AttendanceSummary(attended=1, required=2).is_met
    assert AttendanceSummary(attended=0, required=0).is_met


def test_the_enrolment_csv_accepts_existing_emails_and_makes_trainees():
    records, problems = parse_enrolment_csv("email,full_name\nAida@Example.org,Aida\n")
    assert problems == []
    assert [(record.email, record.role) for record in records] == [("aida@example.org", Role.TRAINEE)]


def test_the_enrolment_csv_has_no_role_column():
    records, problems = parse_enrolment_csv("email,full_name,role\na@example.org,A,admin\n")
    assert records == []
    assert [str(problem) for problem in problems] == [
        "line 1, column role: not allowed here; use email, full_name, country, organisation, stakeholder_group, "
        "gender, language"
    ]


def test_the_enrolment_csv_reports_every_problem_and_returns_no_record():
    text = "email,full_name\nok@example.org,OK\nbad,\nok@example.org,Again\n"
    records, problems = parse_enrolment_csv(text)
    assert records == []
    assert [str(problem) for problem in problems] == [
        "line 3, column full_name: is required",
        "line 3, column email: 'bad' is not an email address",
        "line 4, column email: ok@example.org is already on line 2",
    ]
