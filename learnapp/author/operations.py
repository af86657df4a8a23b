"""Writes of the studio: drafts, their files, authors and reviews. Each flushes; the view commits once.

Every change to a draft's files goes through `_put` and `_remove`, and every change ends with `recheck`, which runs
the module loader over the whole draft and stores what it found (problems, counts, content hash, titles), so the
studio shows the same problems as `flask modules check` after every save, and the home page needs no loading.
A change by anyone also sends a requested or approved review back to editing: an approval covers the exact files
that were reviewed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from learnapp.author import queries
from learnapp.author.checking import check_draft
from learnapp.author.publish import publish_module
from learnapp.author.sources import curriculum_outline
from learnapp.domain import drafting
from learnapp.domain.content import Sensitivity
from learnapp.domain.drafting import DraftError
from learnapp.domain.profiles import Role
from learnapp.domain.yaml_source import split_front_matter
from learnapp.extensions import db
from learnapp.models import AuditEvent, Draft, DraftFile, ModuleAuthor, ModuleVersion, ReviewComment, User
from learnapp.models.types import utcnow

logger = logging.getLogger(__name__)
# The summary and objective a new module starts with, in the module's own languages (file content, not interface).
PLACEHOLDERS = {
    "en": ("One sentence about the module.", "What the trainee will be able to do."),
    "ru": ("Одно предложение о модуле.", "Что слушатель сможет делать."),
}
REVIEWED_SENSITIVITIES = (Sensitivity.RESTRICTED.value, Sensitivity.PROGRAMME.value)


def audit(actor_id: int, action: str, slug: str, **details: Any) -> None:
    """Record a studio action in the audit log (request review, approve, send back, publish, restore)."""
    db.session.add(AuditEvent(user_id=actor_id, action=action, target=f"module:{slug}", details=details))


def start_draft(
    slug: str, files: Mapping[str, bytes], actor_id: int | None, *, module_id: int | None = None, folder: str = ""
) -> Draft:
    """A new draft holding ``files`` (a published version's, or a new module's), checked once.

    ``folder`` is the module folder's name in the modules/ layout (a published version's source folder); a module
    created in the studio uses its id.
    """
    draft = Draft(slug=slug, folder=folder or slug, module_id=module_id, editor_ids=[], problems=[], titles={})
    draft.files = [DraftFile(path=path, data=data, updated_by_id=actor_id) for path, data in sorted(files.items())]
    db.session.add(draft)
    db.session.flush()
    recheck(draft)
    draft.review_required = _sensitivity(files) in REVIEWED_SENSITIVITIES
    return draft


def _sensitivity(files: Mapping[str, bytes]) -> str:
    """The sensitivity module.yaml declares, or "" when it cannot be read."""
    settings = read_settings(files.get(drafting.MODULE_FILE, b""))
    return str(settings.get("sensitivity", "")) if settings else ""


def new_module_files(slug: str, titles: Mapping[str, str]) -> dict[str, bytes]:
    """The files a module created in the studio starts with: module.yaml and a first lesson per language."""
    languages = tuple(titles)
    settings = {
        "id": slug,
        "order": 100,
        "default_language": languages[0],
        "estimated_minutes": 30,
        "sensitivity": Sensitivity.PUBLIC.value,
        "prerequisites": [],
        "tags": [],
        "completion": "lessons",
        "title": dict(titles),
        "summary": {language: PLACEHOLDERS[language][0] for language in languages},
        "objectives": {language: [PLACEHOLDERS[language][1]] for language in languages},
    }
    files = {drafting.MODULE_FILE: settings_yaml(settings)}
    for language in languages:
        files[drafting.lesson_path(1, "introduction", language)] = drafting.lesson_skeleton("Introduction").encode()
    return files


def create_module(slug: str, titles: Mapping[str, str], actor_id: int) -> Draft:
    """A new module's draft with its creator as first author."""
    draft = start_draft(slug, new_module_files(slug, titles), actor_id)
    _touch(draft, actor_id)
    db.session.add(ModuleAuthor(draft_id=draft.id, user_id=actor_id))
    db.session.flush()
    return draft


