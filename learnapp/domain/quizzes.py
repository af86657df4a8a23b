"""Loading a module's quiz (``quiz.LANG.md``) and survey (``survey.LANG.md``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
from learnapp.domain.problems import ProblemLog
from learnapp.domain.question_files import FileKind, QuestionFile, load_question_files
from learnapp.domain.render_context import LoadSetting
from learnapp.domain.schema import Field, as_float, as_int, as_str, boolean, integer, number, one_of, text
from learnapp.domain.yaml_source import Key


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
QUIZ = FileKind("quiz", (_TITLE, *SETTINGS, Field("bands", bands)), (_TITLE, Field("bands", bands)), False)
SURVEY = FileKind("survey", (_TITLE, Field("anonymous", boolean)), (_TITLE,), True)


def load_quiz(folder: Path, default_language: str, setting: LoadSetting) -> Quiz | None:
    """Load ``quiz.LANG.md`` files; None when the module has no quiz (or no default-language file)."""
    loaded = load_question_files(folder, QUIZ, default_language, setting)
    if loaded is None:
        return None
    default, others = loaded
    settings = _settings(default.meta)
    _check_pool(settings, default, ProblemLog(str(default.path), setting.sink))
    for other in others:
        _check_bands(default, other, ProblemLog(str(other.path), setting.sink))
    texts = {item.language: _quiz_text(item) for item in (default, *others)}
    return Quiz(settings, texts, default_language)


def load_survey(folder: Path, default_language: str, setting: LoadSetting) -> Survey | None:
    """Load ``survey.LANG.md`` files; None when the module has no survey (or no default-language file)."""
    loaded = load_question_files(folder, SURVEY, default_language, setting)
    if loaded is None:
        return None
    default, others = loaded
    texts = {item.language: _survey_text(item) for item in (default, *others)}
    return Survey(default.meta.get("anonymous", True) is not False, texts)


def _settings(meta: Mapping[str, object]) -> QuizSettings:
    return QuizSettings(
        purpose=Purpose(as_str(meta.get("purpose"), Purpose.KNOWLEDGE_CHECK)),
        pass_mark=as_float(meta.get("pass_mark"), 0.0),
        attempts=as_int(meta.get("attempts"), 0),
        grading=GradingMethod(as_str(meta.get("grading"), GradingMethod.HIGHEST)),
        time_limit_minutes=as_int(meta.get("time_limit_minutes"), 0),
        shuffle=meta.get("shuffle") is True,
        pool=as_int(meta.get("pool"), 0),
        review=ReviewPolicy(as_str(meta.get("review"), ReviewPolicy.AFTER_LAST_ATTEMPT)),
    )


def _check_pool(settings: QuizSettings, default: QuestionFile, log: ProblemLog) -> None:
    count = len(default.questions)
    if settings.pool > count:
        limit = f"at most the number of questions ({count}), or 0 for all"
        log.add(default.line("pool"), f"'pool' must be {limit}; it is {settings.pool}")


def _bands(meta: Mapping[str, object]) -> tuple[Band, ...]:
    items = meta.get("bands")
    found = [
        Band(as_float(item.get("min"), 0.0), as_str(item.get("text")))
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return tuple(sorted(found, key=lambda band: band.min))


def _check_bands(default: QuestionFile, other: QuestionFile, log: ProblemLog) -> None:
    """Report band ``min`` values that differ from the default language's; malformed bands are skipped."""
    expected = [band.min for band in _bands(default.meta)]
    found = [band.min for band in _bands(other.meta)]
    is_malformed = "bands" not in other.meta and other.doc is not None and ("bands",) in other.doc.lines
    if found != expected and not is_malformed:
        message = (
            f"band 'min' values {_mins(found)} differ from {_mins(expected)} in {default.path.name}: "
            "use the same min values in every language"
        )
        log.add(other.line("bands"), message)


def _mins(values: Sequence[float]) -> str:
    return "[" + ", ".join(f"{value:g}" for value in values) + "]"


def _quiz_text(item: QuestionFile) -> QuizText:
    title = as_str(item.meta.get("title"))
    return QuizText(item.language, title, item.questions, _bands(item.meta), str(item.path))


def _survey_text(item: QuestionFile) -> SurveyText:
    return SurveyText(item.language, as_str(item.meta.get("title")), item.questions, str(item.path))
