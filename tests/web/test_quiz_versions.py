"""A quiz changed after trainees took it: old attempts keep the version they were made on."""

from __future__ import annotations

import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Assessment, Attempt, Module
from tests.web.test_quiz import start, submit


def test_a_changed_quiz_leaves_old_attempts_on_their_version(client, db, login_as, publish):
    module = publish("alpha")
    first_version = module.current_version_id
    login_as(Role.TRAINEE)
    url = start(client)
    assert submit(client, url).status_code == 302
    publish("alpha", quiz_settings="shuffle: true")
    module = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
    assert module.current_version_id != first_version
    old = db.session.scalar(sa.select(Attempt))
    old_quiz = db.session.get(Assessment, old.assessment_id)
    assert old_quiz.version_id == first_version
    assert client.get(f"{url}/review").status_code == 200
    second = start(client)
    new = db.session.get(Attempt, int(second.split("/")[2]))
    assert db.session.get(Assessment, new.assessment_id).version_id == module.current_version_id
    assert new.number == 2
