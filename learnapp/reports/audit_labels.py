"""The audit log's codes as words: what was done, to which report, with which filters (D-31).

The log stores stable codes (`report.view`, `matrix:cohort:2`, `{"filters": {"country": "KZ"}}`) so that it can be
searched and kept across releases; the page reads them in the interface language. Ids stay ids: naming cohorts
and people would cost a statement per row, and the administrator can open them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from learnapp.labels import COUNTRY_LABELS, GENDER_LABELS, STAKEHOLDER_LABELS
from learnapp.reports.queries import NO_GENDER

ACTION_LABELS: dict[str, Any] = {
    "report.view": _l("Viewed"),
    "report.export": _l("Downloaded"),
    "audit.view": _l("Viewed"),
    "invitation.link": _l("Made an invitation link"),
    "invitation.email": _l("Emailed an invitation"),
    "invitation.sheet": _l("Printed an invitation"),
}
REPORT_LABELS: dict[str, Any] = {
    "matrix": _l("Completion matrix"),
    "matrix_aggregate": _l("Completion matrix (counts only)"),
    "module_summary": _l("Module summary"),
    "knowledge_gain": _l("Knowledge gain"),
    "completion_by_group": _l("Completion by group"),
    "item_analysis": _l("Item analysis"),
    "trainee": _l("Trainee detail"),
    "attempt": _l("Trainee's quiz attempt"),
    "audit_log": _l("Audit log"),
    "invitation": _l("Invitation"),
}
PART_LABELS: dict[str, Any] = {
    "cohort": _l("cohort"),
    "user": _l("user"),
    "module": _l("module"),
    "attempt": _l("attempt"),
}
FILTER_LABELS: dict[str, tuple[Any, Mapping[str, Any]]] = {
    "country": (_l("Country"), COUNTRY_LABELS),
    "organisation": (_l("Organisation"), {}),
    "stakeholder_group": (_l("Stakeholder group"), STAKEHOLDER_LABELS),
    "gender": (_l("Gender"), {NO_GENDER: GENDER_LABELS.get("", ""), **GENDER_LABELS}),
}
GROUPING_LABELS: dict[str, Any] = {
    "cohort": _l("Cohort"),
    "country": _l("Country"),
    "stakeholder_group": _l("Stakeholder group"),
    "gender": _l("Gender"),
}


def action_label(action: str) -> str:
    """`report.export` as "Downloaded"; an unknown code as itself."""
    return str(ACTION_LABELS.get(action, action))


def target_label(target: str) -> str:
    """`matrix:cohort:2` as "Completion matrix · cohort 2"; an unknown report keeps its code."""
    report, *parts = target.split(":")
    words = [str(REPORT_LABELS.get(report, report))]
    words += [f"{PART_LABELS.get(kind, kind)} {value}" for kind, value in zip(parts[::2], parts[1::2], strict=False)]
    return " · ".join(words)


def details_label(details: Mapping[str, Any] | None) -> str:
    """The details as "Country: Kazakhstan; by Gender; CSV, 3 rows"; empty when there are none."""
    details = details or {}
    words = []
    for name, value in (details.get("filters") or {}).items():
        title, labels = FILTER_LABELS.get(name, (name, {}))
        words.append(f"{title}: {labels.get(value, value)}")
    if "by" in details:
        words.append(_("by %(grouping)s", grouping=GROUPING_LABELS.get(details["by"], details["by"])))
    if "cohort" in details:
        words.append(_("cohort %(id)s", id=details["cohort"]))
    if "format" in details:
        rows = int(details.get("rows", 0))
        fmt = str(details["format"]).upper()
        words.append(ngettext("%(format)s, %(num)d row", "%(format)s, %(num)d rows", rows, format=fmt))
    if "page" in details:
        words.append(_("page %(page)s", page=details["page"]))
    return "; ".join(words)
