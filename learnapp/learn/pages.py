"""The module page and the lesson page, assembled from queries into plain values for the templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from flask import render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from learnapp.catalogue import CurrentVersion, pick_value
from learnapp.domain.completion import QuizRecord
from learnapp.domain.content import Purpose
from learnapp.domain.glossary import GLOSSARY_FILE, Glossary, load_glossary
from learnapp.domain.grading import attempts_grade, attempts_left
from learnapp.domain.progress import Progress, missing_prerequisites, module_progress
from learnapp.domain.sized_cache import SizedCache
from learnapp.frames import EMPTY_HTML, Frame, Personal, Recorder, render_frame
from learnapp.learn import queries
from learnapp.learn.content import (
    CACHED_LESSON_BYTES,
    LessonContent,
    ModuleContent,
    QuizRules,
    lesson_content,
    module_content,
)


@dataclass(frozen=True)
class LessonLink:
    """A lesson in the module page's list, with whether the reader has read it."""

    slug: str
    title: str
    minutes: int
    url: str
    is_read: bool


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
    """Everything the module page shows: the cached content, and the reader's own progress."""

    content: ModuleContent
    lessons: list[LessonLink]
    progress: Progress
    quiz: QuizSummary | None
    missing: list[str]  # titles of the prerequisite modules not completed yet
    certificate_code: str | None


def module_page(current: CurrentVersion, user_id: int, language: str) -> ModulePage:
    """Three statements for the reader's own state (four with prerequisites); the content comes from the cache."""
    content = module_content(current, language, request.script_root)
    standing = queries.module_standing(user_id, current.module_id)
    reads, is_completed = standing.read_slugs, standing.is_completed
    attempts = queries.quiz_attempts(user_id, current.module_id) if content.quiz else []
    record = _quiz_record(content.quiz, attempts)
    missing: list[str] = []
    if content.prerequisites and not is_completed:
        prerequisites = queries.prerequisite_status(user_id, list(content.prerequisites))
        done = {slug for slug, (_, is_done) in prerequisites.items() if is_done}
        missing = [
            pick_value(prerequisites[slug][0], language, current.default_language) if slug in prerequisites else slug
            for slug in missing_prerequisites(content.prerequisites, done)
        ]
    lesson_ids = [lesson.slug for lesson in content.lessons]
    return ModulePage(
        content=content,
        lessons=[LessonLink(e.slug, e.title, e.minutes, e.url, e.slug in reads) for e in content.lessons],
        progress=module_progress(content.completion, lesson_ids, reads, record, is_completed),
        quiz=_quiz_summary(content.quiz, attempts, record) if content.quiz else None,
        missing=missing,
        certificate_code=standing.certificate_code,
    )


def _quiz_record(quiz: QuizRules | None, attempts: list[queries.QuizAttempt]) -> QuizRecord | None:
    if quiz is None:
        return None
    percents = tuple(attempt.score or 0.0 for attempt in attempts if attempt.submitted_at is not None)
    return QuizRecord(quiz.purpose, quiz.pass_mark, quiz.grading, percents)


def _quiz_summary(quiz: QuizRules, attempts: list[queries.QuizAttempt], record: QuizRecord | None) -> QuizSummary:
    submitted = [attempt for attempt in attempts if attempt.submitted_at is not None]
    open_attempt = next((attempt for attempt in attempts if attempt.submitted_at is None), None)
    return QuizSummary(
        title=quiz.title,
        purpose=quiz.purpose,
        attempts_used=len(submitted),
        attempts_left=attempts_left(
            quiz.attempts_allowed, len(attempts) if open_attempt is None else len(attempts) - 1
        ),
        # A pre-test is not marked: no grade is shown for it anywhere (walkthrough D-19).
        grade=attempts_grade(record.attempt_percents, record.grading)
        if record and quiz.purpose != Purpose.PRE_TEST
        else None,
        pass_mark=quiz.pass_mark,
        open_attempt_id=open_attempt.id if open_attempt else None,
        time_limit_minutes=quiz.time_limit_minutes,
    )


@dataclass(frozen=True)
class LessonPage:
    """Everything the lesson page shows: the cached content, what is the reader's own, and the two put together."""

    content: LessonContent
    is_read: bool
    reflections: dict[str, str] = field(default_factory=dict)
    body: Markup = EMPTY_HTML


def lesson_page(
    current: CurrentVersion, lesson_slug: str, user_id: int, language: str, saved_block: str = ""
) -> LessonPage:
    """One statement for the reader's own state; the content and its rendered frame come from the caches.

    ``saved_block``: the block whose answer was just saved, confirmed inside that block.
    """
    script_root = request.script_root
    content = lesson_content(current, lesson_slug, language, script_root)
    is_read, reflections = queries.reader_state(user_id, current.module_id, lesson_slug)
    frame = _lesson_frames.get_or_make(
        (current, lesson_slug, language, script_root), lambda: render_frame(functools.partial(_render_body, content))
    )
    flags = {f"answered:{block}" for block in reflections}
    if is_read:
        flags.add("read")
    if saved_block:
        flags.add(f"saved:{saved_block}")
    body = frame.fill(Personal(generate_csrf(), reflections, flags))
    return LessonPage(content=content, is_read=is_read, reflections=reflections, body=body)


def _render_body(content: LessonContent, slots: Recorder) -> str:
    return render_template("learn/_lesson_body.html", content=content, slots=slots)


# The lesson pages' rendered frames, per version, lesson, language and script root: about the size of the lesson
# contents (learn.content.CACHED_LESSON_BYTES), with their markup.
_lesson_frames: SizedCache[tuple[CurrentVersion, str, str, str], Frame] = SizedCache(
    CACHED_LESSON_BYTES, lambda frame: frame.size
)


def forget_lesson_frames() -> None:
    """Empty the cache of rendered frames (tests start from a clean one)."""
    _lesson_frames.clear()


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
