"""The cohort set-up pages changed for issue 15, checked with axe in both languages: the cohort page (modules
assigned several at once, edited in place), the question before unassigning a module, the upload page with its
allowed values and templates, a future session's attendance page, the participants page with its invitations, and
the printable invitation sheet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from learnapp.accounts.operations import create_user
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import CohortCoordinator, CohortModule, CohortSession, Enrolment, User
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.browser.test_phone_width import populated

__all__ = ["populated"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_cohort_set_up_pages_are_accessible(page, populated, language):
    with populated.app.app_context():
        coordinator = db.session.scalar(sa.select(User).where(User.email == "coordinator@example.org"))
        cohort_id = db.session.scalar(
            sa.select(CohortCoordinator.cohort_id).where(CohortCoordinator.user_id == coordinator.id)
        )
        module_id = db.session.scalar(sa.select(CohortModule.module_id).where(CohortModule.cohort_id == cohort_id))
        invitee = create_user(UserRecord(email=f"invitee-{language}@example.org", full_name="Nodira Karimova"))
        db.session.add(Enrolment(cohort_id=cohort_id, user_id=invitee.id))
        invitee_id = invitee.id
        future = CohortSession(cohort_id=cohort_id, title="Later", held_on=date.today() + timedelta(days=10))
        db.session.add(future)
        db.session.commit()
        session_id = future.id
    sign_in_as(page, populated, "coordinator@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()

    for path in (
        f"/cohorts/{cohort_id}",
        f"/cohorts/{cohort_id}/modules/{module_id}/unassign",
        f"/cohorts/{cohort_id}/participants/upload",
        f"/cohorts/{cohort_id}/sessions/{session_id}",
        f"/cohorts/{cohort_id}/participants",
        f"/cohorts/{cohort_id}/participants/invitations/print",
    ):
        page.goto(f"{populated.url}{path}")
        assert page.locator("html").get_attribute("lang") == language
        page.locator("details").evaluate_all("elements => elements.forEach(element => element.open = true)")
        assert_accessible(page)

    page.goto(f"{populated.url}/cohorts/{cohort_id}/participants")
    page.locator(f"form[action$='/participants/{invitee_id}/invite'] button").click()
    page.locator("#invitation-link").wait_for()
    assert_accessible(page)

    page.goto(f"{populated.url}/cohorts/{cohort_id}/participants/invitations/print")
    page.locator("form[action$='/invitations/print'] button[type=submit]").click()
    page.locator(".invitation-card").first.wait_for()
    assert page.locator(".invitation-card .qr svg").count() == page.locator(".invitation-card").count()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_participants_page_with_mail_configured_is_accessible(page, populated, language):
    """With mail settings the page offers invitations by email, per person and for everyone: axe checks that state."""
    with populated.app.app_context():
        coordinator = db.session.scalar(sa.select(User).where(User.email == "coordinator@example.org"))
        cohort_id = db.session.scalar(
            sa.select(CohortCoordinator.cohort_id).where(CohortCoordinator.user_id == coordinator.id)
        )
        invitee = create_user(UserRecord(email=f"mailed-{language}@example.org", full_name="Farrukh Saidov"))
        db.session.add(Enrolment(cohort_id=cohort_id, user_id=invitee.id))
        invitee_id = invitee.id
        db.session.commit()
    # Read on each request; nothing is sent, since no button is pressed.
    populated.app.config.update(MAIL_SERVER="smtp.example.org", MAIL_SENDER="programme@example.org")
    sign_in_as(page, populated, "coordinator@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()

    page.goto(f"{populated.url}/cohorts/{cohort_id}/participants")
    assert page.locator(f"form[action$='/cohorts/{cohort_id}/participants/invite/email'] button").count() == 1
    assert page.locator(f"form[action$='/participants/{invitee_id}/invite/email'] button").count() == 1
    assert_accessible(page)
