"""Values the cohort pages display, assembled in Python: the invitation cards of the printable sheet."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup

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
