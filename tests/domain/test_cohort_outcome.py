"""A trainee's outcome in a cohort: blended completion, participation, and which certificate is due."""

from __future__ import annotations

from datetime import date

import pytest

from learnapp.domain.cohort_outcome import (
    CertificateKind,
    Outcome,
    certificate_due,
    cohort_standing,
    is_overdue,
    participation_due,
)

REQUIRED = [1, 2]
ASSIGNED = [1, 2, 3]  # module 3 is optional


def standing(completed, sessions_attended=0, required_sessions=0):
    return cohort_standing(REQUIRED, ASSIGNED, completed, required_sessions, sessions_attended)


@pytest.mark.parametrize(
    ("completed", "attended", "required_sessions", "expected"),
    [
        ([], 0, 0, Outcome.NOT_STARTED),
        ([3], 0, 0, Outcome.PARTICIPATED),  # an optional module only
        ([1], 0, 0, Outcome.PARTICIPATED),
        ([1, 2], 0, 0, Outcome.COMPLETED),
        ([1, 2], 1, 2, Outcome.PARTICIPATED),  # blended: modules done, one session short
        ([1, 2], 2, 2, Outcome.COMPLETED),
        ([1], 3, 2, Outcome.PARTICIPATED),  # sessions done, a required module missing
        ([], 1, 2, Outcome.PARTICIPATED),  # attended a session, nothing online yet
    ],
)
def test_a_cohort_is_completed_only_with_every_required_module_and_enough_sessions(
    completed, attended, required_sessions, expected
):
    assert standing(completed, attended, required_sessions).outcome is expected


def test_modules_outside_the_cohort_count_for_nothing():
    found = standing([7, 8, 9])
    assert (found.modules_completed, found.required_modules_completed, found.outcome) == (0, 0, Outcome.NOT_STARTED)


def test_the_standing_counts_what_my_learning_shows():
    found = standing([1, 3], sessions_attended=1, required_sessions=3)
    assert (found.required_modules, found.required_modules_completed, found.modules_completed) == (2, 1, 2)
    assert (found.required_sessions, found.sessions_attended, found.is_blended) == (3, 1, True)


def test_a_cohort_that_asks_for_nothing_can_be_taken_part_in_but_not_completed():
    found = cohort_standing([], [5], [5], 0, 0)
    assert found.outcome is Outcome.PARTICIPATED


def test_the_completion_certificate_is_due_once_when_the_cohort_is_completed():
    done = standing([1, 2])
    assert certificate_due(done, []) is CertificateKind.COMPLETION
    assert certificate_due(done, [CertificateKind.PARTICIPATION]) is CertificateKind.COMPLETION
    assert certificate_due(done, [CertificateKind.COMPLETION]) is None
    assert certificate_due(standing([1]), []) is None


def test_participation_is_for_those_who_took_part_without_completing_and_hold_no_certificate():
    assert participation_due(standing([1]), []) is True
    assert participation_due(standing([1]), [CertificateKind.PARTICIPATION]) is False
    assert participation_due(standing([1, 2]), []) is False  # they get the completion certificate instead
    assert participation_due(standing([]), []) is False


@pytest.mark.parametrize(
    ("due_on", "is_completed", "expected"),
    [
        (None, False, False),
        (date(2026, 3, 10), False, False),  # due today: not yet overdue
        (date(2026, 3, 9), False, True),
        (date(2026, 3, 9), True, False),
    ],
)
def test_an_assigned_module_is_overdue_after_its_due_date_unless_completed(due_on, is_completed, expected):
    assert is_overdue(due_on, date(2026, 3, 10), is_completed) is expected
