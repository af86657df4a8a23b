"""Reading ``module.yaml``: a module's metadata, checked key by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.content import CompletionRule, Sensitivity
from learnapp.domain.problems import ProblemLog
from learnapp.domain.schema import (
    Field,
    as_int,
    as_str,
    as_str_tuple,
    as_text_map,
    check_mapping,
    identifier,
    integer,
    language,
    list_of,
    one_of,
    per_language,
    text,
)
from learnapp.domain.yaml_source import YamlDoc, parse_yaml, read_text

MODULE_FIELDS = (
    Field("id", identifier, required=True),
    Field("order", integer(0), required=True),
    Field("default_language", language, required=True),
    Field("estimated_minutes", integer(1), required=True),
    Field("sensitivity", one_of(*Sensitivity), required=True),
    Field("prerequisites", list_of(identifier)),
    Field("tags", list_of(text)),
    Field("completion", one_of(*CompletionRule)),
    Field("title", per_language(text), required=True),
    Field("summary", per_language(text), required=True),
    Field("objectives", per_language(list_of(text)), required=True),
)
_PER_LANGUAGE = ("title", "summary", "objectives")


@dataclass(frozen=True)
class ModuleMeta:
    """The metadata of ``module.yaml``; ``completion`` is None when left to its default."""

    id: str
    order: int
    default_language: str
    estimated_minutes: int
    sensitivity: Sensitivity
    prerequisites: tuple[str, ...]
    tags: tuple[str, ...]
    completion: CompletionRule | None
    title: Mapping[str, str]
    summary: Mapping[str, str]
    objectives: Mapping[str, tuple[str, ...]]
    doc: YamlDoc
    path: str


def read_module_meta(path: Path, log: ProblemLog) -> ModuleMeta | None:
    """Read and check ``module.yaml``; None when a required key is missing or wrong (all reported)."""
    raw = read_text(path, log)
    doc = parse_yaml(raw, 1, log) if raw is not None else None
    if doc is None:
        return None
    valid = check_mapping(doc, MODULE_FIELDS, log)
    _check_default_entries(doc, valid, log)
    if any(spec.required and spec.name not in valid for spec in MODULE_FIELDS):
        return None
    return _meta(valid, doc, log.path)


def _check_default_entries(doc: YamlDoc, valid: Mapping[str, object], log: ProblemLog) -> None:
    code = valid.get("default_language")
    for key in _PER_LANGUAGE:
        entries = valid.get(key)
        if isinstance(code, str) and isinstance(entries, dict) and code not in entries:
            hint = f"add '{code}: ...' under it"
            log.add(doc.line(key), f"'{key}' needs an entry for the default language: {hint}")


def _meta(valid: Mapping[str, object], doc: YamlDoc, path: str) -> ModuleMeta:
    objectives = valid["objectives"]
    completion = valid.get("completion")
    return ModuleMeta(
        id=as_str(valid["id"]),
        order=as_int(valid["order"], 0),
        default_language=as_str(valid["default_language"]),
        estimated_minutes=as_int(valid["estimated_minutes"], 0),
        sensitivity=Sensitivity(as_str(valid["sensitivity"])),
        prerequisites=as_str_tuple(valid.get("prerequisites")),
        tags=as_str_tuple(valid.get("tags")),
        completion=CompletionRule(as_str(completion)) if completion is not None else None,
        title=as_text_map(valid["title"]),
        summary=as_text_map(valid["summary"]),
        objectives={str(code): as_str_tuple(items) for code, items in _items(objectives)},
        doc=doc,
        path=path,
    )


def _items(value: object) -> list[tuple[object, object]]:
    return list(value.items()) if isinstance(value, dict) else []
