"""Forms of the auth area: input shape only; the rules live in the domain and operations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3; types-WTForms 3.2 lacks it
from wtforms.validators import DataRequired, Length

from learnapp.accounts.forms import NewPasswordForm, ProfileForm
from learnapp.domain.passwords import MAX_LENGTH
from learnapp.domain.time_zones import TIME_ZONES


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


class AccountForm(ProfileForm):
    """One's own profile, and the time zone one's dates and times are shown in (empty: one's country's)."""

    time_zone = SelectField(
        _l("Time zone"),
        choices=[SelectChoice("", _l("My country's time zone")), *(SelectChoice(zone, zone) for zone in TIME_ZONES)],
        # A form posted without it (an older page) keeps working: an unknown zone is stored as "my country's".
        validate_choice=False,
    )
