"""A trainee with something in every personal table, built through the pages as a person would; for the privacy tests.

Sign-in, a lesson read, a reflection, a quiz with a typed short answer (which completes the module: a certificate,
and a cohort completion certificate), a survey with free text, an attendance, an invitation, a password reset link
from the coordinator, a chosen time zone and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learnapp.accounts.resets import create_reset
from learnapp.author.sync import sync_modules
from learnapp.cohorts.invitations import create_invitation
from learnapp.domain.profiles import Gender, Role
from learnapp.extensions import db
from learnapp.models import (
    Attendance,
    Certificate,
    CertificatePdf,
    Cohort,
    CohortCoordinator,
    CohortModule,
    CohortSession,
    Completion,
    Enrolment,
    Module,
    User,
)
from tests.conftest import sign_in
from tests.support.module_tree import write_module
from tests.support.publishing import load_modules

NAME = "Zarina Privatebekova"
EMAIL = "zarina.private@example.org"
ORGANISATION = "Secret Ministry of Examples"
REFLECTION = "My confidential reflection about Osh in 2010"
SHORT_ANSWER = "2178"
SURVEY_TEXT = "Fewer slides, more cases from Batken"

QUIZ = """\
---
title: Check
pass_mark: 70
review: full
bands:
  - min: 0
    text: Read again.
---

## pillars (single)
How many pillars?

- [ ] Two
- [x] Four

## resolution (short)
Which resolution of 2014 deals with foreign terrorist fighters?

Accept: 2178
"""

SURVEY = """\
---
title: Programme evaluation
---

## useful (rating)
How useful was the module?

Scale: 1-5

## change (text)
What would you change?
"""


@dataclass
class World:
    """The people and places of the privacy tests."""

    trainee: User
    other: User
    coordinator: User
    cohort: Cohort
    module: Module


def _publish(root: Any) -> Module:
    folder = write_module(root, "alpha", with_quiz=False)
    (folder / "quiz.en.md").write_text(QUIZ)
    (folder / "survey.en.md").write_text(SURVEY)
    sync_modules(load_modules(root).modules)
    db.session.commit()
    return db.session.scalar(sa.select(Module).filter_by(slug="alpha"))


def _take(client: Any, kind: str, answers: dict[str, str]) -> None:
    started = client.post(f"/modules/alpha/{kind}/start")
    assert started.status_code == 302, started.text
    url = started.headers["Location"]
    shown = [name.removeprefix("q.") for name in answers]
    response = client.post(f"{url}/submit", data={"shown": shown, "confirm": "1", **answers})
    assert response.status_code == 302, response.text


def build_world(client: Any, create_user: Any, root: Any) -> World:
    """The trainee `NAME` with history in every personal table, another trainee and the coordinator, in one cohort."""
    module = _publish(root)
    trainee = create_user(
        Role.TRAINEE, email=EMAIL, full_name=NAME, organisation=ORGANISATION, gender=Gender.FEMALE.value
    )
    other = create_user(Role.TRAINEE, organisation="Another Org")
    coordinator = create_user(Role.COORDINATOR)
    cohort = Cohort(name="Almaty workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortModule(cohort_id=cohort.id, module_id=module.id))
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in (trainee, other))
    session = CohortSession(cohort_id=cohort.id, title="Day 1")
    db.session.add(session)
    db.session.flush()
    db.session.add(Attendance(session_id=session.id, user_id=trainee.id, is_present=True))
    create_invitation(trainee, cohort)
    create_reset(trainee, coordinator)
    trainee.time_zone = "Asia/Bishkek"
    db.session.commit()

    assert sign_in(client, EMAIL).status_code == 302
    assert client.post("/modules/alpha/lessons/01-intro/read").status_code == 302
    saved = client.post("/modules/alpha/lessons/01-intro/answers/first-thoughts", data={"text": REFLECTION})
    assert saved.status_code == 302
    _take(client, "quiz", {"q.pillars": "1", "q.resolution": SHORT_ANSWER})
    _take(client, "survey", {"q.useful": "4", "q.change": SURVEY_TEXT})
    assert client.get("/account/my-data.zip").status_code == 200  # an audit entry about the trainee
    client.post("/sign-out")
    # A kept certificate PDF (rendering a real one would cost every test a second): it would print the name.
    certificate_id = db.session.scalar(
        sa.select(Certificate.id).join(Completion).where(Completion.user_id == trainee.id)
    )
    db.session.add(CertificatePdf(user_id=trainee.id, certificate_id=certificate_id, data=f"%PDF {NAME}".encode()))
    db.session.commit()
    return World(trainee, other, coordinator, cohort, module)
