"""Translated labels for the codes the domain stores (roles, countries, groups, genders)."""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # WTForms 3.3; types-WTForms 3.2 lacks it

from learnapp.domain.profiles import Gender, Role, StakeholderGroup

ROLE_LABELS: dict[str, Any] = {
    Role.TRAINEE: _l("Trainee"),
    Role.TRAINER: _l("Trainer"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.OBSERVER: _l("Observer"),
    Role.ADMIN: _l("Administrator"),
}

COUNTRY_LABELS: dict[str, Any] = {
    "KZ": _l("Kazakhstan"),
    "KG": _l("Kyrgyzstan"),
    "TJ": _l("Tajikistan"),
    "TM": _l("Turkmenistan"),
    "UZ": _l("Uzbekistan"),
    "AF": _l("Afghanistan (observer)"),
    "CN": _l("China (observer)"),
    "RU": _l("Russian Federation (observer)"),
    "US": _l("United States (observer)"),
    "XX": _l("Other or international"),
}

STAKEHOLDER_LABELS: dict[str, Any] = {
    StakeholderGroup.NATIONAL_SECURITY: _l("National security committee"),
    StakeholderGroup.INTERIOR: _l("Ministry of interior"),
    StakeholderGroup.PROSECUTOR: _l("Prosecutor's office"),
    StakeholderGroup.RELIGIOUS_AFFAIRS: _l("Commission on religious affairs"),
    StakeholderGroup.FOREIGN_AFFAIRS: _l("Ministry of foreign affairs"),
    StakeholderGroup.YOUTH_INSTITUTION: _l("Youth institution"),
    StakeholderGroup.CIVIL_SOCIETY: _l("Civil society or religious organisation"),
    StakeholderGroup.EXPERT: _l("Expert or think tank"),
    StakeholderGroup.OBSERVER_DELEGATION: _l("Observer delegation"),
    StakeholderGroup.REGIONAL_ORGANISATION: _l("Regional or international organisation"),
    StakeholderGroup.UN_STAFF: _l("UN staff"),
}

GENDER_LABELS: dict[str, Any] = {
    "": _l("Prefer not to say"),
    Gender.FEMALE: _l("Woman"),
    Gender.MALE: _l("Man"),
    Gender.OTHER: _l("Another gender"),
}

LANGUAGE_LABELS: dict[str, str] = {"en": "English", "ru": "Русский"}


def choices(labels: dict[str, Any]) -> list[SelectChoice]:
    """WTForms choices from a label table, in its order."""
    return [SelectChoice(str(code), label) for code, label in labels.items()]


STATUS_LABELS: dict[str, Any] = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
}

COHORT_OUTCOME_LABELS: dict[str, Any] = {
    "not_started": _l("Not started yet"),
    "participated": _l("In progress: not completed yet"),
    "completed": _l("Cohort completed"),
}

CERTIFICATE_KIND_LABELS: dict[str, Any] = {
    "completion": _l("Certificate of completion issued"),
    "participation": _l("Certificate of participation issued"),
}

PURPOSE_LABELS: dict[str, Any] = {
    "knowledge_check": _l("Knowledge check"),
    "pre_test": _l("Pre-test: it measures what you know before the programme and is not marked"),
    "post_test": _l("Post-test: it measures what you have learned"),
    "survey": _l("Questionnaire"),
}

QUESTION_KIND_LABELS: dict[str, Any] = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "truefalse": _l("True or false"),
    "short": _l("Short answer"),
    "numeric": _l("Number"),
    "matching": _l("Matching"),
    "ordering": _l("Ordering"),
    "rating": _l("Rating scale"),
    "text": _l("Free text"),
}


def csv_aliases(languages: list[str]) -> dict[str, dict[str, str]]:
    """For a CSV upload: per column, every code and every label in `languages`, casefolded, mapped to the code.

    So that "KG", "kg", "Kyrgyzstan" and "Кыргызстан" all read as KG; the labels are the ones the forms show.
    """
    columns = {
        "country": COUNTRY_LABELS,
        "stakeholder_group": STAKEHOLDER_LABELS,
        "gender": {code: label for code, label in GENDER_LABELS.items() if code},
        "language": LANGUAGE_LABELS,
    }
    aliases: dict[str, dict[str, str]] = {}
    for column, labels in columns.items():
        spellings: dict[str, str] = {}
        for language in languages:
            with force_locale(language):
                spellings |= {str(label).casefold(): code for code, label in labels.items()}
        aliases[column] = spellings | {code.casefold(): code for code in labels}
    return aliases


# The studio: where a draft's review stands, problem severities, review decisions, and how a file changed.
REVIEW_STATE_LABELS: dict[str, Any] = {
    "editing": _l("not requested"),
    "requested": _l("requested"),
    "approved": _l("approved"),
}
SEVERITY_LABELS: dict[str, Any] = {"error": _l("Error"), "warning": _l("Warning")}
DECISION_LABELS: dict[str, Any] = {
    "comment": _l("comment"),
    "approve": _l("approved"),
    "send_back": _l("sent back for changes"),
}
CHANGE_LABELS: dict[str, Any] = {"added": _l("added"), "removed": _l("removed"), "changed": _l("changed")}
DIFF_LINE_LABELS: dict[str, Any] = {"added": _l("Added:"), "removed": _l("Removed:"), "same": "", "hunk": ""}
