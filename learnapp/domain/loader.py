"""Loading a modules tree: every module folder, checked file by file and across modules.

``load_tree`` never stops at the first problem. It returns the modules it could build and every problem it
found; a tree is fit to sync only when there are no problems at all. Warnings (Russian variants the glossary
``glossary.yaml`` beside the module folders says to avoid, and the quiz quality warnings of
``learnapp.domain.quiz_quality``) are reported apart and never block a sync.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.content import CompletionRule, Lesson, Module, Quiz, Survey
from learnapp.domain.files import content_hash, is_hidden, module_files
from learnapp.domain.glossary import GLOSSARY_FILE, Glossary, check_text, read_glossary
from learnapp.domain.lessons import lesson_sources, load_lessons
from learnapp.domain.module_meta import ModuleMeta, read_module_meta
from learnapp.domain.prerequisites import check_prerequisites
from learnapp.domain.problems import Problem, ProblemLog
from learnapp.domain.quiz_quality import quiz_warnings
from learnapp.domain.quizzes import load_quiz, load_survey
from learnapp.domain.render_context import LoadSetting
from learnapp.domain.translations import check_blocks

MODULE_FILE = "module.yaml"


@dataclass(frozen=True)
class LoadResult:
    """The modules of a tree, by ``order`` then id, every problem found, by file and line, and the warnings."""

    modules: tuple[Module, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def is_ok(self) -> bool:
        """Whether the tree has no problems and may be synced."""
        return not self.problems


def load_tree(
    root: str | os.PathLike[str], *, media_base: str = "", whole_curriculum: bool = True, warn_only: str | None = None
) -> LoadResult:
    """Load every module folder under ``root``.

    ``media_base`` is put in front of module-relative image and file URLs in the HTML; ``{module_id}`` in it
    is replaced by the module's id (for example ``/media/{module_id}/``). Problem paths start with ``root``
    as given, so a CLI run from the project prints ``modules/01-scope/module.yaml:3: ...``. ``whole_curriculum``
    False says the tree is part of the curriculum, so quiz feedback naming a module not in it is not reported.
    ``warn_only`` names the one module folder whose warnings are wanted (the studio's draft among the published
    modules): the others are loaded as context for the checks across modules, and their own warnings are not
    looked for, which is most of the time of the checks. Problems (errors) are reported for every folder.
    """
    folder = Path(root)
    sink: list[Problem] = []
    if not folder.is_dir():
        ProblemLog(str(folder), sink).add(1, "the modules folder does not exist: check the path")
        return LoadResult((), tuple(sink))
    folders = _module_folders(folder, sink)
    loaded = [load_module(child, media_base, sink) for child in folders]
    metas = [(meta, module) for meta, module in loaded if meta is not None]
    check_prerequisites([meta for meta, _ in metas], sink)
    built = [module for _, module in metas if module is not None]
    modules = sorted(built, key=lambda module: (module.order, module.id))
    focus = str(folder / warn_only) if warn_only is not None else None
    checked = [child for child in folders if focus is None or str(child) == focus]
    warnings = terminology_warnings(_glossary(folder, sink), checked)
    warnings += quiz_warnings(modules, _read, whole_curriculum=whole_curriculum, focus=focus)
    warnings = [warning for warning in warnings if focus is None or warning.path.startswith(f"{focus}/")]
    return LoadResult(tuple(modules), tuple(sorted(set(sink))), tuple(sorted(set(warnings))))


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")


def _glossary(root: Path, sink: list[Problem]) -> Glossary | None:
    path = root / GLOSSARY_FILE
    return read_glossary(path, ProblemLog(str(path), sink)) if path.is_file() else None


def terminology_warnings(glossary: Glossary | None, folders: list[Path]) -> list[Problem]:
    """Avoided Russian variants in the module.yaml and Russian Markdown files (lessons, quiz, survey) of each folder."""
    if glossary is None:
        return []
    found: list[Problem] = []
    for folder in folders:
        for name, path in module_files(folder).items():
            if name == MODULE_FILE or name.endswith(".ru.md"):
                found.extend(
                    check_text(str(folder / name), path.read_text(encoding="utf-8", errors="replace"), glossary)
                )
    return found


def _module_folders(root: Path, sink: list[Problem]) -> list[Path]:
    folders = sorted(child for child in root.iterdir() if child.is_dir() and not is_hidden(child, root))
    for child in folders:
        if not (child / MODULE_FILE).is_file():
            ProblemLog(str(child / MODULE_FILE), sink).add(
                1,
                "this module folder has no module.yaml: "
                "add one (see docs/authoring.md) or move the folder out of the modules folder",
            )
    return [child for child in folders if (child / MODULE_FILE).is_file()]


@dataclass(frozen=True)
class _Content:
    """What a module folder holds besides module.yaml."""

    lessons: tuple[Lesson, ...]
    quiz: Quiz | None
    survey: Survey | None
    files: dict[str, Path]


def load_module(
    folder: Path,
    media_base: str,
    sink: list[Problem],
) -> tuple[ModuleMeta | None, Module | None]:
    """Load one module folder; the module (and its metadata) are None when module.yaml is unusable.

    The lessons, quiz and survey are checked even then, so that one run reports everything.
    """
    meta = read_module_meta(folder / MODULE_FILE, ProblemLog(str(folder / MODULE_FILE), sink))
    content = _load_content(folder, meta, media_base, sink)
    if meta is None:
        return None, None
    _check_module(meta, content, sink)
    return meta, _module(meta, content, str(folder))


def _load_content(folder: Path, meta: ModuleMeta | None, media_base: str, sink: list[Problem]) -> _Content:
    files = module_files(folder)
    language = meta.default_language if meta else "en"
    setting = LoadSetting(frozenset(files), media_base.replace("{module_id}", meta.id if meta else ""), sink)
    return _Content(
        _lessons(folder, language, setting),
        load_quiz(folder, language, setting),
        load_survey(folder, language, setting),
        files,
    )


def _module(meta: ModuleMeta, content: _Content, folder: str) -> Module:
    return Module(
        id=meta.id,
        order=meta.order,
        default_language=meta.default_language,
        estimated_minutes=meta.estimated_minutes,
        sensitivity=meta.sensitivity,
        prerequisites=meta.prerequisites,
        tags=meta.tags,
        completion=_completion(meta, content.quiz),
        title=meta.title,
        summary=meta.summary,
        objectives=meta.objectives,
        lessons=content.lessons,
        quiz=content.quiz,
        survey=content.survey,
        content_hash=content_hash(content.files),
        folder=folder,
    )


def _lessons(folder: Path, default_language: str, setting: LoadSetting) -> tuple[Lesson, ...]:
    """Load the lessons, check their translations, and keep those that have a default-language text."""
    lessons = load_lessons(lesson_sources(folder, setting.sink), setting)
    for lesson in lessons:
        _check_lesson(lesson, default_language, setting.sink)
    kept = [lesson for lesson in lessons if default_language in lesson.texts]
    return tuple(Lesson(lesson.id, position, lesson.texts) for position, lesson in enumerate(kept, 1))


def _check_lesson(lesson: Lesson, default_language: str, sink: list[Problem]) -> None:
    default = lesson.texts.get(default_language)
    home = f"lessons/{lesson.id}.{default_language}.md"
    for code, text in lesson.texts.items():
        log = ProblemLog(text.path, sink)
        if default is None:
            log.add(1, f"lesson '{lesson.id}' has no text in the module's default language: add {home}")
        elif code != default_language:
            check_blocks(default.blocks, text.blocks, home, log)


def _completion(meta: ModuleMeta, quiz: Quiz | None) -> CompletionRule:
    if meta.completion is not None:
        return meta.completion
    return CompletionRule.LESSONS_AND_QUIZ if quiz is not None else CompletionRule.LESSONS


def _check_module(meta: ModuleMeta, content: _Content, sink: list[Problem]) -> None:
    log = ProblemLog(meta.path, sink)
    if meta.completion in (CompletionRule.QUIZ, CompletionRule.LESSONS_AND_QUIZ) and content.quiz is None:
        log.add(
            meta.doc.line("completion"),
            f"'completion' is {meta.completion} but the module has no quiz: "
            f"add quiz.{meta.default_language}.md or use 'completion: lessons'",
        )
    if content.quiz is None and not any(name.startswith("lessons/") for name in content.files):
        log.add(1, "the module has neither lessons nor a quiz: add lessons/NAME.LANG.md files")
