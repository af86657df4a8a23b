"""What the programme reports on about a participant: roles, countries, stakeholder groups.

The lists follow the concept note's participation list. Codes are stored; labels are translated by the web layer.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's one role at a time."""

    TRAINEE = "trainee"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    OBSERVER = "observer"
    ADMIN = "admin"


class CountryGroup(StrEnum):
    """Whether a country is one of the five Central Asian states, an observer state, or other."""

    CENTRAL_ASIA = "central_asia"
    OBSERVER = "observer"
    OTHER = "other"


# ISO 3166-1 alpha-2 codes; "XX" stands for any other country or none (an international organisation).
COUNTRIES: dict[str, CountryGroup] = {
    "KZ": CountryGroup.CENTRAL_ASIA,
    "KG": CountryGroup.CENTRAL_ASIA,
    "TJ": CountryGroup.CENTRAL_ASIA,
    "TM": CountryGroup.CENTRAL_ASIA,
    "UZ": CountryGroup.CENTRAL_ASIA,
    "AF": CountryGroup.OBSERVER,
    "CN": CountryGroup.OBSERVER,
    "RU": CountryGroup.OBSERVER,
    "US": CountryGroup.OBSERVER,
    "XX": CountryGroup.OTHER,
}


class StakeholderGroup(StrEnum):
    """The agency or constituency a participant comes from (concept note, "Participation")."""

    NATIONAL_SECURITY = "national_security"
    INTERIOR = "interior"
    PROSECUTOR = "prosecutor"
    RELIGIOUS_AFFAIRS = "religious_affairs"
    # Ministries of foreign affairs are named among the workshop's participants in the concept note's objectives.
    FOREIGN_AFFAIRS = "foreign_affairs"
    YOUTH_INSTITUTION = "youth_institution"
    CIVIL_SOCIETY = "civil_society"
    EXPERT = "expert"
    OBSERVER_DELEGATION = "observer_delegation"
    REGIONAL_ORGANISATION = "regional_organisation"
    UN_STAFF = "un_staff"


class Gender(StrEnum):
    """Optional; reports count those who did not say separately."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


LANGUAGES = ("en", "ru")
