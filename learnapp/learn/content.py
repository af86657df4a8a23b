"""What the lesson and module pages show of a module version, assembled once per process and kept: it never changes.

A synced module version is immutable: any change to a module makes a new version with a new id. So the part of a
lesson page that comes from the content (the body, the titles, the lesson's place in the module, its neighbours and
the page's links) is computed on the first request for a version, lesson and language and kept in memory under
those keys, and the lesson page then reads only what is personal: whether the reader has read it, and their own
answers. The module page likewise keeps the version's titles, objectives, lesson list and quiz rules, and reads the
reader's reads, attempts, completion and prerequisites. Nothing personal is kept here.

Two rules make this safe:

- The visibility check (`catalogue.current_version_or_404`) runs on every request before the cache is read, so a
  cached lesson is never shown to someone who may not see its module.
- The key holds the current version's id, read on every request, so a newly published version is shown at once; the
  old version's entries are simply no longer asked for and leave the bounded cache in time. The key also holds the
  version's content hash and the module's slug, so that a version id reused after a rolled-back transaction (tests
  do this) can never serve other content, and the script root, because the links are built with it.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, url_for
from markupsafe import Markup

from learnapp.catalogue import CurrentVersion, languages_to_load, pick
from learnapp.domain.content import CompletionRule, GradingMethod, Purpose
from learnapp.domain.sized_cache import SizedCache
from learnapp.extensions import db
from learnapp.learn.queries import LessonTitle
from learnapp.models import Assessment, Lesson, LessonText, ModuleVersion
from learnapp.stored_html import stored_html

# Lesson contents kept per worker process, by the memory their text takes: a lesson is about 19 KB on average (the
# curriculum's 68 texts take 1.3 MB), so this holds some 400 lessons, and a very large curriculum cannot take more.
CACHED_LESSON_BYTES = 8 * 1024 * 1024

EMPTY_HTML = Markup("")


@dataclass(frozen=True)
class LessonPart:
    """A piece of a lesson body: prose, or a reflection or scenario block with its prompt, commentary and form."""

    kind: str
    html: Markup
    id: str = ""
    commentary_html: Markup = EMPTY_HTML
    answer_url: str = ""


@dataclass(frozen=True)
class Neighbour:
    """The previous or the next lesson, as the pager links to it."""

    title: str
    url: str


@dataclass(frozen=True)
class LessonContent:
    """Everything the lesson page shows that is the same for every reader of a version in one language."""

    module_slug: str
    module_title: str
    module_url: str
    lesson_slug: str
    title: str
    language: str
    minutes: int
    parts: tuple[LessonPart, ...]
    is_fallback: bool
    position: int
    count: int
    previous: Neighbour | None
    next: Neighbour | None
    read_url: str


def lesson_content(current: CurrentVersion, lesson_slug: str, language: str, script_root: str) -> LessonContent:
    """The lesson's content from the cache, loaded on first use (two statements); 404 for a lesson not in it."""
    key = (current, lesson_slug, language, script_root)
    return _lessons.get_or_make(key, lambda: _load_content(current, lesson_slug, language, script_root))


def forget_cached_contents() -> None:
    """Empty the caches (tests start each from clean ones, since their rolled-back data reuses ids)."""
    _lessons.clear()
    _cached_module.cache_clear()


def _content_bytes(content: LessonContent) -> int:
    """About the memory a lesson's content takes: its texts, plus a kilobyte for the rest."""
    texts = [content.title, content.module_title, *(text for part in content.parts for text in _part_texts(part))]
    return sum(sys.getsizeof(text) for text in texts) + 1024


def _part_texts(part: LessonPart) -> tuple[str, ...]:
    return (part.html, part.commentary_html, part.answer_url)


_lessons: SizedCache[tuple[CurrentVersion, str, str, str], LessonContent] = SizedCache(
    CACHED_LESSON_BYTES, _content_bytes
)


def _load_content(current: CurrentVersion, lesson_slug: str, language: str, script_root: str) -> LessonContent:
    default = current.default_language
    languages = languages_to_load(language, default)
    titles = _lesson_titles(current.version_id, languages)
    index = next((i for i, (slug, _) in enumerate(titles) if slug == lesson_slug), None)
    if index is None:
        abort(404)
    text, is_fallback = _lesson_text(current.version_id, lesson_slug, languages, language, default)
    module_title = db.session.scalar(sa.select(ModuleVersion.title).filter_by(id=current.version_id)) or {}
    slug = current.slug
    return LessonContent(
        module_slug=slug,
        module_title=module_title.get(language) or module_title[default],
        module_url=url_for("learn.show_module", slug=slug),
        lesson_slug=lesson_slug,
        title=text.title,
        language=text.language,
        minutes=text.minutes,
        parts=tuple(_parts(text.parts, slug, lesson_slug)),
        is_fallback=is_fallback,
        position=index + 1,
        count=len(titles),
        previous=_neighbour(slug, titles[index - 1], language, default) if index > 0 else None,
        next=_neighbour(slug, titles[index + 1], language, default) if index + 1 < len(titles) else None,
        read_url=url_for("learn.mark_read", slug=slug, lesson_slug=lesson_slug),
    )


