"""No page scrolls sideways on a 360-pixel phone, for any role, in either language (WCAG 1.4.10, reflow).

Each role signs in and follows every link it is shown, from its home page, one page per kind of address (ids
replaced by a placeholder, so fifty trainees' pages count as one); on each page the document's scroll width is
measured. Downloads (CSV, XLSX, PDF, ZIP, GIFT, Aiken) are not pages and are skipped.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import Error as PlaywrightError

from learnapp.extensions import db
from learnapp.models import Cohort, CohortModule, Enrolment, Module, User
from tests.browser.conftest import sign_in_as
from tests.browser.test_reports_accessible import seed_reports

PHONE_WIDTH = 360
MOST_PAGES = 60  # per role and language; the crawl stops there, which no role reaches today
DOWNLOADS = (".csv", ".xlsx", ".pdf", ".png", ".svg", ".zip", ".gift", ".aiken", ".md")


@pytest.fixture()
def populated(live_server, tmp_path):
    """The report data, with the demo trainee enrolled in its cohort and every module assigned to the demo cohort."""
    ids = seed_reports(live_server, tmp_path / "modules")
    with live_server.app.app_context():
        trainee = db.session.scalar(sa.select(User).where(User.email == "trainee@example.org"))
        db.session.add(Enrolment(cohort_id=ids["cohort"], user_id=trainee.id))
        demo = db.session.scalar(sa.select(Cohort).where(Cohort.id != ids["cohort"]))
        if demo is not None:
            assigned = set(
                db.session.scalars(sa.select(CohortModule.module_id).where(CohortModule.cohort_id == demo.id))
            )
            for module_id in db.session.scalars(sa.select(Module.id)):
                if module_id not in assigned:
                    db.session.add(CohortModule(cohort_id=demo.id, module_id=module_id))
        db.session.commit()
    return live_server


def shape(url: str) -> str:
    """An address with its numbers and tokens generalised: one visit stands for all pages of its kind."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9]+(?=/|$|\.)", "/N", parts.path)
    path = re.sub(r"/[A-Za-z0-9_-]{20,}(?=/|$)", "/T", path)
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return path + ("?" + "&".join(keys) if keys else "")


def crawl(page, base: str) -> list[tuple[str, int]]:
    """Every page reachable by links from the home page: (address, document scroll width)."""
    queue, seen, measured = [f"{base}/"], {shape(f"{base}/")}, []
    while queue and len(measured) < MOST_PAGES:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a file (a zip, a quiz as GIFT) is a download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        measured.append((url[len(base) :], page.evaluate("document.documentElement.scrollWidth")))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            target = urldefrag(href)[0]
            if not target.startswith(base) or urlsplit(target).path.endswith(DOWNLOADS):
                continue
            if shape(target) not in seen:
                seen.add(shape(target))
                queue.append(target)
    return measured


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator", "observer", "admin"])
def test_no_page_of_any_role_scrolls_sideways_on_a_phone(page, populated, role, language):
    sign_in_as(page, populated, f"{role}@example.org")
    if language == "ru":
        page.get_by_role("button", name="Русский").click()

    measured = crawl(page, populated.url)

    assert len(measured) > 3, measured  # the crawl found the role's pages
    too_wide = [f"{path}: {width} px" for path, width in measured if width > PHONE_WIDTH]
    assert too_wide == [], f"{role}, {language}: pages wider than the phone:\n" + "\n".join(too_wide)
