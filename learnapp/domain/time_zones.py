"""Each account's time zone: the one its dates and times are shown in (walkthrough D-22).

An account without a chosen zone takes its country's (the programme's five countries each have one); anyone else
the programme's home, Asia/Almaty. Staff and visitors abroad choose from a short list in their profile.
"""

from __future__ import annotations

PROGRAMME_TIME_ZONE = "Asia/Almaty"
COUNTRY_TIME_ZONES = {
    "KZ": "Asia/Almaty",
    "KG": "Asia/Bishkek",
    "TJ": "Asia/Dushanbe",
    "TM": "Asia/Ashgabat",
    "UZ": "Asia/Tashkent",
}
TIME_ZONES = (
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Asia/Tashkent",
    "Asia/Kabul",
    "Europe/Moscow",
    "Europe/Istanbul",
    "Europe/Vienna",
    "Europe/Brussels",
    "Europe/London",
    "America/New_York",
    "UTC",
)


def account_time_zone(chosen: str | None, country: str) -> str:
    """The zone the account chose, else its country's, else the programme's."""
    if chosen in TIME_ZONES:
        return str(chosen)
    return COUNTRY_TIME_ZONES.get(country, PROGRAMME_TIME_ZONE)
