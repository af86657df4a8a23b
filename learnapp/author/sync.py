"""Loading a checked modules tree into the database: `flask modules sync`.

One call, one transaction (the caller commits): a module whose content hash is unchanged is left alone, a changed
one gets a new immutable version, a module gone from disk is archived (never deleted with its results), and an
archived module that comes back is restored.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.domain import content
from learnapp.domain.content import Block, LessonText
from learnapp.domain.files import module_files
from learnapp.domain.questions import Question as LoadedQuestion
from learnapp.domain.spec_data import spec_to_data
from learnapp.extensions import db
from learnapp.models.content import (
    Assessment,
    Lesson,
    LessonBlock,
    Module,
    ModuleFile,
    ModuleVersion,
    Question,
    QuestionText,
)
from learnapp.models.content import LessonText as LessonTextRow

logger = logging.getLogger(__name__)
MEDIA_BASE = "/media/{module_id}/"
CONTENT_SUFFIXES = (".md", ".yaml", ".yml")


@dataclass
class SyncReport:
    """What a sync did, by module id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)


def sync_modules(modules: Iterable[content.Module]) -> SyncReport:
    """Bring the database in line with `modules` (already validated); flush, do not commit."""
    report = SyncReport()
    existing = {
        module.slug: module
        for module in db.session.scalars(sa.select(Module).options(so.selectinload(Module.current_version)))
    }
    seen = set()
    for loaded in modules:
        seen.add(loaded.id)
        _sync_one(existing.get(loaded.id), loaded, report)
    for slug, module in sorted(existing.items()):
        if slug not in seen and not module.is_archived:
            module.is_archived = True
            report.archived.append(slug)
    db.session.flush()
    logger.info(
        "Modules synced: %d new, %d new versions published, %d archived, %d restored, %d unchanged",
        len(report.created),
        len(report.updated),
        len(report.archived),
        len(report.restored),
        len(report.unchanged),
    )
    for slug in (*report.created, *report.updated):
        logger.info("Module %s published", slug)
    return report


def _sync_one(module: Module | None, loaded: content.Module, report: SyncReport) -> None:
    if module is None:
        module = Module(slug=loaded.id)
        db.session.add(module)
        _add_version(module, loaded, number=1)
        report.created.append(loaded.id)
        return
    was_archived, module.is_archived = module.is_archived, False
    if module.current_version is not None and module.current_version.content_hash == loaded.content_hash:
        # Same content; the folder may have been renamed, and the next no-op check looks for it by name.
        module.current_version.source_folder = Path(loaded.folder).name
        (report.restored if was_archived else report.unchanged).append(loaded.id)
        return
    _add_version(module, loaded, number=_next_number(module))
    (report.restored if was_archived else report.updated).append(loaded.id)


def _next_number(module: Module) -> int:
    latest = db.session.scalar(sa.select(sa.func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id))
    return (latest or 0) + 1


def _add_version(module: Module, loaded: content.Module, number: int) -> None:
    version = ModuleVersion(
        module=module,
        number=number,
        content_hash=loaded.content_hash,
        position=loaded.order,
        default_language=loaded.default_language,
        estimated_minutes=loaded.estimated_minutes,
        sensitivity=loaded.sensitivity.value,
        completion=loaded.completion.value,
        prerequisites=list(loaded.prerequisites),
        tags=list(loaded.tags),
        title=dict(loaded.title),
        summary=dict(loaded.summary),
        objectives={language: list(items) for language, items in loaded.objectives.items()},
        source_folder=Path(loaded.folder).name,
        lessons=[_lesson(lesson) for lesson in loaded.lessons],
        assessments=_assessments(loaded),
        files=_files(Path(loaded.folder)),
    )
    db.session.add(version)
    db.session.flush()
    module.current_version = version


def _lesson(lesson: content.Lesson) -> Lesson:
    any_text = next(iter(lesson.texts.values()))
    return Lesson(
        slug=lesson.id,
        position=lesson.position,
        texts=[_lesson_text(text) for text in lesson.texts.values()],
        blocks=[
            LessonBlock(slug=block.id, kind=block.kind, position=index)
            for index, block in enumerate(any_text.blocks, start=1)
        ],
    )


def _lesson_text(text: LessonText) -> LessonTextRow:
    return LessonTextRow(
        language=text.language,
        title=text.title,
        summary=text.summary,
        minutes=text.minutes,
        parts=[_part(part) for part in text.parts],
    )


def _part(part: str | Block) -> dict[str, str]:
    if isinstance(part, str):
        return {"kind": "html", "html": part}
    return {"kind": part.kind, "id": part.id, "prompt_html": part.prompt_html, "commentary_html": part.commentary_html}


def _assessments(loaded: content.Module) -> list[Assessment]:
    found = []
    if loaded.quiz is not None:
        found.append(_quiz(loaded.quiz))
    if loaded.survey is not None:
        found.append(_survey(loaded.survey))
    return found


def _quiz(quiz: content.Quiz) -> Assessment:
    settings = quiz.settings
    return Assessment(
        kind="quiz",
        purpose=settings.purpose.value,
        pass_mark=settings.pass_mark,
        attempts_allowed=settings.attempts,
        grading=settings.grading.value,
        time_limit_minutes=settings.time_limit_minutes,
        is_shuffled=settings.shuffle,
        pool_size=settings.pool,
        review=settings.review.value,
        titles={language: text.title for language, text in quiz.texts.items()},
        bands={
            language: [{"min": band.min, "text": band.text} for band in text.bands]
            for language, text in quiz.texts.items()
        },
        questions=_questions(
            {language: text.questions for language, text in quiz.texts.items()}, quiz.default_language
        ),
    )


def _survey(survey: content.Survey) -> Assessment:
    default_language = next(iter(survey.texts))
    return Assessment(
        kind="survey",
        purpose="survey",
        is_anonymous=survey.is_anonymous,
        titles={language: text.title for language, text in survey.texts.items()},
        bands={},
        questions=_questions({language: text.questions for language, text in survey.texts.items()}, default_language),
    )


def _questions(by_language: dict[str, tuple[LoadedQuestion, ...]], default_language: str) -> list[Question]:
    """One row per question id, with one text per language; the default language fixes order and points."""
    reference = by_language.get(default_language) or next(iter(by_language.values()))
    rows = []
    for position, question in enumerate(reference, start=1):
        texts = [
            QuestionText(
                language=language, text_html=q.text_html, feedback_html=q.feedback_html, spec=spec_to_data(q.spec)
            )
            for language, questions in by_language.items()
            for q in questions
            if q.id == question.id
        ]
        rows.append(
            Question(slug=question.id, position=position, kind=question.kind, points=question.points, texts=texts)
        )
    return rows


def _files(folder: Path) -> list[ModuleFile]:
    """Images and attachments of the module folder (anything that is not Markdown or YAML)."""
    return [
        ModuleFile(
            path=name, media_type=mimetypes.guess_type(name)[0] or "application/octet-stream", data=path.read_bytes()
        )
        for name, path in module_files(folder).items()
        if not name.endswith(CONTENT_SUFFIXES)
    ]
