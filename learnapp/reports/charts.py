"""Server-side SVG charts: no script, every label escaped, the figures also in the table beside them."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 22
LABEL_WIDTH = 260
BAR_WIDTH = 300


def bar_chart(bars: Sequence[tuple[str, object]], title: str) -> Markup:
    """Horizontal bars of percentages (0-100); a value that is not a number (None, "<5") is written, not drawn."""
    height = BAR_HEIGHT * max(len(bars), 1)
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
    ]
    for row, (label, value) in enumerate(bars):
        y = row * BAR_HEIGHT
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(label[:40])}</text>')
        if isinstance(value, int | float):
            length = round(BAR_WIDTH * min(max(float(value), 0.0), 100.0) / 100)
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" height="14" fill="#2a6ebb"></rect>')
            parts.append(f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 15}" font-size="12">{value:g} %</text>')
        else:
            text = "" if value is None else escape(str(value))
            parts.append(f'<text x="{LABEL_WIDTH}" y="{y + 15}" font-size="12">{text}</text>')
    parts.append("</svg>")
    # Safe to mark: every interpolated label is escaped above, numbers are formatted by us.
    return Markup("".join(parts))
