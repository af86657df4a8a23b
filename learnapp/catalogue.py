"""What a user may see: the published modules (restricted ones through a cohort only) and the cohorts they manage.

Every area that opens a module or a cohort by the id in its URL goes through here, so the visibility rules are
written once. Also picking the text of the reader's language from a module's per-language values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

import sqlalchemy as sa
from flask import abort

from learnapp.domain.content import Sensitivity
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Cohort, CohortCoordinator, CohortModule, Enrolment, Module, ModuleVersion, User


class HasLanguage(Protocol):
    """A row with a language column (a lesson text, a question text)."""

    language: str


Text = TypeVar("Text", bound=HasLanguage)


def assigned_to_learner(learner_id: int) -> sa.ColumnElement[bool]:
    """True for a module assigned to a cohort `learner_id` is enrolled in (correlated to `Module`)."""
    return (
        sa.select(CohortModule.id)
        .join(Enrolment, Enrolment.cohort_id == CohortModule.cohort_id)
        .where(CohortModule.module_id == Module.id, Enrolment.user_id == learner_id)
        .exists()
    )


def visible_to(learner_id: int | None) -> sa.ColumnElement[bool]:
    """Which current versions a learner may open: a restricted module only through a cohort it is assigned to.

    `None` stands for staff (trainers, coordinators, administrators), who see every module.
    """
    if learner_id is None:
        return sa.true()
    return sa.or_(ModuleVersion.sensitivity != Sensitivity.RESTRICTED.value, assigned_to_learner(learner_id))


def published_modules(learner_id: int | None = None) -> list[tuple[Module, ModuleVersion]]:
    """Every module that is not archived and the learner may see, with its current version, in catalogue order."""
    rows = db.session.execute(
        sa.select(Module, ModuleVersion)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False), visible_to(learner_id))
        .order_by(ModuleVersion.position, Module.slug)
    )
    return [(module, version) for module, version in rows]


def learner_scope(user: User) -> int | None:
    """Whose cohorts limit the restricted modules `user` sees: a trainee's own; staff (None) see every module."""
    return user.id if user.role == Role.TRAINEE else None


def current_module_or_404(slug: str, learner_id: int | None) -> tuple[Module, ModuleVersion]:
    """The module with this id and its current version, in one statement.

    404 when missing, archived, or restricted to cohorts the learner is not in: such a module does not exist for them.
    """
    row = db.session.execute(
        sa.select(Module, ModuleVersion)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.slug == slug, Module.is_archived.is_(False), visible_to(learner_id))
    ).first()
    if row is None:
        abort(404)
    module, version = row
    return module, version


def pick(texts: Iterable[Text], language: str, default_language: str) -> tuple[Text, bool]:
    """The text in `language`, else in the module's default language; the bool says whether it fell back."""
    by_language = {text.language: text for text in texts}
    if language in by_language:
        return by_language[language], False
    return by_language[default_language], True


def pick_value(values: dict[str, str], language: str, default_language: str) -> str:
    """A per-language value of a version's JSON column (title, summary), with the same fallback."""
    return values.get(language) or values[default_language]


def languages_to_load(language: str, default_language: str) -> tuple[str, ...]:
    """Only the reader's language and the fallback are read from the database."""
    return (language,) if language == default_language else (language, default_language)


def visible_cohorts_query(user: User) -> sa.Select[Cohort]:
    """The cohorts `user` coordinates (all of them for an administrator or an observer), newest first."""
    query = sa.select(Cohort).order_by(Cohort.starts_on.desc().nulls_last(), Cohort.id.desc())
    if user.role in (Role.ADMIN, Role.OBSERVER):
        return query
    return query.join(CohortCoordinator, CohortCoordinator.cohort_id == Cohort.id).where(
        CohortCoordinator.user_id == user.id
    )


def cohort_or_404(cohort_id: int, user: User) -> Cohort:
    """The cohort if `user` may see it; 404 otherwise, so that other cohorts' existence is not revealed."""
    cohort = db.session.scalar(visible_cohorts_query(user).where(Cohort.id == cohort_id))
    if cohort is None:
        abort(404)
    return cohort
