"""Forms of the admin area."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from learnapp.accounts.forms import ProfileForm, StrongPassword, email_validators
from learnapp.extensions import db
from learnapp.labels import ROLE_LABELS, choices
from learnapp.models import User


class UserForm(ProfileForm):
    """An administrator's view of an account: its profile, role, status and, optionally, a new password."""

    email = EmailField(_l("Email"), validators=email_validators())
    role = SelectField(_l("Role"), choices=choices(ROLE_LABELS))
    is_active = BooleanField(_l("Active (can sign in)"), default=True)
    new_password = PasswordField(_l("Set a new password (optional)"), validators=[Optional(), StrongPassword()])

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, obj=user, **kwargs)
        self._user = user
        if user is not None and not self.is_submitted():
            self.gender.data = user.gender or ""

    def personal_words(self) -> list[str]:
        """A password must not be built from the account's email or name."""
        return [self.email.data or "", self.full_name.data or ""]

    def validate_email(self, field: StringField) -> None:
        """Emails are unique, compared in lower case."""
        email = (field.data or "").strip().lower()
        other = db.session.scalar(sa.select(User.id).where(User.email == email))
        if other is not None and (self._user is None or other != self._user.id):
            raise ValidationError(_l("Another account already uses this email."))
