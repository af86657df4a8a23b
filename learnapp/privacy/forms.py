"""Forms of the privacy area: input shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Length


class AcceptNoticeForm(FlaskForm):
    """One button: "I accept"; `next` is where the person was going."""

    next = HiddenField()
    submit = SubmitField(_l("I have read the privacy notice and accept it"))


class EraseForm(FlaskForm):
    """The administrator types the person's email again, so that the wrong account is not erased by a slip."""

    email = EmailField(_l("Type the person's email to confirm"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Erase this person's data"))
