"""The module page and the lesson page, assembled from queries into plain values for the templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import abort, url_for
from markupsafe import Markup

from learnapp.catalogue import languages_to_load, pick, pick_value
from learnapp.domain.content import CompletionRule, Purpose
from learnapp.domain.glossary import GLOSSARY_FILE, Glossary, load_glossary
from learnapp.domain.grading import attempts_grade, attempts_left
from learnapp.domain.progress import Progress, missing_prerequisites, module_progress
from learnapp.extensions import db
from learnapp.learn import queries
from learnapp.models import Assessment, Attempt, Lesson, LessonText, Module, ModuleVersion
from learnapp.progress import queries as progress_queries
from learnapp.stored_html import stored_html


@dataclass(frozen=True)
class LessonLink:
    """A lesson in a list or a previous/next link."""

    slug: str
    title: str
    minutes: int
    url: str
    is_read: bool
    position: int


@dataclass(frozen=True)
class QuizSummary:
    """The module's quiz as the module page shows it."""

    title: str
    purpose: str
    attempts_used: int
    attempts_left: int | None
    grade: float | None
    pass_mark: float
    open_attempt_id: int | None
    time_limit_minutes: int


@dataclass(frozen=True)
class ModulePage:
    """Everything the module page shows."""

    module: Module
    version: ModuleVersion
    title: str
    summary: str
    objectives: list[str]
    lessons: list[LessonLink]
    progress: Progress
    quiz: QuizSummary | None
    has_survey: bool
    missing: list[str]  # titles of the prerequisite modules not completed yet
    certificate_code: str | None


def module_page(module: Module, version: ModuleVersion, user_id: int, language: str) -> ModulePage:
    """Seven statements (plus the user and the module) whatever the module's size or the trainee's history."""
    default = version.default_language
    titles = queries.lesson_titles(version.id, languages_to_load(language, default))
    reads = progress_queries.reads_by_module(user_id, [module.id]).get(module.id, {})
    assessments = {a.kind: a for a in db.session.scalars(sa.select(Assessment).filter_by(version_id=version.id))}
    attempts = progress_queries.quiz_attempts_by_module(user_id, [module.id]).get(module.id, [])
    completion, code = progress_queries.completions_by_module(user_id).get(module.id, (None, None))
    prerequisites = queries.prerequisite_status(user_id, list(version.prerequisites))
    done = {slug for slug, (_, is_done) in prerequisites.items() if is_done}
    quiz = assessments.get("quiz")
    record = progress_queries.quiz_record_of(quiz, attempts)
    lesson_ids = [lesson.slug for lesson, _ in titles]
    return ModulePage(
        module=module,
        version=version,
        title=pick_value(version.title, language, default),
        summary=pick_value(version.summary, language, default),
        objectives=version.objectives.get(language) or version.objectives.get(default, []),
        lessons=_links(module.slug, titles, reads, language, default),
        progress=module_progress(CompletionRule(version.completion), lesson_ids, reads, record, completion is not None),
        quiz=_quiz_summary(quiz, attempts, language, default) if quiz else None,
        has_survey="survey" in assessments,
        missing=[
            pick_value(prerequisites[slug][0], language, default) if slug in prerequisites else slug
            for slug in missing_prerequisites(version.prerequisites, done)
        ]
        if completion is None
        else [],
        certificate_code=code,
    )


def _links(
    slug: str, titles: list[tuple[Lesson, list[Any]]], reads: dict[str, Any], language: str, default: str
) -> list[LessonLink]:
    links = []
    for lesson, texts in titles:
        text, _ = pick(texts, language, default)
        url = url_for("learn.show_lesson", slug=slug, lesson_slug=lesson.slug)
        links.append(LessonLink(lesson.slug, text.title, text.minutes, url, lesson.slug in reads, lesson.position))
    return links


def _is_pre_test(quiz: Assessment | None) -> bool:
    """Whether the quiz is a pre-test, which measures what a trainee knows and is not marked."""
    return quiz is not None and quiz.kind == "quiz" and quiz.purpose == Purpose.PRE_TEST


