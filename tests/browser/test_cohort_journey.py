"""A coordinator creates a cohort, assigns a module and enrols a participant, in a real browser, accessibly."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module


@pytest.fixture()
def catalogue(live_server, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1, lessons=1, completion="lessons", with_quiz=False)
    publish_tree(live_server, root)
    return live_server


def test_a_coordinator_creates_a_cohort_assigns_a_module_and_enrols_a_participant(page, catalogue):
    sign_in_as(page, catalogue, "coordinator@example.org")

    page.goto(f"{catalogue.url}/cohorts/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cohorts"
    assert_accessible(page)
    page.get_by_role("link", name="New cohort").click()
    page.get_by_label("Name").fill("Almaty workshop")
    page.get_by_label("Starts on").fill("2026-03-02")
    page.get_by_label("Ends on").fill("2026-03-06")
    page.get_by_label("Place").fill("Almaty")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Almaty workshop"
    page.get_by_label("All modules not assigned yet").check()
    assert page.get_by_label("Module alpha", exact=True).is_checked()  # the "all" box ticks each module
    page.get_by_role("button", name="Assign", exact=True).click()
    assert "1 module has been assigned." in page.get_by_role("status").inner_text()
    assert page.get_by_label("Required Module alpha").is_checked()
    assert_accessible(page)

    page.get_by_label("Due on Module alpha").fill("2026-03-05")
    page.get_by_label("Required Module alpha").uncheck()
    page.get_by_role("button", name="Save Module alpha").click()
    assert "“Module alpha” has been saved." in page.get_by_role("status").inner_text()
    assert page.get_by_label("Due on Module alpha").input_value() == "2026-03-05"
    assert not page.get_by_label("Required Module alpha").is_checked()

    page.get_by_role("link", name="Participants", exact=True).click()
    page.get_by_role("link", name="Add a participant").click()
    page.get_by_label("Email").fill("aida@example.org")
    page.get_by_label("Full name").fill("Aida Bekova")
    assert_accessible(page)
    page.get_by_role("button", name="Enrol").click()
    assert page.get_by_role("cell", name="Aida Bekova", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Print invitation sheet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make the invitation sheet").click()
    card = page.locator(".invitation-card")
    card.first.wait_for()
    assert card.count() == 1
    assert card.get_by_role("heading", level=2).inner_text() == "Aida Bekova"
    assert card.get_by_role("img", name="QR code of the invitation link for Aida Bekova").is_visible()
    assert card.get_by_label("Link", exact=True).input_value().startswith(f"{catalogue.url}/invitations/")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible() and card.locator(".printed-link").is_visible()
