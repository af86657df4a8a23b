"""Every report page, with data, in English and in Russian: no WCAG 2.1 AA violation (axe-core) and one h1 each.

Each role's pages are visited in one browser session; every page is checked, and the test fails once at the end
with every page that has a problem, so one bad page does not hide another.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from learnapp.accounts.operations import create_user
from learnapp.domain.profiles import Gender, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import CohortCoordinator, Enrolment, User
from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module
from tests.support.reports import (
    commit_seeded,
    completion,
    lesson_read,
    module_by_slug,
    new_cohort,
    quiz_of,
    submitted_attempt,
    yesterday,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COUNTRIES = ("KZ", "KG", "TJ", "UZ", "KZ", "KG", "KZ")


def seed_reports(server, root) -> dict[str, int]:
    """A cohort of the demo coordinator with seven trainees, a pre-test, a post-test and a module due yesterday."""
    for order, slug in enumerate(("alpha", "pre", "post"), start=1):
        write_module(root, slug, order=order, lessons=2)
    publish_tree(server, root)
    with server.app.app_context():
        alpha, pre, post = (module_by_slug(slug) for slug in ("alpha", "pre", "post"))
        for module, purpose in ((pre, "pre_test"), (post, "post_test")):
            quiz_of(module).purpose = purpose
        cohort = new_cohort("Bishkek seminar", [(alpha, yesterday()), (pre, None), (post, None)])
        coordinator = db.session.scalar(sa.select(User).where(User.email == "coordinator@example.org"))
        db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
        trainees = [
            create_user(
                UserRecord(
                    f"person{n}@example.org",
                    f"Person Number{n}",
                    country=country,
                    organisation=f"Organisation {n % 3}",
                    stakeholder_group=StakeholderGroup.YOUTH_INSTITUTION if n % 2 else StakeholderGroup.EXPERT,
                    gender=Gender.FEMALE if n % 2 else Gender.MALE,
                )
            )
            for n, country in enumerate(COUNTRIES)
        ]
        db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in trainees)
        for n, user in enumerate(trainees):
            db.session.add(submitted_attempt(user, pre, 30.0 + 5 * n, START))
            db.session.add(submitted_attempt(user, post, 60.0 + 5 * n, START))
            db.session.add(submitted_attempt(user, alpha, 40.0 + 9 * n, START))
            db.session.add(lesson_read(user, alpha))
            if n % 2:
                db.session.add(completion(user, alpha, 40.0 + 9 * n, START))
        commit_seeded(db)
        return {"cohort": cohort.id, "trainee": trainees[1].id}


@pytest.fixture()
def reports(live_server, tmp_path):
    return live_server, seed_reports(live_server, tmp_path / "modules")


def report_pages(role: str, ids: dict[str, int]) -> list[str]:
    cohort = f"/reports/cohorts/{ids['cohort']}"
    summaries = ["/reports/", f"{cohort}/matrix", "/reports/modules", "/reports/knowledge-gain", "/reports/completion"]
    if role == "coordinator":
        return [*summaries, "/reports/modules/alpha/items", f"{cohort}/trainees/{ids['trainee']}"]
    if role == "observer":
        return summaries
    return ["/reports/", f"{cohort}/matrix", "/reports/audit"]  # the audit log then holds the admin's own views


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("role", ["coordinator", "observer", "admin"])
def test_every_report_page_is_accessible_with_one_h1_in_both_languages(page, reports, role, language):
    server, ids = reports
    sign_in_as(page, server, f"{role}@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()
    problems = []
    for path in report_pages(role, ids):
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        if path != "/reports/":  # every table has data rows, not its "nothing yet" row
            assert page.locator("table tbody tr").count() > 0, path
            assert page.locator("table tbody td[colspan]").count() == 0, path
        if page.evaluate("document.documentElement.scrollWidth") > 360:  # WCAG 1.4.10 reflow, on a phone
            problems.append(f"{path}: the page scrolls sideways at 360 pixels")
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} h1 elements")
        try:
            assert_accessible(page)
        except AssertionError as violation:
            problems.append(str(violation))
    assert problems == [], "\n".join(problems)
