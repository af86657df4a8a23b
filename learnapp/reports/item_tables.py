"""The item analysis as a table: one row per question, then one row per choice of a choice question."""

from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l

from learnapp.domain.item_stats import discrimination, facility
from learnapp.reports.item_queries import ItemRow, QuestionInfo
from learnapp.reports.tables import Column, ReportTable


def _columns() -> list[Column]:
    return [
        Column("question", str(_l("Question"))),
        Column("kind", str(_l("Type"))),
        Column("text", str(_l("Text"))),
        Column("choice", str(_l("Choice"))),
        Column("responses", str(_l("Responses"))),
        Column("answered", str(_l("Answered"))),
        Column("facility_percent", str(_l("Facility %"))),
        Column("discrimination", str(_l("Discrimination"))),
        Column("picks", str(_l("Picked"))),
    ]


def item_analysis_table(
    infos: dict[str, QuestionInfo], items: list[ItemRow], choices: dict[str, Counter[int]]
) -> ReportTable:
    """Questions in the latest version's order (older ones first), each followed by its choices' pick counts."""
    by_slug = {item.slug: item for item in items}
    table = ReportTable(_columns())
    for slug in [*infos, *sorted(set(by_slug) - set(infos))]:
        info = infos.get(slug) or QuestionInfo(slug, "", "", ())
        item = by_slug.get(slug)
        count = item.sums.count if item else 0
        answered = item.answered if item else 0
        stats = (facility(item.sums), discrimination(item.sums)) if item else (None, None)
        table.rows.append([slug, info.kind, info.text, None, count, answered, *stats, None])
        for index, text in enumerate(info.choices):
            table.rows.append([slug, info.kind, text, index + 1, None, None, None, None, choices[slug][index]])
    return table
