"""Reads of the studio: a fixed number of statements per page, whatever the number of modules, lessons or files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from learnapp.domain.drafting import TEXT_SUFFIXES
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Draft, DraftFile, Module, ModuleAuthor, ModuleVersion, ReviewComment, User


@dataclass(frozen=True)
class StudioRow:
    """A module as the studio home lists it."""

    slug: str
    titles: dict[str, str]
    version_number: int | None
    has_draft: bool
    has_changes: bool
    error_count: int
    warning_count: int
    review_state: str
    is_author: bool


def studio_rows(user_id: int) -> list[StudioRow]:
    """Every live module and every draft, with its status; two statements.

    The modules a user authors come first; each group is in the curriculum's order (``order`` in module.yaml), as
    trainees and reports list them, and drafts never published follow by id.
    """
    published = {
        slug: (number, digest, title, position)
        for slug, number, digest, title, position in db.session.execute(
            sa.select(
                Module.slug,
                ModuleVersion.number,
                ModuleVersion.content_hash,
                ModuleVersion.title,
                ModuleVersion.position,
            )
            .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
            .where(Module.is_archived.is_(False))
        )
    }
    authored = sa.select(ModuleAuthor.draft_id).where(
        ModuleAuthor.user_id == user_id, ModuleAuthor.draft_id == Draft.id
    )
    drafts = {
        draft.slug: (draft, is_author)
        for draft, is_author in db.session.execute(sa.select(Draft, authored.exists().label("is_author")))
    }
    rows = []
    never_published: tuple[int | None, str | None, dict[str, str], int | None] = (None, None, {}, None)

    def curriculum_place(slug: str) -> tuple[bool, int, str]:
        position = published.get(slug, never_published)[3]
        return (position is None, position or 0, slug)

    for slug in sorted(set(published) | set(drafts), key=curriculum_place):
        number, digest, title, _position = published.get(slug, never_published)
        draft, is_author = drafts.get(slug, (None, False))
        rows.append(
            StudioRow(
                slug=slug,
                titles=draft.titles if draft is not None and draft.titles else title,
                version_number=number,
                has_draft=draft is not None,
                has_changes=draft is not None and draft.content_hash != digest,
                error_count=draft.error_count if draft else 0,
                warning_count=draft.warning_count if draft else 0,
                review_state=draft.review_state if draft else "editing",
                is_author=bool(is_author),
            )
        )
    return sorted(rows, key=lambda row: not row.is_author)


def draft(slug: str) -> Draft | None:
    """The draft of the module with this id."""
    return db.session.scalar(sa.select(Draft).filter_by(slug=slug))


def published(slug: str) -> tuple[Module, ModuleVersion] | None:
    """The module with this id and its current version, when it has been published and not archived."""
    row = db.session.execute(
        sa.select(Module, ModuleVersion)
        .join(ModuleVersion, Module.current_version_id == ModuleVersion.id)
        .where(Module.slug == slug, Module.is_archived.is_(False))
    ).first()
    return (row[0], row[1]) if row else None


def is_author(draft_id: int, user_id: int) -> bool:
    """Whether the user is one of the draft's authors."""
    return db.session.get(ModuleAuthor, (draft_id, user_id)) is not None


@dataclass(frozen=True)
class FileEntry:
    """A draft file without its bytes: path, size and revision."""

    path: str
    size: int
    revision: int


def file_entries(draft_id: int) -> dict[str, FileEntry]:
    """The draft's files by path, without loading their contents."""
    rows = db.session.execute(
        sa.select(DraftFile.path, sa.func.length(DraftFile.data), DraftFile.revision)
        .where(DraftFile.draft_id == draft_id)
        .order_by(DraftFile.path)
    )
    return {path: FileEntry(path, size or 0, revision) for path, size, revision in rows}


def draft_file(draft_id: int, path: str) -> DraftFile | None:
    """One file of the draft, with its contents."""
    return db.session.scalar(sa.select(DraftFile).filter_by(draft_id=draft_id, path=path))


