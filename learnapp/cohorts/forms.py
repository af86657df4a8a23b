"""Forms of the cohorts area: input shape only; enrolment and permission rules live in operations."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from learnapp.accounts.forms import NewPasswordForm, ProfileForm, email_validators, one_line_text
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.labels import LANGUAGE_LABELS, choices
from learnapp.models import Cohort, User

MAX_CSV_BYTES = 1024 * 1024


class CohortForm(FlaskForm):
    """A cohort's name, dates, place, working language and required in-person sessions."""

    name = StringField(_l("Name"), validators=one_line_text())
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place"), validators=one_line_text(required=False))
    working_language = SelectField(_l("Working language"), choices=choices(LANGUAGE_LABELS))
    required_sessions = IntegerField(
        _l("In-person sessions required for completion"), default=0, validators=[NumberRange(min=0, max=100)]
    )
    submit = SubmitField(_l("Save"))

    def validate_ends_on(self, field: DateField) -> None:
        """A cohort cannot end before it starts."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


class NewCohortForm(CohortForm):
    """A new cohort; an administrator may name its coordinators by email."""

    coordinator_emails = TextAreaField(_l("Coordinators' emails (one a line)"), validators=[Optional()])

    def coordinator_email_list(self) -> list[str]:
        """The emails typed, lower-case, without blanks or repeats."""
        lines = (line.strip().lower() for line in (self.coordinator_emails.data or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))

    def validate_coordinator_emails(self, field: TextAreaField) -> None:
        """Each email must belong to an existing coordinator account."""
        emails = self.coordinator_email_list()
        found = set(
            db.session.scalars(sa.select(User.email).where(User.email.in_(emails), User.role == Role.COORDINATOR))
        )
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise ValidationError(_l("No coordinator account has this email: %(emails)s", emails=", ".join(unknown)))


def _within_cohort(day: date | None, cohort: Cohort) -> None:
    """A date before the cohort starts or after it ends is a typing mistake: say so, with the dates.

    The one rule for session dates and module due dates: a due date after the cohort ends could never be met
    inside the cohort, and one before it starts would make the module overdue on the first day.
    """
    starts, ends = cohort.starts_on, cohort.ends_on
    if day is None:
        return
    if (starts is not None and day < starts) or (ends is not None and day > ends):
        dates = f"{format_date(starts) if starts else '…'} – {format_date(ends) if ends else '…'}"
        raise ValidationError(_l("The date must fall within the cohort's dates (%(dates)s).", dates=dates))


class MultiCheckboxField(SelectMultipleField):
    """A plain list of checkboxes, one per choice: works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignModulesForm(FlaskForm):
    """Several published modules (or all those not assigned yet), required or optional, with one due date."""

    module_ids = MultiCheckboxField(_l("Modules"), coerce=int)
    select_all = BooleanField(_l("All modules not assigned yet"))
    is_required = BooleanField(_l("Required"), default=True)
    due_on = DateField(_l("Due on (optional)"), validators=[Optional()])
    submit = SubmitField(_l("Assign"))

    def __init__(self, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cohort = cohort

    def chosen_ids(self) -> list[int]:
        """The modules to assign: every choice when "all" is ticked, else the ticked ones."""
        if self.select_all.data:
            return [int(choice[0]) for choice in self.module_ids.choices or []]
        return list(self.module_ids.data or [])

    def validate_module_ids(self, field: MultiCheckboxField) -> None:
        """At least one module, ticked or through "all"."""
        if not self.chosen_ids():
            raise ValidationError(_l("Tick at least one module, or “all”."))

    def validate_due_on(self, field: DateField) -> None:
        """Within the cohort's dates (`_within_cohort`)."""
        _within_cohort(field.data, self.cohort)


class AssignmentForm(FlaskForm):
    """The required flag and due date of one assigned module, changed in place on the cohort page."""

    is_required = BooleanField(_l("Required"))
    due_on = DateField(_l("Due on"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

    def __init__(self, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cohort = cohort

    def validate_due_on(self, field: DateField) -> None:
        """Within the cohort's dates (`_within_cohort`)."""
        _within_cohort(field.data, self.cohort)


class ParticipantForm(ProfileForm):
    """A participant added by hand: an existing account is matched by email, otherwise one is created."""

    email = EmailField(_l("Email"), validators=email_validators())
    submit = SubmitField(_l("Enrol"))


class UploadForm(FlaskForm):
    """A file of participants: CSV (UTF-8) or XLSX, told apart by the view."""

    file = FileField(
        _l("CSV or XLSX file"),
        validators=[
            FileRequired(_l("Choose a CSV or XLSX file.")),
            FileSize(MAX_CSV_BYTES, message=_l("The file is larger than 1 MB.")),
        ],
    )
    submit = SubmitField(_l("Upload and enrol"))


class SessionForm(FlaskForm):
    """An in-person session of a cohort, on a date within the cohort's dates (when the cohort has them)."""

    title = StringField(_l("Title"), validators=one_line_text())
    held_on = DateField(_l("Date"), validators=[Optional()])
    submit = SubmitField(_l("Add session"))

    def __init__(self, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cohort = cohort

    def validate_held_on(self, field: DateField) -> None:
        """Within the cohort's dates (`_within_cohort`)."""
        _within_cohort(field.data, self.cohort)


class ActionForm(FlaskForm):
    """A button that posts: an invitation, an unassignment, saving attendance."""

    submit = SubmitField(_l("Save"))


class SetPasswordForm(NewPasswordForm):
    """The password an invited person chooses, twice."""

    submit = SubmitField(_l("Set password and sign in"))
