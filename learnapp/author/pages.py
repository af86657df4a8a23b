"""The studio's pages assembled into plain values for the templates: the module desk, the editor and the previews.

The quiz and survey preview, which can be answered and graded, is in `assessment_preview`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import abort
from markupsafe import Markup

from learnapp.author import queries
from learnapp.author.checking import check_draft
from learnapp.domain import content, drafting
from learnapp.domain.content import Block, localised
from learnapp.domain.drafting import LessonEntry
from learnapp.models import Draft
from learnapp.stored_html import stored_html

STUDIO_LANGUAGES = ("en", "ru")
EMPTY_HTML = Markup("")


@dataclass(frozen=True)
class ProblemLine:
    """A problem the loader found, as the studio lists it beside its file."""

    path: str
    line: int
    message: str
    severity: str


def problems_of(draft: Draft) -> list[ProblemLine]:
    """The problems stored at the draft's last save, errors first."""
    found = [ProblemLine(p["path"], p["line"], p["message"], p["severity"]) for p in draft.problems]
    return sorted(found, key=lambda p: (p.severity != "error", p.path, p.line))


@dataclass(frozen=True)
class Desk:
    """The studio page of one module: its files, what is missing, its problems, its authors."""

    draft: Draft
    lessons: list[LessonEntry]
    missing: list[str]
    assessments: dict[str, dict[str, str]]
    media: list[queries.FileEntry]
    problems: list[ProblemLine]
    authors: list[queries.Person]
    can_edit: bool


def desk(draft: Draft, can_edit: bool) -> Desk:
    """Four statements: the files (without contents), the authors, and the draft and user already loaded."""
    entries = queries.file_entries(draft.id)
    lessons = drafting.lessons(entries)
    return Desk(
        draft=draft,
        lessons=lessons,
        missing=drafting.missing_translations(lessons, STUDIO_LANGUAGES),
        assessments=drafting.assessments(entries),
        media=[entry for entry in entries.values() if not drafting.is_text(entry.path)],
        problems=problems_of(draft),
        authors=queries.authors(draft.id),
        can_edit=can_edit,
    )


@dataclass(frozen=True)
class Editor:
    """One text file in the editor, with its problems by line and, on request, its twin in the other language."""

    draft: Draft
    path: str
    text: str
    revision: int
    line_count: int
    problems: list[ProblemLine]
    problem_lines: set[int]
    twin_path: str | None
    twin_text: str | None
    assessment_kind: str | None
    can_edit: bool
    lessons: list[LessonEntry] = field(default_factory=list)


def twin_of(path: str) -> str | None:
    """The same lesson, quiz or survey in the other studio language (English <-> Russian)."""
    for language, other in (("en", "ru"), ("ru", "en")):
        suffix = f".{language}.md"
        if path.endswith(suffix):
            return path.removesuffix(suffix) + f".{other}.md"
    return None


def editor(draft: Draft, path: str, *, with_twin: bool, can_edit: bool) -> Editor:
    """Two statements (three with the twin): the file list, the file, and its twin."""
    entries = queries.file_entries(draft.id)
    if path not in entries and not _may_create(path):
        abort(404)
    file = queries.draft_file(draft.id, path) if path in entries else None
    text = file.data.decode("utf-8", errors="replace") if file is not None else ""
    twin_path = twin_of(path) if with_twin else None
    twin = queries.draft_file(draft.id, twin_path) if twin_path and twin_path in entries else None
    problems = [problem for problem in problems_of(draft) if problem.path == path]
    kind = next((k for k in ("quiz", "survey") if path.startswith(f"{k}.")), None)
    return Editor(
        draft=draft,
        path=path,
        text=text,
        revision=file.revision if file is not None else 0,
        line_count=max(text.count("\n") + 1, 1),
        problems=problems,
        problem_lines={problem.line for problem in problems},
        twin_path=twin_path,
        twin_text=twin.data.decode("utf-8", errors="replace") if twin is not None else None,
        assessment_kind=kind,
        can_edit=can_edit,
        lessons=drafting.lessons(entries),
    )


