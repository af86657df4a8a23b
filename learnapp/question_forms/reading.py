"""The answer form: reading posted answers into each question type's answer shape (input only).

Field names are ``q.<question id>`` and, for questions with one control per row (matching, ordering),
``q.<question id>.<row>``. Hidden ``shown`` fields name the questions on the page, so an emptied answer (no box
ticked) clears the saved one while questions on other pages are left alone. Anything that is not a valid
answer (an unknown field, a choice that does not exist) is treated as no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from learnapp.question_forms.widgets import WIDGETS, Values


def read_answers(form: MultiDict[str, str], specs: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the attempt's questions shown on the posted page, by question id (None = no answer)."""
    shown = [slug for slug in dict.fromkeys(form.getlist("shown")) if slug in specs]
    return {slug: read_answer(specs[slug], _values(form, slug)) for slug in shown}


def _values(form: MultiDict[str, str], slug: str) -> Values:
    return lambda suffix: form.getlist(f"q.{slug}{suffix}")


def read_answer(spec: Any, values: Values) -> Any:
    """One question's answer in its type's shape, or None when there is none (or none that is valid)."""
    return WIDGETS[spec.kind].read(spec, values)
