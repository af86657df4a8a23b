"""Publishing a loaded module as its next immutable version: the one path `flask modules sync` and the studio share.

A version keeps every file it was published from (module.yaml, lessons, quiz, survey, media) byte for byte, so it
can be exported as the folder it came from and its content hash checked again; how it was published (from files or
on the web, by whom, with which note) is kept beside it. The caller commits.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from learnapp.domain import content
from learnapp.domain.content import Block, LessonText
from learnapp.domain.files import bytes_hash
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
ORIGINS = ("files", "web")
_TEXT_TYPES = {".md": "text/markdown; charset=utf-8", ".yaml": "application/yaml", ".yml": "application/yaml"}


def publish_module(
    loaded: content.Module, files: Mapping[str, bytes], *, note: str, actor_id: int | None, origin: str
) -> ModuleVersion | None:
    """Make ``loaded`` (validated, with its ``files``) the module's current version; flush, do not commit.

    Returns the new version, or None when the content hash is the current version's: nothing is published then,
    but a current version synced before sources were kept gets its files filled in. A new module is created, and
    an archived one is brought back. Raises ValueError for an unknown ``origin`` or files that are not the ones
    ``loaded`` was read from.
    """
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    if bytes_hash(files) != loaded.content_hash:
        raise ValueError(f"the files given for module {loaded.id} are not the ones it was loaded from")
    module = db.session.scalar(
        sa.select(Module).filter_by(slug=loaded.id).options(so.selectinload(Module.current_version))
    )
    if module is None:
        module = Module(slug=loaded.id)
        db.session.add(module)
    module.is_archived = False
    current = module.current_version
    if current is not None and current.content_hash == loaded.content_hash:
        # Same content; the folder may have been renamed, and the next no-op check looks for it by name.
        current.source_folder = Path(loaded.folder).name
        _fill_in_sources(current, files)
        return None
    version = _add_version(module, loaded, files, _next_number(module), _Publication(note, actor_id, origin))
    logger.info(
        "Module %s published: version %d (id %d, module id %d), origin %s, by user %s",
        loaded.id,
        version.number,
        version.id,
        module.id,
        origin,
        actor_id,
    )
    return version


def _fill_in_sources(version: ModuleVersion, files: Mapping[str, bytes]) -> None:
    stored = set(db.session.scalars(sa.select(ModuleFile.path).filter_by(version_id=version.id)))
    missing = [path for path in sorted(files) if path not in stored]
    db.session.add_all(_file(path, files[path], version_id=version.id) for path in missing)


def _file(path: str, data: bytes, *, version_id: int | None = None) -> ModuleFile:
    suffix = Path(path).suffix.lower()
    media_type = _TEXT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if version_id is None:
        return ModuleFile(path=path, media_type=media_type, data=data)
    return ModuleFile(version_id=version_id, path=path, media_type=media_type, data=data)


def _next_number(module: Module) -> int:
    if module.id is None:
        return 1
    latest = db.session.scalar(sa.select(sa.func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id))
    return (latest or 0) + 1


@dataclass(frozen=True)
class _Publication:
    note: str
    actor_id: int | None
    origin: str


def _add_version(
    module: Module, loaded: content.Module, files: Mapping[str, bytes], number: int, publication: _Publication
) -> ModuleVersion:
    version = ModuleVersion(
        module=module,
        number=number,
        change_note=publication.note,
        published_by_id=publication.actor_id,
        origin=publication.origin,
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
        files=[_file(path, files[path]) for path in sorted(files)],
    )
    db.session.add(version)
    db.session.flush()
    module.current_version = version
    return version


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
