"""Forms of the question bank: input shape only; the conversion lives in ``learnapp.domain.question_exchange``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, HiddenField, SelectField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Length

from learnapp.domain.question_exchange import ExchangeFormat
from learnapp.labels import LANGUAGE_LABELS, choices

MAX_UPLOAD_BYTES = 400_000
"""About a thousand questions. The converted text travels back in the download form, and Flask refuses a form
field over 500 kB; larger banks go through ``flask questions import``."""
FORMAT_LABELS: dict[str, str] = {ExchangeFormat.GIFT.value: "GIFT (Moodle)", ExchangeFormat.AIKEN.value: "Aiken"}
FORMAT_CODES = [fmt.value for fmt in ExchangeFormat]


class ImportForm(FlaskForm):
    """A GIFT or Aiken file, its format and the language its questions are written in."""

    file = FileField(
        _l("Question file"),
        validators=[
            FileRequired(_l("Choose a GIFT or Aiken file.")),
            FileSize(
                MAX_UPLOAD_BYTES, message=_l("The file is larger than 400 kB: split it, or use the command line.")
            ),
        ],
    )
    file_format = SelectField(_l("Format"), choices=choices(FORMAT_LABELS))
    language = SelectField(_l("Language of the questions"), choices=choices(LANGUAGE_LABELS))
    submit = SubmitField(_l("Preview"))


class DownloadForm(FlaskForm):
    """The previewed text sent back to be converted again and downloaded as our quiz Markdown."""

    source = HiddenField(validators=[DataRequired(), Length(max=MAX_UPLOAD_BYTES)])
    file_format = HiddenField(validators=[AnyOf(FORMAT_CODES)])
    language = HiddenField(validators=[AnyOf(list(LANGUAGE_LABELS))])
    name = HiddenField(validators=[Length(max=200)])
    skip_bad = BooleanField(_l("Leave out the questions that cannot be imported"))
    submit = SubmitField(_l("Download as quiz Markdown"))