def _lesson_titles(version_id: int, languages: tuple[str, ...]) -> list[tuple[str, list[LessonTitle]]]:
    rows = db.session.execute(
        sa.select(Lesson.slug, LessonText.language, LessonText.title, LessonText.minutes)
        .join(LessonText, LessonText.lesson_id == Lesson.id)
        .where(Lesson.version_id == version_id, LessonText.language.in_(languages))
        .order_by(Lesson.position)
    )
    titles: dict[str, list[LessonTitle]] = {}
    for slug, text_language, title, minutes in rows:
        titles.setdefault(slug, []).append(LessonTitle(text_language, title, minutes))
    return list(titles.items())


def _lesson_text(
    version_id: int, slug: str, languages: tuple[str, ...], language: str, default: str
) -> tuple[LessonText, bool]:
    texts = db.session.scalars(
        sa.select(LessonText)
        .join(Lesson, LessonText.lesson_id == Lesson.id)
        .where(Lesson.version_id == version_id, Lesson.slug == slug, LessonText.language.in_(languages))
    ).all()
    if not texts:
        abort(404)
    return pick(texts, language, default)


def _neighbour(module_slug: str, lesson: tuple[str, list[LessonTitle]], language: str, default: str) -> Neighbour:
    slug, texts = lesson
    title, _ = pick(texts, language, default)
    return Neighbour(title.title, url_for("learn.show_lesson", slug=module_slug, lesson_slug=slug))


def _parts(parts: list[dict[str, str]], module_slug: str, lesson_slug: str) -> list[LessonPart]:
    """The stored parts of a lesson text, with their sanitised HTML marked safe and each block's form address."""
    return [
        LessonPart("html", stored_html(part["html"]))
        if part["kind"] == "html"
        else LessonPart(
            part["kind"],
            stored_html(part["prompt_html"]),
            part["id"],
            stored_html(part["commentary_html"]),
            url_for("learn.save_reflection", slug=module_slug, lesson_slug=lesson_slug, block_slug=part["id"]),
        )
        for part in parts
    ]


@dataclass(frozen=True)
class LessonEntry:
    """A lesson in the module page's list."""

    slug: str
    title: str
    minutes: int
    url: str


@dataclass(frozen=True)
class QuizRules:
    """The module's quiz as its version defines it: the same for every reader."""

    title: str
    purpose: Purpose
    pass_mark: float
    grading: GradingMethod
    attempts_allowed: int
    time_limit_minutes: int


@dataclass(frozen=True)
class ModuleContent:
    """Everything the module page shows that is the same for every reader of a version in one language."""

    slug: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    minutes: int
    completion: CompletionRule
    prerequisites: tuple[str, ...]
    lessons: tuple[LessonEntry, ...]
    quiz: QuizRules | None
    has_survey: bool
    start_quiz_url: str
    start_survey_url: str


def module_content(current: CurrentVersion, language: str, script_root: str) -> ModuleContent:
    """The module's content from the cache, loaded on first use (three statements)."""
    return _cached_module(current, language, script_root)


# Two languages of every module of a large curriculum: titles and lists only, a few kilobytes each.
CACHED_MODULES = 256


@functools.lru_cache(maxsize=CACHED_MODULES)
def _cached_module(current: CurrentVersion, language: str, script_root: str) -> ModuleContent:
    default = current.default_language
    version = db.session.execute(
        sa.select(
            ModuleVersion.title,
            ModuleVersion.summary,
            ModuleVersion.objectives,
            ModuleVersion.estimated_minutes,
            ModuleVersion.completion,
            ModuleVersion.prerequisites,
        ).filter_by(id=current.version_id)
    ).one()
    assessments = {
        row.kind: row
        for row in db.session.execute(
            sa.select(
                Assessment.kind,
                Assessment.titles,
                Assessment.purpose,
                Assessment.pass_mark,
                Assessment.grading,
                Assessment.attempts_allowed,
                Assessment.time_limit_minutes,
            ).filter_by(version_id=current.version_id)
        )
    }
    quiz = assessments.get("quiz")
    slug = current.slug
    return ModuleContent(
        slug=slug,
        title=version.title.get(language) or version.title[default],
        summary=version.summary.get(language) or version.summary[default],
        objectives=tuple(version.objectives.get(language) or version.objectives.get(default, [])),
        minutes=version.estimated_minutes,
        completion=CompletionRule(version.completion),
        prerequisites=tuple(version.prerequisites),
        lessons=tuple(
            LessonEntry(
                lesson_slug,
                pick(texts, language, default)[0].title,
                pick(texts, language, default)[0].minutes,
                url_for("learn.show_lesson", slug=slug, lesson_slug=lesson_slug),
            )
            for lesson_slug, texts in _lesson_titles(current.version_id, languages_to_load(language, default))
        ),
        quiz=QuizRules(
            title=quiz.titles.get(language) or quiz.titles[default],
            purpose=Purpose(quiz.purpose),
            pass_mark=quiz.pass_mark,
            grading=GradingMethod(quiz.grading),
            attempts_allowed=quiz.attempts_allowed,
            time_limit_minutes=quiz.time_limit_minutes,
        )
        if quiz is not None
        else None,
        has_survey="survey" in assessments,
        start_quiz_url=url_for("quiz.start_quiz", slug=slug),
        start_survey_url=url_for("quiz.start_survey", slug=slug),
    )
