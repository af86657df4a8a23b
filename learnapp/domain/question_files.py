"""Reading quiz and survey files: one file per language, the default-language one holding the settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.files import language_of
from learnapp.domain.problems import ProblemLog
from learnapp.domain.question_base import ParseContext, SourceLine
from learnapp.domain.questions import Question, Section, parse_question, split_sections
from learnapp.domain.render_context import LoadSetting
from learnapp.domain.schema import Field, check_front_matter
from learnapp.domain.translations import check_questions
from learnapp.domain.yaml_source import FrontMatter, YamlDoc, read_text, split_front_matter

_HOME = "the settings and the reference questions live there; add it"


@dataclass(frozen=True)
class FileKind:
    """How one kind of question file (quiz or survey) is read in the default language and in translations."""

    stem: str
    default_fields: tuple[Field, ...]
    translation_fields: tuple[Field, ...]
    in_survey: bool

    def home(self, default_language: str) -> str:
        """The name of the default-language file, where the settings live."""
        return f"{self.stem}.{default_language}.md"

    def misplaced(self, default_language: str) -> Mapping[str, str]:
        """Messages for settings written in a translation instead of the default-language file."""
        names = {spec.name for spec in self.default_fields} - {spec.name for spec in self.translation_fields}
        home = self.home(default_language)
        where = f"belongs in {home} (the default language file): remove it here"
        return {name: f"setting '{name}' {where}" for name in names}


@dataclass(frozen=True)
class QuestionFile:
    """One quiz or survey file as read: its valid front matter keys, the parsed YAML, and its questions."""

    language: str
    path: Path
    meta: dict[str, object]
    doc: YamlDoc | None
    questions: tuple[Question, ...]

    def line(self, key: str) -> int:
        """The line of a front matter key, or line 1."""
        return self.doc.line(key) if self.doc is not None else 1


def load_question_files(
    folder: Path, kind: FileKind, default_language: str, setting: LoadSetting
) -> tuple[QuestionFile, list[QuestionFile]] | None:
    """Read the default-language file and its translations; check the translations' questions against it."""
    paths = _language_files(folder, kind.stem, setting)
    if default_language not in paths:
        _report_missing_default(paths, kind.home(default_language), setting)
        return None
    default = _read(paths[default_language], default_language, kind.default_fields, kind, setting)
    misplaced = kind.misplaced(default_language)
    others = [
        _read(path, code, kind.translation_fields, kind, setting, misplaced)
        for code, path in paths.items()
        if code != default_language
    ]
    for other in others:
        log = ProblemLog(str(other.path), setting.sink)
        check_questions(default.questions, other.questions, kind.home(default_language), log)
    return default, others


def _report_missing_default(paths: Mapping[str, Path], home: str, setting: LoadSetting) -> None:
    for path in paths.values():
        message = f"there is no {home} for the module's default language: {_HOME}"
        ProblemLog(str(path), setting.sink).add(1, message)


def _language_files(folder: Path, stem: str, setting: LoadSetting) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted([*folder.glob(f"{stem}.md"), *folder.glob(f"{stem}.*.md")]):
        parts = language_of(path, ProblemLog(str(path), setting.sink))
        if parts is not None and parts[0] == stem:
            found[parts[1]] = path
    return found


def _read(
    path: Path,
    language: str,
    fields: Sequence[Field],
    kind: FileKind,
    setting: LoadSetting,
    misplaced: Mapping[str, str] | None = None,
) -> QuestionFile:
    log = ProblemLog(str(path), setting.sink)
    raw = read_text(path, log) or ""
    front = split_front_matter(raw)
    meta, doc = check_front_matter(front, fields, log, misplaced)
    questions = _questions(front, setting.context(log, raw, in_survey=kind.in_survey))
    return QuestionFile(language, path, meta, doc, questions)


def _questions(front: FrontMatter, context: ParseContext) -> tuple[Question, ...]:
    first = front.body_first_line
    lines = [SourceLine(first + index, line) for index, line in enumerate(front.body.split("\n"))]
    sections = split_sections(lines, context)
    if not sections:
        context.problem(first, "there are no questions: add one under a heading '## <id> (<type>)'")
    parsed = (parse_question(section, context) for section in _unique(sections, context))
    return tuple(question for question in parsed if question is not None)


def _unique(sections: Sequence[Section], context: ParseContext) -> list[Section]:
    """Keep well-formed sections with a new id, reporting repeated ids."""
    seen: dict[str, int] = {}
    kept: list[Section] = []
    for section in sections:
        if section.id in seen and not section.is_broken:
            used = f"is already used on line {seen[section.id]}"
            context.problem(section.line, f"question id '{section.id}' {used}: give each question its own id")
        elif not section.is_broken:
            seen[section.id] = section.line
            kept.append(section)
    return kept
