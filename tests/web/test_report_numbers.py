"""Every number on the report pages is written with the reader's decimal separator: "85,0" in Russian, never "85.0".

Walks every report page of the reports' setting (`tests/web/test_reports.py`) in Russian, with a quiz attempt so
that scores, facility and discrimination have decimals.
"""

from __future__ import annotations

import re

import pytest

from learnapp.domain.profiles import Role
from tests.web import test_reports as base
from tests.web.test_reports import coordinate
from tests.web.test_reports_items import give_attempt

setting = base.setting
pytestmark = pytest.mark.module_data(build=base.build_setting)
DECIMAL_POINT = re.compile(r"\d\.\d")
TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def page_text(html: str) -> str:
    """The page as a reader sees it: the text, and the titles shown on hover (every other attribute left out)."""
    titles = " ".join(re.findall(r'title="([^"]*)"', html))
    return TAG.sub(" ", html) + " " + titles


def test_no_report_page_writes_a_decimal_point_in_russian(client, db, setting, login_as):
    admin = login_as(Role.ADMIN)
    coordinate(db, setting.cohort, admin)
    give_attempt(db, setting, setting.aida, 66.7, {"pillars": (1, 1.0), "jpoa": (True, 0.0)})
    give_attempt(db, setting, setting.bek, 33.3, {"pillars": (0, 0.0), "jpoa": (False, 1.0)})
    client.post("/language", data={"language": "ru"})
    cohort = f"/reports/cohorts/{setting.cohort.id}"
    detail = client.get(f"{cohort}/trainees/{setting.aida.id}").text
    [attempt] = re.findall(r'href="(/reports/cohorts/\d+/trainees/\d+/attempts/\d+)"', detail)
    urls = [
        f"{cohort}/matrix",
        "/reports/modules",
        "/reports/knowledge-gain",
        "/reports/completion?by=country",
        "/reports/modules/alpha/items",
        f"{cohort}/trainees/{setting.aida.id}",
        attempt,
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DECIMAL_POINT.findall(page_text(response.text)) == [], url
    assert "85,0" in client.get(f"{cohort}/matrix").text