def _may_create(path: str) -> bool:
    """A missing file the editor may create: a lesson translation, a quiz or a survey in a studio language."""
    return any(path.endswith(f".{language}.md") for language in STUDIO_LANGUAGES) and (
        path.startswith(f"{drafting.LESSON_FOLDER}/") or path.startswith(("quiz.", "survey."))
    )


@dataclass(frozen=True)
class PreviewPart:
    """A piece of a previewed lesson, shaped like the lesson page's parts (see learn/pages.py)."""

    kind: str
    html: Markup
    id: str = ""
    commentary_html: Markup = EMPTY_HTML


def _parts(parts: tuple[str | Block, ...]) -> list[PreviewPart]:
    """HTML the loader rendered and sanitised (nh3), marked safe exactly as the lesson page marks stored HTML."""
    return [
        PreviewPart("html", stored_html(part))
        if isinstance(part, str)
        else PreviewPart(part.kind, stored_html(part.prompt_html), part.id, stored_html(part.commentary_html))
        for part in parts
    ]


@dataclass(frozen=True)
class LessonPreview:
    """A draft lesson as a trainee would read it."""

    draft: Draft
    module_title: str
    text: content.LessonText
    parts: list[PreviewPart]
    is_fallback: bool
    position: int
    count: int
    stems: list[str]


def loaded_module(draft: Draft, keep: Callable[[str], bool] = lambda path: True) -> content.Module:
    """The draft loaded in memory, images pointing at the draft's own media; 404 when module.yaml is unusable.

    ``keep`` chooses the files to load besides module.yaml and the media: rendering is most of a preview's time,
    so a lesson's preview renders that lesson only, not the others and the quiz.
    """
    files = {
        path: data
        for path, data in queries.file_contents(draft.id).items()
        if path == drafting.MODULE_FILE or not drafting.is_text(path) or keep(path)
    }
    checked = check_draft(files, draft.folder, media_base=f"/studio/{draft.slug}/media/", with_glossary=False)
    return checked.module or abort(404)


def lesson_preview(draft: Draft, stem: str, language: str) -> LessonPreview:
    """One statement (the files), whatever the lesson's length; only this lesson is rendered."""
    module = loaded_module(draft, lambda path: path.startswith(f"{drafting.LESSON_FOLDER}/{stem}."))
    lesson = next((lesson for lesson in module.lessons if lesson.id == stem), None) or abort(404)
    text, is_fallback = localised(lesson.texts, language, module.default_language)
    stems = [entry.stem for entry in drafting.lessons(queries.file_entries(draft.id))]
    return LessonPreview(
        draft=draft,
        module_title=localised(module.title, language, module.default_language)[0],
        text=text,
        parts=_parts(text.parts),
        is_fallback=is_fallback,
        position=stems.index(stem) + 1,
        count=len(stems),
        stems=stems,
    )


@dataclass(frozen=True)
class ModulePreview:
    """The draft's module page as a trainee would see it, before any progress."""

    draft: Draft
    module: content.Module
    title: str
    summary: str
    objectives: tuple[str, ...]
    lessons: list[tuple[str, str, int]]
    quiz_title: str | None
    quiz: Any


def module_preview(draft: Draft, language: str) -> ModulePreview:
    """One statement (the files)."""
    module = loaded_module(draft)
    default = module.default_language
    lessons = [
        (
            lesson.id,
            localised(lesson.texts, language, default)[0].title,
            localised(lesson.texts, language, default)[0].minutes,
        )
        for lesson in module.lessons
    ]
    quiz_title = localised(module.quiz.texts, language, default)[0].title if module.quiz else None
    return ModulePreview(
        draft=draft,
        module=module,
        title=localised(module.title, language, default)[0],
        summary=localised(module.summary, language, default)[0],
        objectives=localised(module.objectives, language, default)[0] if module.objectives else (),
        lessons=lessons,
        quiz_title=quiz_title,
        quiz=module.quiz.settings if module.quiz else None,
    )
