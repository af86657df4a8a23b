"""Checking YAML mappings against a list of fields, reporting every wrong key at its own line.

A check takes a value and yields ``(sub_key, message)`` pairs, where ``sub_key`` locates the offending part
inside the value (``()`` for the value itself, ``("ru",)`` for one language of a per-language map).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from learnapp.domain.languages import is_language
from learnapp.domain.problems import ProblemLog
from learnapp.domain.yaml_source import FrontMatter, Key, YamlDoc, parse_yaml

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_RULE = "lowercase latin letters, digits and single hyphens, like 'scope-and-nature'"

Check = Callable[[object], Iterator[tuple[Key, str]]]


@dataclass(frozen=True)
class Field:
    """A key a mapping may hold, how to check its value, and whether it must be present."""

    name: str
    check: Check
    required: bool = False


def is_id(value: object) -> bool:
    """Tell whether a value is a well-formed id (module, lesson, block or question)."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def check_mapping(
    doc: YamlDoc, fields: Sequence[Field], log: ProblemLog, misplaced: Mapping[str, str] | None = None
) -> dict[str, object]:
    """Report unknown, missing and wrong keys; return the keys whose values passed their check.

    ``misplaced`` maps keys that are valid elsewhere (quiz settings in a translation) to the message to give.
    """
    data = {} if doc.data is None else doc.data
    if not isinstance(data, dict):
        log.add(doc.first_line, "expected 'key: value' lines here; see docs/authoring.md for the keys")
        return {}
    known = {spec.name: spec for spec in fields}
    valid: dict[str, object] = {}
    for key, value in data.items():
        spec = known.get(str(key))
        if spec is None:
            log.add(doc.line(str(key)), _unknown(str(key), fields, misplaced or {}))
        elif _report(doc, spec, value, log):
            valid[spec.name] = value
    _report_missing(data, doc.first_line, fields, log)
    return valid


def check_front_matter(
    front: FrontMatter, fields: Sequence[Field], log: ProblemLog, misplaced: Mapping[str, str] | None = None
) -> tuple[dict[str, object], YamlDoc | None]:
    """Check a Markdown file's front matter; return its valid keys and the parsed document."""
    if front.yaml_text is None:
        log.add(1, "the file has no front matter: start it with a '---' line, then 'title: ...', then '---'")
        return {}, None
    if not front.is_closed:
        log.add(1, "the front matter is not closed: add a '---' line after it")
        return {}, None
    doc = parse_yaml(front.yaml_text, front.yaml_first_line, log)
    return (check_mapping(doc, fields, log, misplaced), doc) if doc is not None else ({}, None)


def _unknown(key: str, fields: Sequence[Field], misplaced: Mapping[str, str]) -> str:
    return misplaced.get(key) or f"unknown key '{key}': remove it or fix its spelling ({_names(fields)})"


def _names(fields: Sequence[Field]) -> str:
    return "allowed: " + ", ".join(spec.name for spec in fields)


def _report(doc: YamlDoc, spec: Field, value: object, log: ProblemLog) -> bool:
    found = list(spec.check(value))
    for sub_key, message in found:
        log.add(doc.line(spec.name, *sub_key), f"'{spec.name}' {message}")
    return not found


def _report_missing(data: dict[object, object], line: int, fields: Sequence[Field], log: ProblemLog) -> None:
    for spec in fields:
        if spec.required and spec.name not in data:
            log.add(line, f"missing required key '{spec.name}': add it")


def _shown(value: object) -> str:
    return "nothing" if value is None else repr(value) if isinstance(value, str) else str(value)


def integer(low: int = 0, high: int | None = None) -> Check:
    """Check a whole number within bounds (``true`` is not a number)."""

    def check(value: object) -> Iterator[tuple[Key, str]]:
        if not isinstance(value, int) or isinstance(value, bool):
            yield (), f"must be a whole number, not {_shown(value)}"
        elif value < low or (high is not None and value > high):
            yield (), f"must be {_range(low, high)}, not {value}"

    return check


def number(low: float = 0, high: float | None = None) -> Check:
    """Check a number (whole or decimal) within bounds."""

    def check(value: object) -> Iterator[tuple[Key, str]]:
        if not isinstance(value, int | float) or isinstance(value, bool):
            yield (), f"must be a number, not {_shown(value)}"
        elif value < low or (high is not None and value > high):
            yield (), f"must be {_range(low, high)}, not {value}"

    return check


def _range(low: float, high: float | None) -> str:
    return f"at least {low}" if high is None else f"between {low} and {high}"


def text(value: object) -> Iterator[tuple[Key, str]]:
    """Check non-empty text; a number or date must be quoted to be text."""
    if not isinstance(value, str):
        yield (), f"must be text, not {_shown(value)}: put it in quotes"
    elif not value.strip():
        yield (), "must not be empty"


def boolean(value: object) -> Iterator[tuple[Key, str]]:
    """Check ``true`` or ``false``."""
    if not isinstance(value, bool):
        yield (), f"must be true or false, not {_shown(value)}"


def one_of(*options: str) -> Check:
    """Check one of a fixed set of words."""

    def check(value: object) -> Iterator[tuple[Key, str]]:
        if value not in options:
            yield (), f"must be one of {' | '.join(options)}, not {_shown(value)}"

    return check


def identifier(value: object) -> Iterator[tuple[Key, str]]:
    """Check an id."""
    if not is_id(value):
        yield (), f"must be {ID_RULE}, not {_shown(value)}"


def language(value: object) -> Iterator[tuple[Key, str]]:
    """Check an ISO 639-1 language code."""
    if not is_language(value):
        yield (), f"must be an ISO 639-1 language code such as en or ru, not {_shown(value)}"


def list_of(item: Check) -> Check:
    """Check a list (``[a, b]`` or ``- a`` lines) whose every item passes ``item``."""

    def check(value: object) -> Iterator[tuple[Key, str]]:
        if not isinstance(value, list):
            yield (), f"must be a list like [a, b], not {_shown(value)}"
            return
        for index, element in enumerate(value):
            for sub_key, message in item(element):
                yield (index, *sub_key), f"item {index + 1} {message}"

    return check


def per_language(item: Check) -> Check:
    """Check a map from language codes to values that pass ``item``."""

    def check(value: object) -> Iterator[tuple[Key, str]]:
        if not isinstance(value, dict) or not value:
            yield (), "must map language codes to values, like 'en: ...' on the next lines"
            return
        for code, element in value.items():
            if not is_language(code):
                yield (
                    (str(code),),
                    f"has an unknown language code {_shown(code)}: use ISO 639-1 codes (en, ru, kk...)",
                )
            for sub_key, message in item(element):
                yield (str(code), *sub_key), f"({code}) {message}"

    return check


def as_int(value: object, default: int) -> int:
    """Return a value already checked as a whole number, or the default when it was absent or wrong."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def as_float(value: object, default: float) -> float:
    """Return a value already checked as a number, or the default."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def as_str(value: object, default: str = "") -> str:
    """Return a value already checked as text, stripped, or the default."""
    return value.strip() if isinstance(value, str) else default


def as_str_tuple(value: object) -> tuple[str, ...]:
    """Return a list of texts as a tuple, skipping anything that is not text."""
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def as_text_map(value: object) -> Mapping[str, str]:
    """Return a per-language map of texts."""
    items = value.items() if isinstance(value, dict) else ()
    return {str(code): entry.strip() for code, entry in items if isinstance(entry, str)}
