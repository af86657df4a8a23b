"""Question specs to and from JSON-ready data, so that the database stores exactly what the loader built.

The conversion is driven by each spec class's type hints (tuples of nested dataclasses, Decimals, enums), so a new
question type needs no code here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any

from learnapp.domain.question_base import Spec
from learnapp.domain.questions import QUESTION_TYPES


def spec_to_data(spec: Spec) -> dict[str, Any]:
    """A JSON-ready dict of the spec's fields; Decimals become strings so no precision is lost."""
    return {field.name: _to_data(getattr(spec, field.name)) for field in dataclasses.fields(spec)}


def _to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _to_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_to_data(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def spec_from_data(kind: str, data: dict[str, Any]) -> Spec:
    """Rebuild the spec of question type `kind` from `spec_to_data`'s output."""
    return typing.cast(Spec, _from_data(QUESTION_TYPES[kind], data))


def _from_data(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = {field.name: _from_data(hints[field.name], value[field.name]) for field in dataclasses.fields(hint)}
        return hint(**fields)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_from_data(item_hint, item) for item in value)
    if hint is Decimal:
        return Decimal(value)
    if origin in (typing.Union, types.UnionType):
        return value
    return hint(value) if isinstance(hint, type) and not isinstance(value, hint) else value
