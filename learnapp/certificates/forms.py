"""The form to type a certificate's verification code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class VerifyCodeForm(FlaskForm):
    """A GET form that changes nothing, so it carries no CSRF token and its URL can be bookmarked or shared."""

    class Meta:
        """No CSRF token: see the class docstring."""

        csrf = False

    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(_l("Type the code printed on the certificate.")), Length(max=100)],
    )
    submit = SubmitField(_l("Check the certificate"))
