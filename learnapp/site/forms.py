"""Forms of the site area."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class LanguageForm(FlaskForm):
    """The language switch shown on every page."""

    language = HiddenField(validators=[DataRequired()])
    next = HiddenField()
