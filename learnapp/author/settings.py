"""The module settings form and module.yaml: reading the file's values into the form, and the form back into values.

Keys the form does not show (other languages' titles, for instance) are kept as they were, so the form never loses
what a file author wrote; only comments and formatting are not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from learnapp.author.forms import SettingsForm

KEY_ORDER = (
    "id",
    "order",
    "default_language",
    "estimated_minutes",
    "sensitivity",
    "prerequisites",
    "tags",
    "completion",
    "title",
    "summary",
    "objectives",
)


def _per_language(settings: Mapping[str, Any], key: str, language: str) -> Any:
    values = settings.get(key)
    return values.get(language) if isinstance(values, dict) else None


def _listed(value: Any) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else ""


def _lines(value: Any) -> str:
    return "\n".join(str(item) for item in value) if isinstance(value, list) else ""


def settings_form_data(settings: Mapping[str, Any], review_required: bool) -> dict[str, Any]:
    """The form's initial values from module.yaml."""
    data: dict[str, Any] = {
        "order": settings.get("order"),
        "estimated_minutes": settings.get("estimated_minutes"),
        "sensitivity": settings.get("sensitivity"),
        "completion": settings.get("completion") or "lessons",
        "prerequisites": _listed(settings.get("prerequisites")),
        "tags": _listed(settings.get("tags")),
        "review_required": review_required,
    }
    for language in ("en", "ru"):
        data[f"title_{language}"] = _per_language(settings, "title", language) or ""
        data[f"summary_{language}"] = _per_language(settings, "summary", language) or ""
        data[f"objectives_{language}"] = _lines(_per_language(settings, "objectives", language))
    return data


def _split(text: str | None, separator: str) -> list[str]:
    return [item.strip() for item in (text or "").split(separator) if item.strip()]


def form_settings(form: SettingsForm, current: Mapping[str, Any]) -> dict[str, Any]:
    """module.yaml's values from the form, keeping keys and languages the form does not show."""
    updated = dict(current)
    updated.update(
        order=form.order.data,
        estimated_minutes=form.estimated_minutes.data,
        sensitivity=form.sensitivity.data,
        completion=form.completion.data,
        prerequisites=_split(form.prerequisites.data, ","),
        tags=_split(form.tags.data, ","),
    )
    for key in ("title", "summary", "objectives"):
        values = dict(current.get(key) or {}) if isinstance(current.get(key), dict) else {}
        for language in ("en", "ru"):
            raw = getattr(form, f"{key}_{language}").data
            value: Any = _split(raw, "\n") if key == "objectives" else (raw or "").strip()
            if value:
                values[language] = value
            else:
                values.pop(language, None)
        updated[key] = values
    ordered = {key: updated[key] for key in KEY_ORDER if key in updated}
    ordered.update({key: value for key, value in updated.items() if key not in ordered})
    return ordered
