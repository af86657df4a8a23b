"""Server-side SVG charts: no script, every label escaped, the figures also in the table beside them.

Each chart is an image to assistive technology (``role="img"``, a ``<title>`` and a ``<desc>`` it is labelled and
described by); the table next to it carries the figures. Labels sit above their bars, so the drawing stays narrow:
the stylesheet scales it to the column (``.chart``), and on a phone its text stays about the size of the page's.
A value that is not a number is written where the bar would be, never drawn: "<5" as it is, None as "—".
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH = 324  # user units; at the stylesheet's max-width of 27rem one unit is 1/12 rem: FONT_SIZE renders as 1rem
FONT_SIZE = 12
LINE = 15  # height of a line of text
LABEL_GAP = 3  # between a label and its bar, clear of descenders
BAR = 14
BAR_GAP = 4
GROUP_GAP = 10
VALUE_ROOM = 48  # room after the bars for the values, right-aligned: "100 %"
BAR_AREA = WIDTH - VALUE_ROOM
LABEL_CHARS = 46  # characters of a label line that fit in WIDTH at FONT_SIZE
LABEL_LINES = 3
CHAR_WIDTH = 7  # a generous average width of a character at FONT_SIZE, for laying out the legend
SWATCH = 18
INK = "#1f5f8b"
TRACK = "#e6ebf0"  # the 0-100 % scale behind each bar; decorative


@dataclass(frozen=True)
class Series:
    """One kind of bar of a paired chart: its name for the legend, and whether it is hatched or solid."""

    name: str
    is_hatched: bool


def wrap_label(label: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """A label broken at spaces into at most `lines` lines of at most `width` characters; "…" ends a cut label."""
    wrapped = textwrap.wrap(label, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def bar_length(value: float) -> int:
    """The length of the bar of a percentage, clamped to 0-100."""
    return round(BAR_AREA * min(max(value, 0.0), 100.0) / 100)


def percent_text(value: float) -> str:
    """A bar's value as the page's language writes it: "12.5 %" in English, "12,5 %" in Russian."""
    return f"{format_decimal(value, '#,##0.##', locale=get_locale() or 'en')} %"


def is_drawable(value: object) -> bool:
    """True for a number; None, "<5" and other text are written instead."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Drawing:
    """The elements of a chart, laid out top to bottom."""

    def __init__(self, chart_id: str) -> None:
        self.chart_id = str(escape(chart_id))
        self.parts: list[str] = []
        self.y = 0

    def text(self, x: int, baseline: int, content: object) -> None:
        self.parts.append(f'<text x="{x}" y="{baseline}">{escape(content)}</text>')

    def label(self, label: str) -> None:
        for line in wrap_label(label):
            self.text(0, self.y + FONT_SIZE, line)
            self.y += LINE
        self.y += LABEL_GAP

    def bar(self, value: object, is_hatched: bool = False) -> None:
        if is_drawable(value):
            number = float(value)  # type: ignore[arg-type]
            length = bar_length(number)
            fill = f"url(#{self.chart_id}-hatch)" if is_hatched else INK
            self.parts.append(
                f'<rect class="track" x="0" y="{self.y}" width="{BAR_AREA}" height="{BAR}" fill="{TRACK}"></rect>'
                f'<rect class="bar" x="0" y="{self.y}" width="{length}" height="{BAR}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="1"></rect>'
            )
            self.parts.append(
                f'<text x="{WIDTH}" y="{self.y + BAR - 3}" text-anchor="end">{escape(percent_text(number))}</text>'
            )
        else:
            self.text(0, self.y + BAR - 3, "—" if value is None else value)
        self.y += BAR + BAR_GAP

    def legend(self, series: Sequence[Series]) -> None:
        x = 0
        for item in series:
            width = SWATCH + 6 + CHAR_WIDTH * len(item.name)
            if x and x + width > WIDTH:
                x, self.y = 0, self.y + LINE + 4
            fill = f"url(#{self.chart_id}-hatch)" if item.is_hatched else INK
            self.parts.append(
                f'<rect class="swatch" x="{x}" y="{self.y + 1}" width="{SWATCH}" height="{BAR - 2}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="1"></rect>'
            )
            self.text(x + SWATCH + 6, self.y + FONT_SIZE, item.name)
            x += width + 16
        self.y += LINE + GROUP_GAP

    def svg(self, title: str, description: str, has_hatch: bool = False) -> Markup:
        height = max(self.y, LINE)
        ids = self.chart_id
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{ids}-title" '
            f'aria-describedby="{ids}-desc" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
            f'font-size="{FONT_SIZE}" fill="currentColor">'
            f'<title id="{ids}-title">{escape(title)}</title><desc id="{ids}-desc">{escape(description)}</desc>'
        )
        if has_hatch:
            head += (
                f'<defs><pattern id="{ids}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2">'
                "</line></pattern></defs>"
            )
        # Safe to mark: every label, title and value above went through escape(); the rest is our own markup.
        return Markup(head + "".join(self.parts) + "</svg>")


def bar_chart(
    bars: Sequence[tuple[str, object]], title: str, description: str | None = None, chart_id: str = "chart"
) -> Markup:
    """Horizontal bars of percentages (0-100), each under its label; a value that is not a number is written."""
    drawing = _Drawing(chart_id)
    for label, value in bars:
        drawing.label(label)
        drawing.bar(value)
        drawing.y += GROUP_GAP - BAR_GAP
    default = _("One bar per row of the table, from 0 to 100 %. “<5” marks a group too small to show.")
    return drawing.svg(title, description or default)


def paired_bar_chart(
    groups: Sequence[tuple[str, object, object]],
    title: str,
    series: tuple[Series, Series],
    description: str | None = None,
    chart_id: str = "paired-chart",
) -> Markup:
    """Two bars per group (e.g. before and after), told apart by fill (hatched or solid) and named in a legend."""
    drawing = _Drawing(chart_id)
    drawing.legend(series)
    for label, first, second in groups:
        drawing.label(label)
        drawing.bar(first, series[0].is_hatched)
        drawing.bar(second, series[1].is_hatched)
        drawing.y += GROUP_GAP - BAR_GAP
    default = _("Two bars per row of the table, from 0 to 100 %. “<5” marks a group too small to show.")
    return drawing.svg(title, description or default, has_hatch=True)
