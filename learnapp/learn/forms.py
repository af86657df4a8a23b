"""Forms of the learn area."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from learnapp.learn.operations import REFLECTION_MAX_LENGTH


class ReflectionForm(FlaskForm):
    """A private answer to a reflection prompt or a scenario step."""

    text = TextAreaField(_l("Your answer (only you can see it)"), validators=[Length(max=REFLECTION_MAX_LENGTH)])
    submit = SubmitField(_l("Save my answer"))


# lesson.js sends every answer typed but not saved along with "Mark as read" or another block's "Save my answer",
# as one field per block: ``answer.<block id>``.
UNSAVED_ANSWER_PREFIX = "answer."


def unsaved_answers(posted: Mapping[str, str], block_slugs: Collection[str]) -> dict[str, str]:
    """The unsaved answers posted for the lesson's own blocks, by block id; fields of other blocks are ignored."""
    found = {name.removeprefix(UNSAVED_ANSWER_PREFIX): text for name, text in posted.items()}
    return {slug: text for slug, text in found.items() if slug in block_slugs}


def has_unsaved_answers(posted: Mapping[str, str]) -> bool:
    """Whether the post carries any unsaved answer (so the lesson's blocks need reading)."""
    return any(name.startswith(UNSAVED_ANSWER_PREFIX) for name in posted)
