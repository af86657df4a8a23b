"""One trainee's detail page: modules and quiz attempts for the cohort's coordinator, never reflections."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import AuditEvent, Cohort, Reflection
from tests.web import test_reports as base
from tests.web.test_reports import coordinate
from tests.web.test_reports_items import give_attempt

setting = base.setting
pytestmark = pytest.mark.module_data(build=base.build_setting)  # three trainees of "Almaty workshop"
coordinator = base.coordinator


def detail_url(setting, user) -> str:
    return f"/reports/cohorts/{setting.cohort.id}/trainees/{user.id}"


def test_coordinator_sees_modules_and_attempts_but_never_reflections(client, db, setting, coordinator):
    secret = "My private reflection about my village"
    db.session.add(
        Reflection(
            user_id=setting.aida.id, module_id=setting.alpha.id, lesson_slug="01-intro", block_slug="b", text=secret
        )
    )
    db.session.commit()
    give_attempt(db, setting, setting.aida, 85.0, {"pillars": (1, 1.0)})

    response = client.get(detail_url(setting, setting.aida))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Aida A" in page and "Module alpha" in page and "85.0" in page
    assert secret not in page


def test_coordinator_of_another_cohort_gets_404(client, db, setting, login_as):
    other = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(other)
    db.session.commit()
    coordinate(db, other, login_as(Role.COORDINATOR))

    assert client.get(detail_url(setting, setting.aida)).status_code == 404


def test_user_not_enrolled_in_the_cohort_gets_404(client, setting, coordinator, create_user):
    outsider = create_user(full_name="Outsider O")

    assert client.get(detail_url(setting, outsider)).status_code == 404


def test_trainer_gets_403(client, setting, login_as):
    login_as(Role.TRAINER)

    assert client.get(detail_url(setting, setting.aida)).status_code == 403


def test_detail_view_is_audited(client, db, setting, coordinator):
    client.get(detail_url(setting, setting.bek))

    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target)).all()
    assert [tuple(event) for event in events] == [
        ("report.view", f"trainee:cohort:{setting.cohort.id}:user:{setting.bek.id}")
    ]
