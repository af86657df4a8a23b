"""Dates and times in each account's time zone, with Babel's formats for the interface language (D-22)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.domain.time_zones import account_time_zone
from learnapp.models import Attempt, User
from tests.web.test_quiz import attempt_at, quiz_file, quiz_publisher, start, submit

PROFILE = {
    "full_name": "Aida",
    "country": "KG",
    "stakeholder_group": "civil_society",
    "gender": "female",
    "preferred_language": "en",
}


@pytest.mark.parametrize(
    ("chosen", "country", "zone"),
    [
        (None, "KG", "Asia/Bishkek"),
        (None, "UZ", "Asia/Tashkent"),
        (None, "XX", "Asia/Almaty"),
        ("Europe/Vienna", "KG", "Europe/Vienna"),
        ("Mars/Olympus", "TJ", "Asia/Dushanbe"),
    ],
)
def test_an_account_has_its_chosen_zone_else_its_countrys_else_almatys(chosen, country, zone):
    assert account_time_zone(chosen, country) == zone


@pytest.fixture()
def publish_quiz(app, tmp_path):
    return quiz_publisher(tmp_path / "published-modules")


def submitted_at(url, when):
    from learnapp.extensions import db

    db.session.execute(sa.update(Attempt).where(Attempt.id == attempt_at(url).id).values(submitted_at=when))
    db.session.commit()


def test_the_review_shows_the_submission_time_in_the_accounts_zone(client, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file())
    login_as(Role.TRAINEE, country="KZ", preferred_language="ru")
    url = start(client)
    submit(client, url, pillars="1", jpoa="false")
    submitted_at(url, datetime(2026, 12, 7, 6, 19, tzinfo=UTC))
    page = client.get(f"{url}/review").text
    assert "7 декабря 2026" in page and "11:19" in page and "06:19" not in page  # Almaty is UTC+5


def test_the_profile_changes_the_zone_and_empty_means_the_countrys(client, db, login_as, publish_quiz):
    publish_quiz("alpha", quiz_file())
    user = login_as(Role.TRAINEE, country="KG")
    url = start(client)
    submit(client, url, pillars="1", jpoa="false")
    submitted_at(url, datetime(2026, 12, 7, 6, 19, tzinfo=UTC))
    assert "12:19" in client.get(f"{url}/review").text  # Bishkek, UTC+6, from the country
    assert client.post("/account", data={**PROFILE, "time_zone": "Europe/London"}).status_code == 302
    assert db.session.scalar(sa.select(User.time_zone).where(User.id == user.id)) == "Europe/London"
    assert "06:19" in client.get(f"{url}/review").text
    assert client.post("/account", data={**PROFILE, "time_zone": ""}).status_code == 302
    assert "12:19" in client.get(f"{url}/review").text
    client.post("/account", data={**PROFILE, "time_zone": "Mars/Olympus"})  # not a choice: the country's
    assert db.session.scalar(sa.select(User.time_zone).where(User.id == user.id)) is None