def recheck(draft: Draft) -> None:
    """Run the loader over the draft and keep its problems, counts, titles and content hash."""
    # The other modules' module.yaml and quizzes: prerequisites, stems repeated from another module's quiz and
    # feedback naming a module are checked as `flask modules check` does. Their questions render from the
    # renderer's cache after the first save (see markdown_render), so this costs little on later saves.
    others = curriculum_outline(draft.slug)
    checked = check_draft(queries.file_contents(draft.id), draft.folder, others=others)
    draft.problems = [
        {"path": p.path, "line": p.line, "message": p.message, "severity": "error"} for p in checked.errors
    ] + [{"path": p.path, "line": p.line, "message": p.message, "severity": "warning"} for p in checked.warnings]
    draft.error_count, draft.warning_count = len(checked.errors), len(checked.warnings)
    draft.content_hash = checked.content_hash
    if checked.module is not None:
        draft.titles = dict(checked.module.title)
    draft.updated_at = utcnow()
    db.session.flush()


def _touch(draft: Draft, actor_id: int) -> None:
    """A change by ``actor_id``: they become one of the change's writers and any review starts again."""
    if actor_id not in draft.editor_ids:
        draft.editor_ids = [*draft.editor_ids, actor_id]
    draft.review_state = "editing"


def _put(draft: Draft, path: str, data: bytes, actor_id: int) -> DraftFile:
    file = queries.draft_file(draft.id, path)
    if file is None:
        file = DraftFile(draft_id=draft.id, path=path, data=data, revision=1, updated_by_id=actor_id)
        db.session.add(file)
    else:
        file.data, file.revision, file.updated_by_id, file.updated_at = data, file.revision + 1, actor_id, utcnow()
    _touch(draft, actor_id)
    return file


@dataclass(frozen=True)
class Conflict:
    """A save made from an older revision: the text now stored and the text that was sent, neither lost."""

    path: str
    stored: str
    stored_revision: int
    sent: str


def save_text(draft: Draft, path: str, text: str, revision: int, actor_id: int) -> Conflict | None:
    """Store a text file if nobody saved it since ``revision``; otherwise a Conflict and nothing written.

    A stale save of exactly the stored text is no conflict: it is what happens when an author presses Save while
    their own autosave of the same text is on its way.
    """
    data = text.replace("\r\n", "\n").encode("utf-8")
    if len(data) > drafting.MAX_TEXT_BYTES:
        raise DraftError(f"{path} is too long ({len(data):,} bytes): keep a file under {drafting.MAX_TEXT_BYTES:,}")
    file = queries.draft_file(draft.id, path)
    current = file.revision if file is not None else 0
    if current != revision and (file is None or file.data != data):
        stored = file.data.decode("utf-8", errors="replace") if file is not None else ""
        return Conflict(path, stored, current, text)
    if file is None or file.data != data:
        _put(draft, path, data, actor_id)
        db.session.flush()
        recheck(draft)
    return None


def add_lesson(draft: Draft, name: str, languages: tuple[str, ...], actor_id: int) -> list[str]:
    """A new lesson at the end, one file per language, each from the lesson skeleton."""
    paths = drafting.added_lesson(queries.file_entries(draft.id), name, languages)
    title = name.replace("-", " ").capitalize()
    for path in paths:
        _put(draft, path, drafting.lesson_skeleton(title).encode(), actor_id)
    db.session.flush()
    recheck(draft)
    return paths


def _apply_moves(draft: Draft, moves: Mapping[str, str], actor_id: int) -> None:
    """Rename files (old path to new), in one pass that never lets two files share a path."""
    changing = {old: new for old, new in moves.items() if old != new}
    if not changing:
        return
    files = queries.draft_files(draft.id, list(changing))
    for old in changing:
        files[old].path = f"{old}.moving"
    db.session.flush()
    for old, new in changing.items():
        files[old].path, files[old].revision = new, files[old].revision + 1
    _touch(draft, actor_id)
    db.session.flush()


def move_lesson(draft: Draft, stem: str, offset: int, actor_id: int) -> None:
    """Move a lesson up or down; every lesson's position is renumbered 01, 02, ..."""
    entries = drafting.lessons(queries.file_entries(draft.id))
    _apply_moves(draft, drafting.renamed_paths(drafting.moved(entries, stem, offset)), actor_id)
    recheck(draft)


def rename_lesson(draft: Draft, stem: str, name: str, actor_id: int) -> None:
    """Give a lesson a new name in every language; positions are renumbered too."""
    entries = drafting.lessons(queries.file_entries(draft.id))
    _apply_moves(draft, drafting.renamed_paths(drafting.renamed(entries, stem, name)), actor_id)
    recheck(draft)


