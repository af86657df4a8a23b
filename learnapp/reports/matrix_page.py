"""The matrix page's body: one `<tr>` of markup per trainee, built in one pass over the table.

A cohort of 200 trainees and 30 modules is 6,000 cells. Rendered through Jinja (a dozen expressions, a filter chain
and two translations per cell, a `url_for` per row) they took two thirds of the page's time. Here every repeated
piece is prepared once: the headings' labels escaped, the hover's two phrases translated, the link built once with
a placeholder id; a cell with the same values in the same column is formatted once. Every value is escaped with
markupsafe before it joins the markup, as the template's autoescape would; nothing is marked safe unescaped.
The markup is the template's (docs/reports.md: the matrix page).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from learnapp.reports.tables import ReportTable

GLYPHS = {"completed": "✓", "in_progress": "◐", "not_started": "○", "overdue": "!"}
_PLACEHOLDER = 2_147_483_647  # an id no trainee has: the trainee link is built once, then filled per row

_ROW = (
    '<tr>\n<th scope="row">\n<a href="{link}">{name}</a>\n<span class="cell-detail">{email}</span>\n'
    "{organisation}</th>\n"
    '<td data-label="{country_label}">{country}</td>\n'
    '<td data-label="{status_label}">{status}</td>\n'
    '<td data-label="{sessions_label}">{sessions}</td>\n'
    "{cells}</tr>\n"
)
_CELL = (
    '<td class="module-cell cell-{state}" data-label="{label}" title="{hover}">\n'
    '<span aria-hidden="true" class="glyph">{glyph}</span>\n'
    '<span class="visually-hidden">{hidden}</span>\n'
    "{figure}</td>\n"
)


def _e(value: Any) -> str:
    return str(escape(value))


class _Escaped(dict[str, str]):
    """Escaped text by its raw text: a matrix repeats a few statuses, dates and figures over thousands of cells."""

    def __missing__(self, text: str) -> str:
        escaped = self[text] = _e(text)
        return escaped


def matrix_body(table: ReportTable, rows: list[list[str]], cohort_id: int) -> list[Markup]:
    """The page's rows (`rows`: `table.display_rows()`), each a `<tr>` with the trainee's link and a cell per module."""
    headings = table.headings()
    country, cohort_status, sessions = headings[1], headings[2], headings[3]
    modules = [(heading.start, _e(heading.title)) for heading in headings[4:]]
    link_before, _placeholder, link_after = url_for(
        "reports.trainee_detail", cohort_id=cohort_id, user_id=_PLACEHOLDER
    ).rpartition(str(_PLACEHOLDER))
    link_before, link_after = _e(link_before), _e(link_after)
    score_phrase, progress_phrase = _("score %(value)s %%"), _("progress %(value)s %%")
    labels = {
        "country_label": _e(country.title),
        "status_label": _e(cohort_status.title),
        "sessions_label": _e(sessions.title),
    }
    e = _Escaped()
    cells_seen: dict[tuple[Any, ...], str] = {}
    body = []
    for raw, row, user_id in zip(table.rows, rows, table.row_ids, strict=True):
        cells = []
        for start, label in modules:
            # The raw values (state, percent, score, date) decide the shown ones.
            key = (start, raw[start], raw[start + 1], raw[start + 2], raw[start + 3])
            cell = cells_seen.get(key)
            if cell is None:
                shown = row[start : start + 4]
                cell = cells_seen[key] = _cell(e, raw[start].value, label, shown, score_phrase, progress_phrase)
            cells.append(cell)
        body.append(
            Markup(
                _ROW.format(
                    link=f"{link_before}{user_id}{link_after}",
                    name=_e(row[0]),
                    email=_e(row[1]),
                    organisation=f'<span class="cell-detail">{_e(row[2])}</span>\n' if row[2] else "",
                    country=e[row[country.start]],
                    status=e[row[cohort_status.start]],
                    sessions=e[row[sessions.start]],
                    cells="".join(cells),
                    **labels,
                )
            )
        )
    return body


def _cell(e: _Escaped, state: str, label: str, shown: list[str], score_phrase: str, progress_phrase: str) -> str:
    """One module cell: the state's glyph, its words for screen readers, and the score or progress figure."""
    status, percent, score, completed_on = shown
    phrase = score_phrase % {"value": score} if score else progress_phrase % {"value": percent}
    hover = " · ".join(part for part in (status, phrase, completed_on) if part)
    figure = score if state == "completed" else percent
    return _CELL.format(
        state=e[state],
        label=label,
        hover=_e(hover),
        glyph=GLYPHS[state],
        hidden=f"{e[status]}, {e[completed_on]}" if completed_on else e[status],
        figure=f'<span class="figure">{e[figure]} %</span>\n' if figure and state != "not_started" else "",
    )
