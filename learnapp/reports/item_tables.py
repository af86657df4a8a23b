"""The item analysis as a table: one row per question, then one row per choice of a choice question."""

from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l

from learnapp.domain.item_stats import discrimination, facility
from learnapp.labels import QUESTION_KIND_LABELS
from learnapp.reports.item_queries import ItemRow, QuestionInfo
from learnapp.reports.tables import Coded, Column, ReportTable


def _columns() -> list[Column]:
    return [
        Column("question", str(_l("Question"))),
        Column("kind", str(_l("Type"))),
        Column("text", str(_l("Text"))),
        Column("choice", str(_l("Choice"))),
        Column("is_key", str(_l("Right answer"))),
        Column("picks", str(_l("Picked"))),
        Column("responses", str(_l("Responses"))),
        Column("answered", str(_l("Answered"))),
        Column("facility_percent", str(_l("Facility %"))),
        Column("discrimination", str(_l("Discrimination"))),
    ]


def item_analysis_table(
    infos: dict[str, QuestionInfo], items: list[ItemRow], choices: dict[str, Counter[int]]
) -> ReportTable:
    """Questions in the latest version's order (older ones first), each followed by its choices' pick counts.

    The pick counts and the right-answer mark sit next to the choice's text, so that the distractors read at a glance.
    """
    by_slug = {item.slug: item for item in items}
    table = ReportTable(_columns())
    for slug in [*infos, *sorted(set(by_slug) - set(infos))]:
        info = infos.get(slug) or QuestionInfo(slug, "", "", ())
        item = by_slug.get(slug)
        count = item.sums.count if item else 0
        answered = item.answered if item else 0
        stats = (facility(item.sums), discrimination(item.sums)) if item else (None, None)
        kind = Coded(info.kind, str(QUESTION_KIND_LABELS.get(info.kind, info.kind)))
        table.rows.append([slug, kind, info.text, None, None, None, count, answered, *stats])
        for index, (text, is_key) in enumerate(zip(info.choices, info.keys, strict=True)):
            key = Coded("true", "✓ " + str(_l("Right answer"))) if is_key else Coded("false", "")
            table.rows.append([slug, kind, text, index + 1, key, choices[slug][index], None, None, None, None])
    return table
