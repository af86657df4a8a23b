"""Finding the module a URL names, and picking the text of the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

import sqlalchemy as sa
from flask import abort

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.learn.queries import visible_to
from learnapp.models import Module, ModuleVersion, User


class HasLanguage(Protocol):
    """A row with a language column (a lesson text, a question text)."""

    language: str


Text = TypeVar("Text", bound=HasLanguage)


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
