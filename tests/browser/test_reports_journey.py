"""The reports journey in a real browser, every page checked with axe-core.

A coordinator creates a cohort, uploads a CSV of participants (one with a bad row first, fixed, then accepted),
assigns modules, a trainee completes one, the coordinator sees it in the matrix, filters by country, exports CSV and
XLSX, and the files hold exactly the rows on screen. An observer opens the same report and sees no names.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.dates import format_date
from openpyxl import load_workbook

from tests.browser.conftest import assert_accessible, publish_tree, sign_in_as
from tests.support.module_tree import write_module

HEADER = "email,full_name,country,organisation,stakeholder_group,gender,language\n"
PEOPLE = [
    ("aida.bekova@example.org", "Aida Bekova", "KZ", "Youth Centre Almaty", "female"),
    ("bakyt.osmonov@example.org", "Bakyt Osmonov", "KG", "Osh Mediation Network", "male"),
    ("dana.serikova@example.org", "Dana Serikova", "KZ", "Akimat Shymkent", "female"),
    ("farrukh.tashkentov@example.org", "Farrukh Tashkentov", "UZ", "Mahalla Committee", "male"),
]
TYPO = "farrukh.tashkentov.example.org"
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "overdue": "Overdue",
}
COHORT_STATUS_LABELS = {
    "not_started": "Not started yet",
    "participated": "In progress: not completed yet",
    "completed": "Cohort completed",
}
TRAINEE_PASSWORD = "violet harbour lantern quietly"


def participants_csv(first_email: str = "") -> dict:
    lines = [
        f"{email},{name},{country},{organisation},,{gender},en\n"
        for email, name, country, organisation, gender in PEOPLE
    ]
    text = HEADER + "".join(lines)
    if first_email:
        text = text.replace(PEOPLE[3][0], first_email)
    return {"name": "participants.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


@pytest.fixture()
def catalogue(live_server, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1, lessons=1, completion="lessons", with_quiz=False)
    write_module(root, "beta", order=2, lessons=1, completion="lessons", with_quiz=False)
    publish_tree(live_server, root)
    return live_server


def create_cohort_with_participants(page, server) -> None:
    page.goto(f"{server.url}/cohorts/new")
    page.get_by_label("Name").fill("Osh follow-up")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Osh follow-up"

    page.get_by_role("link", name="Participants", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Upload a CSV file").click()
    assert_accessible(page)
    page.get_by_label("CSV file").set_input_files(files=[participants_csv(first_email=TYPO)])
    page.get_by_role("button", name="Upload and enrol").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Nothing was imported" in alert
    assert f"line 5, column email: '{TYPO}' is not an email address" in alert
    assert_accessible(page)

    page.get_by_label("CSV file").set_input_files(files=[participants_csv()])
    page.get_by_role("button", name="Upload and enrol").click()
    assert "Enrolled: 4." in page.get_by_role("status").inner_text()
    assert page.get_by_role("cell", name="Farrukh Tashkentov", exact=True).is_visible()
    assert_accessible(page)


def assign_modules(page) -> None:
    page.get_by_role("link", name="Overview and modules").click()
    for title in ("Module alpha", "Module beta"):
        page.get_by_label("Module", exact=True).select_option(label=title)
        page.get_by_role("button", name="Assign", exact=True).click()
        assert "The module has been assigned." in page.get_by_role("status").inner_text()
    assert page.get_by_role("cell", name="Module beta", exact=True).is_visible()
    assert_accessible(page)


def invitation_link(page) -> str:
    page.get_by_role("link", name="Participants", exact=True).click()
    page.get_by_role("button", name="Create an invitation link for Aida Bekova").click()
    assert_accessible(page)
    return page.locator("#invitation-link").input_value()


def trainee_completes_alpha(browser, link: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    trainee = context.new_page()
    trainee.goto(link)
    assert_accessible(trainee)
    trainee.get_by_label("New password", exact=True).fill(TRAINEE_PASSWORD)
    trainee.get_by_label("Repeat the new password").fill(TRAINEE_PASSWORD)
    trainee.get_by_role("button", name="Set password and sign in").click()
    assert "Your password has been set" in trainee.get_by_role("status").inner_text()
    trainee.get_by_role("button", name="I have read the privacy notice and accept it").click()
    base = link.split("/invitations/")[0]
    trainee.goto(f"{base}/modules/alpha/lessons/01-intro")
    assert_accessible(trainee)
    trainee.locator(".mark-read button, .mark-read input[type=submit]").click()
    trainee.wait_for_url(f"{base}/modules/alpha")
    assert trainee.locator("progress").get_attribute("value") == "100"
    assert_accessible(trainee)
    context.close()


def screen_table(page) -> tuple[list[str], list[list[str]]]:
    headers = page.locator("table thead th").all_inner_texts()
    rows = [row.locator("td").all_inner_texts() for row in page.locator("table tbody tr").all()]
    return headers, rows


def download(page, name: str) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return Path(info.value.path())


def csv_file(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def xlsx_file(path: Path) -> list[list[str]]:
    """The workbook's rows with each cell written as the CSV writes it (numbers as text, dates ISO, blanks empty)."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat()
        return str(value)

    rows = load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True)
    return [[text(value) for value in row] for row in rows]


