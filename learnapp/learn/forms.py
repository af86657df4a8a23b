"""Forms of the learn area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from learnapp.learn.operations import REFLECTION_MAX_LENGTH


class ReflectionForm(FlaskForm):
    """A private answer to a reflection prompt or a scenario step."""

    text = TextAreaField(_l("Your answer (only you can see it)"), validators=[Length(max=REFLECTION_MAX_LENGTH)])
    submit = SubmitField(_l("Save my answer"))
