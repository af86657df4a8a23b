"""The bar above every studio preview: the other language, and the phone or full width switch (no JavaScript).

``?width=phone`` shows the preview inside a 360 px frame (CSS container queries give it the phone layout); without
it, the page takes the full width. Each link keeps the other setting, and the preview's own links keep the width.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l

PHONE = "phone"
PHONE_WIDTH_PX = 360
WIDTH_LABELS = {PHONE: _l("Phone (%(px)d px)", px=PHONE_WIDTH_PX), "full": _l("Full width")}


@dataclass(frozen=True)
class WidthLink:
    """One choice of the width switch."""

    label: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class PreviewBar:
    """The links of the bar, and the width the preview is shown at (``width`` is the query value to keep)."""

    language: str
    language_links: list[tuple[str, str]]
    width_links: list[WidthLink]
    width: str | None

    @property
    def is_phone(self) -> bool:
        """Whether the preview is shown in the phone frame."""
        return self.width == PHONE


def asked_width() -> str | None:
    """``phone`` when ``?width=phone`` was asked for, else None (full width)."""
    return PHONE if request.args.get("width") == PHONE else None


def preview_bar(language: str, languages: tuple[str, ...], endpoint: str | None = None, **args: Any) -> PreviewBar:
    """The bar for the current preview page (or ``endpoint`` with ``args``, such as the form a result came from)."""
    endpoint = endpoint or request.endpoint or ""
    args = args or dict(request.view_args or {})
    width = asked_width()
    return PreviewBar(
        language=language,
        language_links=[
            (code, url_for(endpoint, **args, lang=code, width=width)) for code in languages if code != language
        ],
        width_links=[
            WidthLink(
                str(WIDTH_LABELS[choice or "full"]),
                url_for(endpoint, **args, lang=language, width=choice),
                choice == width,
            )
            for choice in (PHONE, None)
        ],
        width=width,
    )