def as_on_screen(key: str, value: str) -> str:
    """A file's cell as the English page shows it: status codes as labels, ISO dates in the medium format."""
    if key.endswith(".status"):
        return STATUS_LABELS[value]
    if key == "cohort_status":
        return COHORT_STATUS_LABELS[value]
    if key.endswith(".completed_on") and value:
        return format_date(date.fromisoformat(value), format="medium", locale="en")
    return value


def test_a_coordinator_follows_a_cohort_to_its_exports_and_an_observer_sees_no_names(browser, page, catalogue):
    sign_in_as(page, catalogue, "coordinator@example.org")
    create_cohort_with_participants(page, catalogue)
    assign_modules(page)
    trainee_completes_alpha(browser, invitation_link(page))

    page.goto(f"{catalogue.url}/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Osh follow-up").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Completion matrix: Osh follow-up"
    headers, rows = screen_table(page)
    assert len(rows) == 4
    aida = next(row for row in rows if row[0] == "Aida Bekova")
    assert aida[headers.index("Module alpha: status")] == "Completed"
    assert aida[headers.index("Module alpha: progress %")] == "100"
    assert aida[headers.index("Module beta: status")] == "Not started"
    assert_accessible(page)

    page.locator("#country").select_option("KZ")
    page.get_by_role("button", name="Filter").click()
    assert "country=KZ" in page.url
    headers, rows = screen_table(page)
    assert [row[:2] for row in rows] == [
        ["Aida Bekova", "aida.bekova@example.org"],
        ["Dana Serikova", "dana.serikova@example.org"],
    ]
    assert_accessible(page)

    from_csv = csv_file(download(page, "Download CSV"))
    from_xlsx = xlsx_file(download(page, "Download XLSX"))
    keys = from_csv[0]
    assert from_xlsx == from_csv
    assert len(keys) == len(headers) and keys[:2] == ["name", "email"]
    assert [[as_on_screen(key, value) for key, value in zip(keys, row, strict=True)] for row in from_csv[1:]] == rows

    observer = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB").new_page()
    sign_in_as(observer, catalogue, "observer@example.org")
    observer.goto(f"{catalogue.url}/reports/")
    assert_accessible(observer)
    observer.get_by_role("link", name="Osh follow-up").click()
    assert observer.get_by_role("heading", level=1).inner_text() == "Completion matrix: Osh follow-up"
    observer_headers, observer_rows = screen_table(observer)
    assert observer_headers[:2] == ["Module", "Enrolled"]
    assert observer_rows[0][:2] == ["Module alpha", "<5"]
    observer_csv = csv_file(download(observer, "Download CSV"))
    assert observer_csv[0][:2] == ["module", "enrolled"] and observer_csv[1:] == observer_rows
    for text in (observer.content(), str(observer_csv)):
        for email, name, _country, organisation, _gender in PEOPLE:
            assert email not in text and name not in text and organisation not in text
    assert_accessible(observer)
    observer.context.close()