def draft_files(draft_id: int, paths: list[str] | None = None) -> dict[str, DraftFile]:
    """The draft's files (all, or those of ``paths``) with their contents, in one statement."""
    query = sa.select(DraftFile).filter_by(draft_id=draft_id)
    if paths is not None:
        query = query.where(DraftFile.path.in_(paths))
    return {file.path: file for file in db.session.scalars(query)}


def text_contents(draft_id: int) -> dict[str, bytes]:
    """The draft's Markdown and YAML files as bytes, by path (media left out)."""
    rows = db.session.execute(
        sa.select(DraftFile.path, DraftFile.data).where(
            DraftFile.draft_id == draft_id, sa.or_(*(DraftFile.path.endswith(suffix) for suffix in TEXT_SUFFIXES))
        )
    )
    return {path: data for path, data in rows}


def file_contents(draft_id: int) -> dict[str, bytes]:
    """Every file of the draft as bytes, by path: what the loader and the zip download read."""
    rows = db.session.execute(sa.select(DraftFile.path, DraftFile.data).filter_by(draft_id=draft_id))
    return {path: data for path, data in rows}


@dataclass(frozen=True)
class Person:
    """A user as the studio names them."""

    id: int
    name: str
    email: str


def authors(draft_id: int) -> list[Person]:
    """The draft's authors, by name."""
    rows = db.session.execute(
        sa.select(User.id, User.full_name, User.email)
        .join(ModuleAuthor, ModuleAuthor.user_id == User.id)
        .where(ModuleAuthor.draft_id == draft_id)
        .order_by(User.full_name)
    )
    return [Person(*row) for row in rows]


def trainers_not_authoring(draft_id: int) -> list[Person]:
    """Active trainers who are not yet authors of the draft: the choices for "add an author"."""
    authoring = sa.select(ModuleAuthor.user_id).where(ModuleAuthor.draft_id == draft_id)
    rows = db.session.execute(
        sa.select(User.id, User.full_name, User.email)
        .where(User.role == Role.TRAINER.value, User.is_active.is_(True), User.id.not_in(authoring))
        .order_by(User.full_name)
    )
    return [Person(*row) for row in rows]


def trainer(user_id: int) -> User | None:
    """An active trainer by id."""
    return db.session.scalar(
        sa.select(User).where(User.id == user_id, User.role == Role.TRAINER.value, User.is_active.is_(True))
    )


@dataclass(frozen=True)
class Comment:
    """A review comment with its writer's name."""

    author: str
    decision: str
    body: str
    created_at: datetime


def comments(draft_id: int) -> list[Comment]:
    """The draft's review comments, oldest first."""
    rows = db.session.execute(
        sa.select(User.full_name, ReviewComment.decision, ReviewComment.body, ReviewComment.created_at)
        .outerjoin(User, User.id == ReviewComment.author_id)
        .where(ReviewComment.draft_id == draft_id)
        .order_by(ReviewComment.id)
    )
    return [Comment(name or "", decision, body, created) for name, decision, body, created in rows]


@dataclass(frozen=True)
class VersionRow:
    """A published version as the history lists it."""

    number: int
    content_hash: str
    published_at: datetime
    publisher: str
    note: str
    origin: str


def versions(module_id: int) -> list[VersionRow]:
    """Every version of the module with who published it, newest first; one statement."""
    rows = db.session.execute(
        sa.select(
            ModuleVersion.number,
            ModuleVersion.content_hash,
            ModuleVersion.synced_at,
            User.full_name,
            ModuleVersion.change_note,
            ModuleVersion.origin,
        )
        .outerjoin(User, User.id == ModuleVersion.published_by_id)
        .where(ModuleVersion.module_id == module_id)
        .order_by(ModuleVersion.number.desc())
    )
    return [VersionRow(number, digest, at, name or "", note, origin) for number, digest, at, name, note, origin in rows]


def version_id(module_id: int, number: int) -> int | None:
    """The id of the module's version with this number."""
    return db.session.scalar(sa.select(ModuleVersion.id).filter_by(module_id=module_id, number=number))
