"""Form pieces shared by every area that edits an account: the password policy, the profile, email fields.

Input shape only; the password rules themselves live in `learnapp.domain.passwords`.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from learnapp.domain.passwords import PasswordProblem, password_problem
from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.domain.text_input import NAME_MAX_LENGTH, forbidden_character
from learnapp.domain.user_records import UserRecord
from learnapp.labels import COUNTRY_LABELS, GENDER_LABELS, LANGUAGE_LABELS, STAKEHOLDER_LABELS, choices

PASSWORD_MESSAGES: dict[PasswordProblem, Any] = {
    PasswordProblem.TOO_SHORT: _l("Use at least 12 characters."),
    PasswordProblem.TOO_LONG: _l("Use at most 256 characters."),
    PasswordProblem.TOO_COMMON: _l(
        "This password is too common or too easy to guess. Try a phrase of several unrelated words."
    ),
}


class OneLine:
    """WTForms validator: no control character, tab or line break (a name, an organisation, a title)."""

    def __call__(self, form: FlaskForm, field: Any) -> None:
        """Raise a validation error naming the character refused."""
        character = forbidden_character(field.data or "")
        if character is not None:
            raise ValidationError(
                str(_l("Write this on one line, without tabs or control characters (found %(code)s).", code=character))
            )


def one_line_text(required: bool = True) -> list[Any]:
    """The validators of a one-line text field: required or optional, one line, the common length limit."""
    return [DataRequired() if required else Optional(), OneLine(), Length(max=NAME_MAX_LENGTH)]


class StrongPassword:
    """WTForms validator applying the domain's password policy; the form's email and name count as guessable."""

    def __call__(self, form: FlaskForm, field: Any) -> None:
        """Raise a validation error that says why the password is refused."""
        personal = [value for value in (getattr(form, "personal_words", lambda: [])()) if value]
        problem = password_problem(field.data or "", personal)
        if problem is not None:
            raise ValidationError(str(PASSWORD_MESSAGES[problem]))


class NewPasswordForm(FlaskForm):
    """A new password typed twice, checked against the policy and the person's own email and name."""

    new_password = PasswordField(_l("New password"), validators=[DataRequired(), StrongPassword()])
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
    )

    def __init__(self, *args: Any, personal_words: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._personal_words = personal_words or []

    def personal_words(self) -> list[str]:
        """The person's email and name, which a password must not be built from."""
        return self._personal_words


class ProfileForm(FlaskForm):
    """What a participant tells the programme about themselves."""

    full_name = StringField(_l("Full name"), validators=one_line_text())
    country = SelectField(_l("Country"), choices=choices(COUNTRY_LABELS))
    organisation = StringField(_l("Organisation"), validators=one_line_text(required=False))
    stakeholder_group = SelectField(_l("Stakeholder group"), choices=choices(STAKEHOLDER_LABELS))
    gender = SelectField(_l("Gender (optional)"), choices=choices(GENDER_LABELS))
    preferred_language = SelectField(_l("Preferred language"), choices=choices(LANGUAGE_LABELS))
    submit = SubmitField(_l("Save"))

    def record(self, email: str, role: Role) -> UserRecord:
        """The account as the form describes it, with the `email` and `role` the form itself does not hold."""
        return UserRecord(
            email=email.strip().lower(),
            full_name=self.full_name.data or "",
            role=role,
            country=self.country.data or "XX",
            organisation=self.organisation.data or "",
            stakeholder_group=StakeholderGroup(self.stakeholder_group.data),
            gender=Gender(self.gender.data) if self.gender.data else None,
            language=self.preferred_language.data or "en",
        )


def email_validators() -> list[Any]:
    """Validators for an email typed by an administrator or coordinator."""
    return [DataRequired(), Email(check_deliverability=False), Length(max=254)]