def _quiz_summary(quiz: Assessment, attempts: list[Attempt], language: str, default: str) -> QuizSummary:
    submitted = [attempt for attempt in attempts if attempt.submitted_at is not None]
    open_attempt = next((attempt for attempt in attempts if attempt.submitted_at is None), None)
    record = progress_queries.quiz_record_of(quiz, attempts)
    return QuizSummary(
        title=pick_value(quiz.titles, language, default),
        purpose=quiz.purpose,
        attempts_used=len(submitted),
        attempts_left=attempts_left(
            quiz.attempts_allowed, len(attempts) if open_attempt is None else len(attempts) - 1
        ),
        # A pre-test is not marked: no grade is shown for it anywhere (walkthrough D-19).
        grade=attempts_grade(record.attempt_percents, record.grading) if record and not _is_pre_test(quiz) else None,
        pass_mark=quiz.pass_mark,
        open_attempt_id=open_attempt.id if open_attempt else None,
        time_limit_minutes=quiz.time_limit_minutes,
    )


EMPTY_HTML = Markup("")


@dataclass(frozen=True)
class LessonPart:
    """A piece of a lesson body: prose, or a reflection or scenario block with its prompt and commentary."""

    kind: str
    html: Markup
    id: str = ""
    commentary_html: Markup = EMPTY_HTML


def lesson_parts(parts: list[dict[str, str]]) -> list[LessonPart]:
    """The stored parts of a lesson text, with their sanitised HTML marked safe."""
    return [
        LessonPart("html", stored_html(part["html"]))
        if part["kind"] == "html"
        else LessonPart(
            part["kind"], stored_html(part["prompt_html"]), part["id"], stored_html(part["commentary_html"])
        )
        for part in parts
    ]


@dataclass(frozen=True)
class LessonPage:
    """Everything the lesson page shows."""

    module: Module
    version: ModuleVersion
    module_title: str
    lesson: Lesson
    text: LessonText
    parts: list[LessonPart]
    is_fallback: bool
    is_read: bool
    position: int
    count: int
    previous: LessonLink | None
    next: LessonLink | None
    reflections: dict[str, str] = field(default_factory=dict)


def lesson_page(module: Module, version: ModuleVersion, lesson_slug: str, user_id: int, language: str) -> LessonPage:
    """Five statements (plus the user and the module) whatever the lesson's length or the module's size."""
    default = version.default_language
    titles = queries.lesson_titles(version.id, languages_to_load(language, default))
    reads = progress_queries.reads_by_module(user_id, [module.id]).get(module.id, {})
    links = _links(module.slug, titles, reads, language, default)
    index = next((i for i, link in enumerate(links) if link.slug == lesson_slug), None)
    if index is None:
        abort(404)
    lesson, text, is_fallback = _lesson_text(version.id, lesson_slug, language, default)
    return LessonPage(
        module=module,
        version=version,
        module_title=pick_value(version.title, language, default),
        lesson=lesson,
        text=text,
        parts=lesson_parts(text.parts),
        is_fallback=is_fallback,
        is_read=lesson_slug in reads,
        position=index + 1,
        count=len(links),
        previous=links[index - 1] if index > 0 else None,
        next=links[index + 1] if index + 1 < len(links) else None,
        reflections=queries.reflections_for_lesson(user_id, module.id, lesson_slug),
    )


def _lesson_text(version_id: int, slug: str, language: str, default: str) -> tuple[Lesson, LessonText, bool]:
    rows = db.session.execute(
        sa.select(Lesson, LessonText)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(
            Lesson.version_id == version_id,
            Lesson.slug == slug,
            LessonText.language.in_(languages_to_load(language, default)),
        )
    ).all()
    if not rows:
        abort(404)
    text, is_fallback = pick([text for _, text in rows], language, default)
    return rows[0][0], text, is_fallback


@dataclass(frozen=True)
class GlossaryEntry:
    """A term of the glossary as the reader sees it: the term in their language, the other, its definition."""

    term: str
    other: str
    definition: str
    source: str


def glossary_entries(modules_dir: Path, language: str) -> list[GlossaryEntry]:
    """The curriculum's glossary in the reader's language, in its alphabetical order; empty without a glossary."""
    glossary = _glossary(modules_dir / GLOSSARY_FILE)
    if glossary is None:
        return []
    other = "en" if language == "ru" else "ru"
    return [
        GlossaryEntry(
            term.ru if language == "ru" else term.en,
            term.en if other == "en" else term.ru,
            term.definition.get(language) or term.definition.get("en", ""),
            _source_label(term.source.name, term.source.symbol),
        )
        for term in glossary.sorted_terms(language)
    ]


def _source_label(name: str, symbol: str) -> str:
    """The source as «name (symbol)», or the name alone when it already holds the symbol."""
    return name if symbol in name else f"{name} ({symbol})"


@functools.lru_cache(maxsize=4)
def _glossary(path: Path) -> Glossary | None:
    """The glossary file, read once per process: it changes only with a new release of the curriculum."""
    return load_glossary(path).glossary if path.is_file() else None
