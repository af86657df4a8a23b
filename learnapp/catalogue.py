"""What a user may see: the published modules (restricted ones through a cohort only) and the cohorts they manage.

Every area that opens a module or a cohort by the id in its URL goes through here, so the visibility rules are
written once. Also picking the text of the reader's language from a module's per-language values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import sqlalchemy as sa
from flask import abort

from learnapp.domain.content import Sensitivity
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Cohort, CohortCoordinator, CohortModule, Enrolment, Module, ModuleVersion, User


class HasLanguage(Protocol):
    """A row with a language column (a lesson text, a question text)."""

    @property
    def language(self) -> str:
        """The text's language code."""


Text = TypeVar("Text", bound=HasLanguage)


def assigned_to_learner(learner_id: int | sa.BindParameter[int]) -> sa.ColumnElement[bool]:
    """True for a module assigned to a cohort `learner_id` is enrolled in (correlated to `Module`)."""
    return (
        sa.select(CohortModule.id)
        .join(Enrolment, Enrolment.cohort_id == CohortModule.cohort_id)
        .where(CohortModule.module_id == Module.id, Enrolment.user_id == learner_id)
        .exists()
    )


def visible_to(learner_id: int | sa.BindParameter[int] | None) -> sa.ColumnElement[bool]:
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


def published_versions(learner_id: int | None = None) -> list[CurrentVersion]:
    """Like `published_modules`, but only the columns that key the cached content of each module."""
    rows = db.session.execute(_published_versions_query(learner_id is None), {"learner": learner_id})
    return [CurrentVersion(*row) for row in rows]


@functools.cache
def _published_versions_query(is_staff: bool) -> sa.Select[int, str, int, str, str]:
    visible = sa.true() if is_staff else visible_to(sa.bindparam("learner", type_=sa.Integer))
    return (
        sa.select(Module.id, Module.slug, ModuleVersion.id, ModuleVersion.content_hash, ModuleVersion.default_language)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.is_archived.is_(False), visible)
        .order_by(ModuleVersion.position, Module.slug)
    )


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


@dataclass(frozen=True)
class CurrentVersion:
    """The few columns of a module and its current version that key the cached, immutable content of a page."""

    module_id: int
    slug: str
    version_id: int
    content_hash: str
    default_language: str


def current_version_or_404(slug: str, learner_id: int | None) -> CurrentVersion:
    """Like `current_module_or_404`, with the same visibility rule, but only the columns a cached page needs.

    The current version's id changes as soon as a new version is published, so content cached under it is never
    shown after that; running this check on every request is what keeps a cached page from a learner who may not
    see the module.
    """
    row = db.session.execute(_current_version_query(learner_id is None), {"slug": slug, "learner": learner_id}).first()
    if row is None:
        abort(404)
    module_id, module_slug, version_id, content_hash, default_language = row
    return CurrentVersion(module_id, module_slug, version_id, content_hash, default_language)


@functools.cache
def _current_version_query(is_staff: bool) -> sa.Select[int, str, int, str, str]:
    """The statement of `current_version_or_404`, built once (building it cost more than running it)."""
    visible = sa.true() if is_staff else visible_to(sa.bindparam("learner", type_=sa.Integer))
    return (
        sa.select(Module.id, Module.slug, ModuleVersion.id, ModuleVersion.content_hash, ModuleVersion.default_language)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.slug == sa.bindparam("slug"), Module.is_archived.is_(False), visible)
    )


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
