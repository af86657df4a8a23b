"""Forms of the auth area: input shape only; the rules live in the domain and operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from learnapp.accounts.forms import NewPasswordForm
from learnapp.domain.passwords import MAX_LENGTH


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class PasswordChangeForm(NewPasswordForm):
    """The current password, and the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    submit = SubmitField(_l("Change password"))


class ResetRequestForm(FlaskForm):
    """The email address of the account whose password was forgotten."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(NewPasswordForm):
    """The new password, twice, from a reset link."""

    submit = SubmitField(_l("Set the new password"))
