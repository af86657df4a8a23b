"""Forms of the studio: input shape only; what a change means for the draft lives in operations."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from learnapp.domain.content import CompletionRule, GradingMethod, Purpose, ReviewPolicy, Sensitivity
from learnapp.domain.drafting import QUIZ_KINDS, SURVEY_KINDS
from learnapp.labels import PURPOSE_LABELS, QUESTION_KIND_LABELS, choices

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
NAME_PATTERN = r"^[a-z0-9][a-z0-9-]{0,58}$"
NAME_MESSAGE = _l("Use lowercase latin letters, digits and hyphens, starting with a letter or digit.")
STUDIO_LANGUAGES = ("en", "ru")

SENSITIVITY_LABELS: dict[str, Any] = {
    Sensitivity.PUBLIC: _l("Public: every trainee"),
    Sensitivity.PROGRAMME: _l("Programme: trainees of the programme"),
    Sensitivity.RESTRICTED: _l("Restricted: only cohorts it is assigned to"),
}
COMPLETION_LABELS: dict[str, Any] = {
    CompletionRule.LESSONS: _l("Reading every lesson"),
    CompletionRule.QUIZ: _l("Passing the quiz"),
    CompletionRule.LESSONS_AND_QUIZ: _l("Reading every lesson and passing the quiz"),
}


class NewModuleForm(FlaskForm):
    """A module's id and its titles: the English title is required, the Russian one adds a Russian version."""

    slug = StringField(
        _l("Module id"),
        validators=[DataRequired(), Length(max=64), Regexp(SLUG_PATTERN, message=NAME_MESSAGE)],
    )
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=200)])
    title_ru = StringField(_l("Title in Russian (optional)"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Create the module"))


class FileForm(FlaskForm):
    """The text of one draft file, the revision it was read at, and what to do after saving."""

    text = TextAreaField(_l("File text"))
    revision = HiddenField(validators=[InputRequired()])
    question_kind = SelectField(_l("Question type"), choices=[], validate_choice=False)
    save = SubmitField(_l("Save"))
    preview = SubmitField(_l("Save and preview"))
    add_question = SubmitField(_l("Add a question"))

    def offer_questions(self, *, graded: bool) -> None:
        """The question types this file takes (quiz or survey)."""
        kinds = QUIZ_KINDS if graded else SURVEY_KINDS
        self.question_kind.choices = choices({kind: QUESTION_KIND_LABELS[kind] for kind in kinds})


class LessonNameForm(FlaskForm):
    """A lesson's name (the part of its file name after the position)."""

    name = StringField(
        _l("Lesson name"), validators=[DataRequired(), Length(max=59), Regexp(NAME_PATTERN, message=NAME_MESSAGE)]
    )
    submit = SubmitField(_l("Add the lesson"))


class ActionForm(FlaskForm):
    """A button that needs nothing but the CSRF token (move, delete, start a draft)."""


class SettingsForm(FlaskForm):
    """module.yaml as a form; per-language fields for English and Russian."""

    order = IntegerField(_l("Position in the catalogue"), validators=[InputRequired(), NumberRange(min=0, max=9999)])
    estimated_minutes = IntegerField(
        _l("Estimated minutes"), validators=[InputRequired(), NumberRange(min=1, max=10000)]
    )
    sensitivity = SelectField(_l("Sensitivity"), choices=choices(SENSITIVITY_LABELS))
    completion = SelectField(_l("Completed by"), choices=choices(COMPLETION_LABELS))
    prerequisites = StringField(
        _l("Prerequisites (module ids, separated by commas)"), validators=[Optional(), Length(max=500)]
    )
    tags = StringField(_l("Tags (separated by commas)"), validators=[Optional(), Length(max=500)])
    title_en = StringField(_l("Title in English"), validators=[DataRequired(), Length(max=200)])
    summary_en = TextAreaField(_l("Summary in English"), validators=[DataRequired(), Length(max=2000)])
    objectives_en = TextAreaField(
        _l("Objectives in English (one per line)"), validators=[DataRequired(), Length(max=5000)]
    )
    title_ru = StringField(_l("Title in Russian"), validators=[Optional(), Length(max=200)])
    summary_ru = TextAreaField(_l("Summary in Russian"), validators=[Optional(), Length(max=2000)])
    objectives_ru = TextAreaField(_l("Objectives in Russian (one per line)"), validators=[Optional(), Length(max=5000)])
    review_required = BooleanField(_l("Publishing needs an approved review"))
    submit = SubmitField(_l("Save the settings"))


class AuthorForm(FlaskForm):
    """The trainer to add as an author."""

    user_id = SelectField(_l("Trainer"), coerce=int, choices=[])
    submit = SubmitField(_l("Add as author"))


class ReviewRequestForm(FlaskForm):
    """A note to the reviewers."""

    request_note = TextAreaField(_l("What changed, for the reviewer"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Ask for a review"))


class ReviewForm(FlaskForm):
    """A reviewer's comment and decision."""

    body = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])
    decision = SelectField(
        _l("Decision"),
        choices=choices(
            {
                "comment": _l("Comment only"),
                "approve": _l("Approve for publishing"),
                "send_back": _l("Send back for changes"),
            }
        ),
    )
    submit = SubmitField(_l("Send"))


class PublishForm(FlaskForm):
    """The change note every published version carries."""

    note = TextAreaField(_l("Change note"), validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Publish"))


class MediaForm(FlaskForm):
    """An image (with the alt text its Markdown needs) or a PDF attachment."""

    file = FileField(_l("Image or PDF"), validators=[FileRequired()])
    alt = StringField(_l("Alternative text (required for an image)"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Upload"))


class ZipForm(FlaskForm):
    """A module as a .zip in the modules/ layout."""

    file = FileField(_l("Module .zip"), validators=[FileRequired()])
    submit = SubmitField(_l("Upload the module"))


GRADING_LABELS: dict[str, Any] = {
    GradingMethod.HIGHEST: _l("The highest attempt"),
    GradingMethod.LAST: _l("The last attempt"),
    GradingMethod.FIRST: _l("The first attempt"),
    GradingMethod.AVERAGE: _l("The average of the attempts"),
}
REVIEW_POLICY_LABELS: dict[str, Any] = {
    ReviewPolicy.NONE: _l("Only that it was submitted"),
    ReviewPolicy.SCORE: _l("The score and whether it passed"),
    ReviewPolicy.CORRECTNESS: _l("Also right or wrong per question"),
    ReviewPolicy.AFTER_LAST_ATTEMPT: _l("Also the feedback and the correct answers, after the last attempt or a pass"),
    ReviewPolicy.FULL: _l("Also the feedback and the correct answers"),
}


class QuizSettingsForm(FlaskForm):
    """The front matter of the quiz in the module's default language (translations carry title and bands only)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    purpose = SelectField(_l("Purpose"), choices=choices({code: PURPOSE_LABELS[code] for code in Purpose}))
    pass_mark = IntegerField(_l("Pass mark (percent)"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    attempts = IntegerField(
        _l("Attempts allowed (0 = unlimited)"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    grading = SelectField(_l("Grade kept over the attempts"), choices=choices(GRADING_LABELS))
    time_limit_minutes = IntegerField(
        _l("Time limit in minutes (0 = none)"), validators=[InputRequired(), NumberRange(min=0, max=600)]
    )
    shuffle = BooleanField(_l("Shuffle the questions and choices"))
    pool = IntegerField(
        _l("Questions drawn per attempt (0 = all)"), validators=[InputRequired(), NumberRange(min=0, max=500)]
    )
    review = SelectField(_l("After submitting, the trainee sees"), choices=choices(REVIEW_POLICY_LABELS))
    bands = TextAreaField(
        _l("Feedback by score band, one per line: lowest score, a colon, the text"),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Save the quiz settings"))
