"""Values the cohort pages display, assembled in Python: invitation cards, upload problems in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import segno
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from learnapp.domain.user_records import RecordProblem
from learnapp.models import User

QR_SCALE = 4  # 4 px a module: about 4.5 cm across on paper for a link, which a phone reads from a desk


@dataclass(frozen=True)
class InvitationCard:
    """One participant's card on the invitation sheet."""

    name: str
    email: str
    link: str
    qr_svg: Markup


def qr_svg(link: str) -> Markup:
    """The link as an inline SVG QR code, drawn on the server (no script, no third party sees the link).

    Marked safe because the SVG is segno's own output: one `<svg>` and one `<path>` whose attributes are
    numbers, a fixed class and a path of moves computed from the code's modules; nothing typed by anyone is
    copied into it (the link itself is encoded as modules, never as text).
    """
    code = segno.make_qr(link, error="m")
    return Markup(code.svg_inline(scale=QR_SCALE, svgclass="qr-code", lineclass=None, omitsize=False))


def invitation_card(user: User, link: str) -> InvitationCard:
    """The card for `user` with their new link; the template escapes the name and email like any text."""
    return InvitationCard(name=user.full_name, email=user.email, link=link, qr_svg=qr_svg(link))


# What each problem code of `domain.user_records` says, in the reader's language. The English keeps the words
# of the command line (`flask users import`), which prints the domain's own English messages.
PROBLEM_TEXTS: dict[str, Any] = {
    "not_allowed": _l("'%(value)s' is not one of %(allowed)s"),
    "control_character": _l("contains a control character or line break (%(character)s)"),
    "too_long": _l("is longer than %(limit)s characters"),
    "required": _l("is required"),
    "not_email": _l("'%(value)s' is not an email address"),
    "empty_file": _l("the file is empty; the first line must name the columns"),
    "unknown_column": _l("unknown column; use %(columns)s"),
    "column_required": _l("this column is required"),
    "unreadable_csv": _l("cannot be read as CSV: a value is too long or a quotation mark is not closed"),
    "unreadable_xlsx": _l("cannot be read as an XLSX file; save it again as an Excel workbook, or upload a CSV file"),
    "too_many_values": _l("has more values than the %(count)s columns named on line 1"),
    "account_exists": _l("an account with %(email)s already exists"),
    "repeated": _l("%(email)s is already on line %(first)s"),
    "cannot_enrol": _l("this address cannot be enrolled; ask an administrator"),
    "role_not_allowed": _l("not allowed here; use %(columns)s"),
    "too_many_rows": _l("the file has more than %(limit)s rows; split it into several files"),
    "unpacks_too_large": _l("the workbook unpacks to more than %(limit)s MB; upload a CSV file instead"),
}


def problem_text(problem: RecordProblem) -> str:
    """A problem of an uploaded file as "line N, column X: why" in the reader's language."""
    template = PROBLEM_TEXTS.get(problem.why)
    why = str(template) % dict(problem.values) if template is not None else problem.message
    return _("line %(line)d, column %(column)s: %(why)s", line=problem.line, column=problem.column, why=why)
