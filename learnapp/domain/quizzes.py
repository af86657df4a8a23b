"""Loading a module's quiz (``quiz.LANG.md``) and survey (``survey.LANG.md``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.content import (
    Band,
    GradingMethod,
    Purpose,
    Quiz,
    QuizSettings,
    QuizText,
    ReviewPolicy,
    Survey,
    SurveyText,
)
from learnapp.domain.files import language_of
from learnapp.domain.problems import ProblemLog
from learnapp.domain.question_base import ParseContext, SourceLine
from learnapp.domain.questions import Question, parse_question, split_sections
from learnapp.domain.render_context import LoadSetting
from learnapp.domain.schema import (
    Field,
    as_float,
    as_int,
    as_str,
    boolean,
    check_front_matter,
    integer,
    number,
    one_of,
    text,
)
from learnapp.domain.translations import check_questions
from learnapp.domain.yaml_source import FrontMatter, Key, YamlDoc, read_text, split_front_matter


def bands(value: object) -> Iterator[tuple[Key, str]]:
    """Check a list of ``min``/``text`` bands with distinct ``min`` values between 0 and 100."""
    if not isinstance(value, list):
        yield (), "must be a list of bands, each '- min: N' with a 'text: ...' line under it"
        return
    seen: set[object] = set()
    for index, band in enumerate(value):
        yield from _band(index, band)
        if isinstance(band, dict) and band.get("min") in seen:
            yield (index, "min"), f"item {index + 1} repeats min {band['min']}: give each band its own min"
        seen.add(band.get("min") if isinstance(band, dict) else None)


def _band(index: int, band: object) -> Iterator[tuple[Key, str]]:
    if not isinstance(band, dict):
        yield (index,), f"item {index + 1} must have 'min' and 'text'"
        return
    for key in band.keys() - {"min", "text"}:
        yield (index, str(key)), f"item {index + 1} has an unknown key '{key}': a band has only min and text"
    for key, check in (("min", number(0, 100)), ("text", text)):
        for _, message in check(band.get(key)):
            yield (index, key), f"item {index + 1}: '{key}' {message}"


SETTINGS = (
    Field("purpose", one_of(*Purpose)),
    Field("pass_mark", number(0, 100), required=True),
    Field("attempts", integer(0)),
    Field("grading", one_of(*GradingMethod)),
    Field("time_limit_minutes", integer(0)),
    Field("shuffle", boolean),
    Field("pool", integer(0)),
    Field("review", one_of(*ReviewPolicy)),
)
_TITLE = Field("title", text, required=True)


@dataclass(frozen=True)
class FileKind:
    """How one kind of question file (quiz or survey) is read in the default language and in translations."""

    stem: str
    default_fields: tuple[Field, ...]
    translation_fields: tuple[Field, ...]
    in_survey: bool

    def misplaced(self, default_language: str) -> Mapping[str, str]:
        """Messages for settings written in a translation instead of the default-language file."""
        names = {spec.name for spec in self.default_fields} - {spec.name for spec in self.translation_fields}
        home = f"{self.stem}.{default_language}.md"
        return {
            name: f"setting '{name}' belongs in {home} (the default language file): remove it here" for name in names
        }


QUIZ = FileKind("quiz", (_TITLE, *SETTINGS, Field("bands", bands)), (_TITLE, Field("bands", bands)), False)
SURVEY = FileKind("survey", (_TITLE, Field("anonymous", boolean)), (_TITLE,), True)


@dataclass(frozen=True)
class QuestionFile:
    """One quiz or survey file as read: front matter and questions."""

    language: str
    path: Path
    meta: dict[str, object]
    doc: YamlDoc | None
    questions: tuple[Question, ...]


def load_quiz(folder: Path, default_language: str, setting: LoadSetting) -> Quiz | None:
    """Load ``quiz.LANG.md`` files; None when the module has no quiz (or no default-language file)."""
    loaded = _load_files(folder, QUIZ, default_language, setting)
    if loaded is None:
        return None
    default, others = loaded
    settings = _settings(default.meta)
    log = ProblemLog(str(default.path), setting.sink)
    if settings.pool > len(default.questions):
        log.add(_line(default, "pool"), f"'pool' must be at most the number of questions ({len(default.questions)}), "
                f"or 0 for all; it is {settings.pool}")
    for other in others:
        _check_bands(default, other, ProblemLog(str(other.path), setting.sink))
    texts = {item.language: _quiz_text(item) for item in (default, *others)}
    return Quiz(settings, texts, default_language)


def load_survey(folder: Path, default_language: str, setting: LoadSetting) -> Survey | None:
    """Load ``survey.LANG.md`` files; None when the module has no survey (or no default-language file)."""
    loaded = _load_files(folder, SURVEY, default_language, setting)
    if loaded is None:
        return None
    default, others = loaded
    texts = {
        item.language: SurveyText(item.language, as_str(item.meta.get("title")), item.questions, str(item.path))
        for item in (default, *others)
    }
    return Survey(default.meta.get("anonymous", True) is not False, texts)


def _load_files(
    folder: Path, kind: FileKind, default_language: str, setting: LoadSetting
) -> tuple[QuestionFile, list[QuestionFile]] | None:
    paths = _language_files(folder, kind.stem, setting)
    home = f"{kind.stem}.{default_language}.md"
    if paths and default_language not in paths:
        for path in paths.values():
            ProblemLog(str(path), setting.sink).add(
                1,
                f"there is no {home} for the module's default language: "
                "the settings and the reference questions live there; add it",
            )
    if default_language not in paths:
        return None
    default = _read(paths[default_language], default_language, kind.default_fields, kind, setting)
    others = [
        _read(path, code, kind.translation_fields, kind, setting, kind.misplaced(default_language))
        for code, path in paths.items()
        if code != default_language
    ]
    for other in others:
        check_questions(default.questions, other.questions, home, ProblemLog(str(other.path), setting.sink))
    return default, others


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
    lines = [SourceLine(front.body_first_line + index, line) for index, line in enumerate(front.body.split("\n"))]
    sections = split_sections(lines, context)
    if not sections:
        context.problem(front.body_first_line, "there are no questions: add one under a heading '## <id> (<type>)'")
    seen: dict[str, int] = {}
    questions: list[Question] = []
    for section in (section for section in sections if not section.is_broken):
        if section.id in seen:
            context.problem(
                section.line,
                f"question id '{section.id}' is already used on line {seen[section.id]}: give each question its own id",
            )
            continue
        seen[section.id] = section.line
        question = parse_question(section, context)
        questions += [question] if question else []
    return tuple(questions)


def _settings(meta: Mapping[str, object]) -> QuizSettings:
    return QuizSettings(
        purpose=Purpose(as_str(meta.get("purpose"), Purpose.KNOWLEDGE_CHECK)),
        pass_mark=as_float(meta.get("pass_mark"), 0.0),
        attempts=as_int(meta.get("attempts"), 0),
        grading=GradingMethod(as_str(meta.get("grading"), GradingMethod.HIGHEST)),
        time_limit_minutes=as_int(meta.get("time_limit_minutes"), 0),
        shuffle=meta.get("shuffle") is True,
        pool=as_int(meta.get("pool"), 0),
        review=ReviewPolicy(as_str(meta.get("review"), ReviewPolicy.FULL)),
    )


def _bands(meta: Mapping[str, object]) -> tuple[Band, ...]:
    items = meta.get("bands")
    found = [
        Band(as_float(item.get("min"), 0.0), as_str(item.get("text")))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return tuple(sorted(found, key=lambda band: band.min))


def _check_bands(default: QuestionFile, other: QuestionFile, log: ProblemLog) -> None:
    expected = [band.min for band in _bands(default.meta)]
    found = [band.min for band in _bands(other.meta)]
    if found != expected and "bands" not in other.meta and other.doc is not None and ("bands",) in other.doc.lines:
        return  # the bands are malformed, and that has been reported already
    if found != expected:
        log.add(
            _line(other, "bands"),
            f"band 'min' values {_mins(found)} differ from {_mins(expected)} in "
            f"{default.path.name}: use the same min values in every language",
        )


def _mins(values: Sequence[float]) -> str:
    return "[" + ", ".join(f"{value:g}" for value in values) + "]"


def _line(item: QuestionFile, key: str) -> int:
    return item.doc.line(key) if item.doc is not None else 1


def _quiz_text(item: QuestionFile) -> QuizText:
    return QuizText(item.language, as_str(item.meta.get("title")), item.questions, _bands(item.meta), str(item.path))
