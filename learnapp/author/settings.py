"""The module settings form and module.yaml: reading the file's values into the form, and the form back into values.

Keys the form does not show (other languages' titles, for instance) are kept as they were, so the form never loses
what a file author wrote; only comments and formatting are not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from learnapp.author.forms import QuizSettingsForm, SettingsForm
from learnapp.domain.content import ReviewPolicy

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


QUIZ_KEY_ORDER = (
    "title",
    "purpose",
    "pass_mark",
    "attempts",
    "grading",
    "time_limit_minutes",
    "shuffle",
    "pool",
    "review",
    "bands",
)


def quiz_form_data(front: Mapping[str, Any]) -> dict[str, Any]:
    """The quiz settings form's initial values from the quiz file's front matter (the documented defaults else)."""
    found = front.get("bands")
    bands: list[Any] = found if isinstance(found, list) else []
    return {
        "title": front.get("title", ""),
        "purpose": front.get("purpose", "knowledge_check"),
        "pass_mark": front.get("pass_mark", 0),
        "attempts": front.get("attempts", 0),
        "grading": front.get("grading", "highest"),
        "time_limit_minutes": front.get("time_limit_minutes", 0),
        "shuffle": bool(front.get("shuffle", False)),
        "pool": front.get("pool", 0),
        "review": front.get("review", ReviewPolicy.AFTER_LAST_ATTEMPT.value),
        "bands": "\n".join(f"{band.get('min')}: {band.get('text', '')}" for band in bands if isinstance(band, dict)),
    }


def parse_bands(text: str) -> list[dict[str, Any]]:
    """Band lines, ``70: text``, as the front matter's list; a line that is not ``number: text`` raises ValueError."""
    bands = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        low, colon, band_text = line.partition(":")
        if not colon or not low.strip().isdigit() or not band_text.strip():
            raise ValueError(f"band line {number} is not 'lowest score: text', like 70: Well done.")
        bands.append({"min": int(low.strip()), "text": band_text.strip()})
    return bands


def quiz_front_matter(form: QuizSettingsForm, current: Mapping[str, Any]) -> dict[str, Any]:
    """The quiz file's front matter from the form, keeping keys the form does not show."""
    updated = dict(current)
    updated.update(
        title=form.title.data,
        purpose=form.purpose.data,
        pass_mark=form.pass_mark.data,
        attempts=form.attempts.data,
        grading=form.grading.data,
        time_limit_minutes=form.time_limit_minutes.data,
        shuffle=bool(form.shuffle.data),
        pool=form.pool.data,
        review=form.review.data,
        bands=parse_bands(form.bands.data or ""),
    )
    ordered = {key: updated[key] for key in QUIZ_KEY_ORDER if key in updated}
    ordered.update({key: value for key, value in updated.items() if key not in ordered})
    return ordered