def delete_lesson(draft: Draft, stem: str, actor_id: int) -> None:
    """Remove a lesson in every language and renumber the others."""
    entries = drafting.lessons(queries.file_entries(draft.id))
    doomed = next((entry for entry in entries if entry.stem == stem), None)
    if doomed is None:
        raise DraftError(f"there is no lesson {stem} in this draft")
    for file in queries.draft_files(draft.id, list(doomed.paths.values())).values():
        db.session.delete(file)
    _touch(draft, actor_id)
    db.session.flush()
    _apply_moves(draft, drafting.renamed_paths([entry for entry in entries if entry.stem != stem]), actor_id)
    recheck(draft)


def read_settings(data: bytes) -> dict[str, Any] | None:
    """module.yaml as a mapping, or None when it is not valid YAML or not a mapping."""
    try:
        loaded = yaml.safe_load(data.decode("utf-8", errors="replace"))
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


def settings_yaml(settings: Mapping[str, Any]) -> bytes:
    """module.yaml text for ``settings``, keys in the documented order, non-ASCII text kept readable."""
    text = yaml.safe_dump(dict(settings), sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return text.encode("utf-8")


def write_settings(draft: Draft, settings: Mapping[str, Any], actor_id: int) -> None:
    """Replace module.yaml with the settings form's values (comments in the file are not kept)."""
    _put(draft, drafting.MODULE_FILE, settings_yaml(settings), actor_id)
    db.session.flush()
    recheck(draft)


def read_front_matter(data: bytes) -> tuple[dict[str, Any], str] | None:
    """A Markdown file's front matter as a mapping and its body; None when the front matter is not a YAML mapping."""
    parts = split_front_matter(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    if parts.yaml_text is None:
        return {}, parts.body
    loaded = read_settings(parts.yaml_text.encode("utf-8"))
    return (loaded, parts.body) if loaded is not None else None


def write_quiz_settings(draft: Draft, path: str, front: Mapping[str, Any], body: str, actor_id: int) -> None:
    """Replace the quiz file's front matter with the settings form's values, keeping its questions."""
    _put(draft, path, b"---\n" + settings_yaml(front) + b"---\n" + body.encode("utf-8"), actor_id)
    db.session.flush()
    recheck(draft)


def set_review_required(draft: Draft, required: bool) -> None:
    """Whether this module's drafts must be approved before they publish."""
    draft.review_required = required
    db.session.flush()


def add_author(draft: Draft, user_id: int) -> None:
    """Make a trainer an author of the module (no-op when they already are)."""
    if not queries.is_author(draft.id, user_id):
        db.session.add(ModuleAuthor(draft_id=draft.id, user_id=user_id))
        db.session.flush()


def remove_author(draft: Draft, user_id: int) -> None:
    """The trainer stops being an author of the module."""
    author = db.session.get(ModuleAuthor, (draft.id, user_id))
    if author is not None:
        db.session.delete(author)
        db.session.flush()


def request_review(draft: Draft, actor_id: int, note: str) -> None:
    """Ask the other authors and the administrators to review the draft as it stands."""
    if draft.error_count:
        raise DraftError("fix every problem marked as an error before asking for a review")
    draft.review_state = "requested"
    db.session.add(ReviewComment(draft_id=draft.id, author_id=actor_id, decision="comment", body=note))
    audit(actor_id, "studio.request_review", draft.slug)
    db.session.flush()


def may_approve(draft: Draft, actor_id: int) -> bool:
    """Whether this reviewer may approve: nobody approves a change they wrote."""
    return actor_id not in draft.editor_ids


def review(draft: Draft, actor_id: int, decision: str, body: str) -> None:
    """A reviewer's comment, approval or sending back; an approval needs a reviewer who wrote none of the change."""
    if decision == "approve":
        if draft.review_state != "requested":
            raise DraftError("only a draft whose review was requested can be approved")
        if not may_approve(draft, actor_id):
            raise DraftError("you changed this draft, so another author or an administrator must approve it")
        draft.review_state = "approved"
        audit(actor_id, "studio.approve", draft.slug)
    elif decision == "send_back":
        draft.review_state = "editing"
        audit(actor_id, "studio.send_back", draft.slug)
    db.session.add(ReviewComment(draft_id=draft.id, author_id=actor_id, decision=decision, body=body))
    db.session.flush()


def publish_refusal(draft: Draft, published_hash: str | None) -> str | None:
    """Why the draft cannot be published now, or None when it can."""
    if draft.error_count:
        return "fix every problem marked as an error first"
    if draft.content_hash == published_hash:
        return "the draft is the same as the published version: there is nothing to publish"
    if draft.review_required and draft.review_state != "approved":
        return "this module needs an approved review before it publishes: ask for a review"
    return None


def publish(draft: Draft, note: str, actor_id: int, published_hash: str | None) -> ModuleVersion:
    """The draft as the module's next version, through the one publish path `flask modules sync` uses too.

    Afterwards the draft equals the new version: its writers and its review start afresh.
    """
    refusal = publish_refusal(draft, published_hash)
    if refusal is not None:
        raise DraftError(refusal)
    files = queries.file_contents(draft.id)
    # The other modules' module.yaml, so that prerequisites resolve here too; their quizzes are left out, as they
    # only add warnings (a repeated stem), which never block a publish.
    checked = check_draft(files, draft.folder, others=curriculum_outline(draft.slug, quizzes=False))
    if checked.module is None or checked.errors:
        raise DraftError("fix every problem marked as an error first")
    version = publish_module(checked.module, files, note=note, actor_id=actor_id, origin="web")
    if version is None:
        raise DraftError("the draft is the same as the published version: there is nothing to publish")
    draft.module_id = version.module_id
    draft.editor_ids = []
    draft.review_state = "editing"
    audit(actor_id, "studio.publish", draft.slug, version=version.number, content_hash=version.content_hash)
    db.session.flush()
    return version


def restore(draft: Draft, files: Mapping[str, bytes], number: int, actor_id: int) -> None:
    """Make the draft hold a published version's files again (it publishes as a new version)."""
    replace_files(draft, files, actor_id)
    audit(actor_id, "studio.restore", draft.slug, version=number)


def replace_files(draft: Draft, files: Mapping[str, bytes], actor_id: int) -> None:
    """Make the draft hold exactly ``files`` (restore a version, upload a zip), keeping revisions increasing."""
    current = queries.draft_files(draft.id)
    for path, file in current.items():
        if path not in files:
            db.session.delete(file)
    for path, data in files.items():
        if path not in current or current[path].data != data:
            _put(draft, path, data, actor_id)
    _touch(draft, actor_id)
    db.session.flush()
    recheck(draft)


def delete_file(draft: Draft, path: str, actor_id: int) -> None:
    """Remove a file (media, a quiz, a survey) from the draft."""
    file = queries.draft_file(draft.id, path)
    if file is not None:
        db.session.delete(file)
        _touch(draft, actor_id)
        db.session.flush()
        recheck(draft)


def put_media(draft: Draft, path: str, data: bytes, actor_id: int) -> None:
    """Store an uploaded image or attachment (already checked) under media/."""
    _put(draft, path, data, actor_id)
    db.session.flush()
    recheck(draft)


def upload(folder: str, files: Mapping[str, bytes], actor: User) -> str:
    """An unpacked module zip as a draft; returns the module id.

    A new module gets its uploader as author; the draft of an existing one is replaced, which only its authors and
    administrators may do (PermissionError otherwise).
    """
    settings = read_settings(files.get(drafting.MODULE_FILE, b""))
    slug = str(settings.get("id", "")) if settings else ""
    if not drafting.is_module_id(slug):
        raise DraftError("module.yaml has no usable 'id': fix it, then upload again")
    is_admin = actor.role == Role.ADMIN.value
    draft = queries.draft(slug)
    if draft is None:
        published = queries.published(slug)
        if published is not None and not is_admin:
            raise PermissionError(slug)
        module_id = published[0].id if published else None
        draft = start_draft(slug, files, actor.id, module_id=module_id, folder=folder)
        _touch(draft, actor.id)
        if published is None:
            db.session.add(ModuleAuthor(draft_id=draft.id, user_id=actor.id))
        db.session.flush()
        return slug
    if not is_admin and not queries.is_author(draft.id, actor.id):
        raise PermissionError(slug)
    replace_files(draft, files, actor.id)
    return slug
