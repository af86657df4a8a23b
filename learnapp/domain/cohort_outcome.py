"""A trainee's outcome in a cohort: completed (the cohort's rule met), took part, or not yet started.

A cohort's completion rule is blended when it asks for in-person sessions: every required module completed online
and at least ``required_sessions`` sessions attended. A person who attended a session or completed a module
without meeting the rule has taken part: they can be given a certificate of participation, which says so and never
reads as one of completion.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    """Where a trainee stands in a cohort as a whole."""

    NOT_STARTED = "not_started"
    PARTICIPATED = "participated"
    COMPLETED = "completed"


class CertificateKind(StrEnum):
    """The two cohort certificates; their wording differs so neither can be mistaken for the other."""

    COMPLETION = "completion"
    PARTICIPATION = "participation"


@dataclass(frozen=True)
class CohortStanding:
    """The counts behind an outcome, as My learning and the certificate show them."""

    required_modules: int
    required_modules_completed: int
    modules_completed: int
    required_sessions: int
    sessions_attended: int

    @property
    def outcome(self) -> Outcome:
        """Completed when every required module is done and enough sessions attended; else took part, or not yet.

        A cohort that asks for nothing (no required module, no session) cannot be completed, only taken part in.
        """
        has_rule = self.required_modules > 0 or self.required_sessions > 0
        modules_done = self.required_modules_completed >= self.required_modules
        if has_rule and modules_done and self.sessions_attended >= self.required_sessions:
            return Outcome.COMPLETED
        if self.modules_completed or self.sessions_attended:
            return Outcome.PARTICIPATED
        return Outcome.NOT_STARTED

    @property
    def is_blended(self) -> bool:
        """True when completing the cohort asks for in-person attendance as well as modules."""
        return self.required_sessions > 0


def cohort_standing(
    required_module_ids: Collection[int],
    assigned_module_ids: Collection[int],
    completed_module_ids: Collection[int],
    required_sessions: int,
    sessions_attended: int,
) -> CohortStanding:
    """Count what a trainee has done of what a cohort asks; modules outside the cohort do not count."""
    completed = set(completed_module_ids)
    return CohortStanding(
        required_modules=len(set(required_module_ids)),
        required_modules_completed=len(completed & set(required_module_ids)),
        modules_completed=len(completed & set(assigned_module_ids)),
        required_sessions=required_sessions,
        sessions_attended=sessions_attended,
    )


def certificate_due(standing: CohortStanding, held: Collection[str]) -> CertificateKind | None:
    """The completion certificate a trainee has earned and does not hold yet, else None.

    Participation certificates are never due automatically: a coordinator issues them, usually when the cohort ends,
    because until then a participant may still complete.
    """
    if standing.outcome is Outcome.COMPLETED and CertificateKind.COMPLETION not in held:
        return CertificateKind.COMPLETION
    return None


def participation_due(standing: CohortStanding, held: Collection[str]) -> bool:
    """True when a coordinator issuing participation certificates should give this trainee one.

    Someone who completed gets the completion certificate instead; someone who did nothing gets nothing.
    """
    return standing.outcome is Outcome.PARTICIPATED and not held


def is_overdue(due_on: date | None, today: date, is_completed: bool) -> bool:
    """An assigned module is overdue once its due date has passed without it being completed."""
    return due_on is not None and due_on < today and not is_completed
