"""The reports journey in a real browser, every page checked with axe-core.

A coordinator creates a cohort, uploads a CSV of participants (one with a bad row first, fixed, then accepted),
assigns modules, a trainee completes one, the coordinator sees it in the matrix, filters by country, exports CSV and
XLSX, and the files hold exactly the rows on screen. An observer opens the same report and sees no names.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
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
    page.get_by_role("link", name="Upload a file").click()
    assert_accessible(page)
    page.get_by_label("CSV or XLSX file").set_input_files(files=[participants_csv(first_email=TYPO)])
    page.get_by_role("button", name="Upload and enrol").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Nothing was imported" in alert
    assert f"line 5, column email: '{TYPO}' is not an email address" in alert
    assert_accessible(page)

    page.get_by_label("CSV or XLSX file").set_input_files(files=[participants_csv()])
    page.get_by_role("button", name="Upload and enrol").click()
    assert "Enrolled: 4." in page.get_by_role("status").inner_text()
    assert page.get_by_role("cell", name="Farrukh Tashkentov", exact=True).is_visible()
    assert_accessible(page)


def assign_modules(page) -> None:
    page.get_by_role("link", name="Overview and modules").click()
    for title in ("Module alpha", "Module beta"):
        page.get_by_label(title, exact=True).check()
    page.get_by_role("button", name="Assign", exact=True).click()
    assert "2 modules have been assigned." in page.get_by_role("status").inner_text()
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


def matrix_titles(page) -> list[str]:
    """The matrix's column titles as the page gives them (a module's full title, behind its short label)."""
    return [str(th.get_attribute("data-title")) for th in page.locator("table.matrix thead th").all()]


def matrix_rows(page) -> list[dict[str, str]]:
    """Each trainee's row on the page: the name, and each column's text or, for a module, its cell's tooltip."""
    rows = []
    for row in page.locator("table.matrix tbody tr").all():
        cells = {"name": row.locator("th a").inner_text()}
        for cell in row.locator("td").all():
            label = str(cell.get_attribute("data-label"))
            cells[label] = cell.get_attribute("title") or cell.inner_text().strip()
        rows.append(cells)
    return rows


def assert_titles_start_with_the_screens(screen: list[str], titles: list[str]) -> None:
    """Each screen title starts one or more adjacent file titles, in the screen's order, and none is left out."""
    position = 0
    for title in titles:
        if not (title == screen[position] or title.startswith(f"{screen[position]}: ")):
            position += 1
            assert title == screen[position] or title.startswith(f"{screen[position]}: "), (title, screen)
    assert position == len(screen) - 1


def download(page, name: str) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return Path(info.value.path())


def csv_file(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "the CSV starts with a byte-order mark for Excel"
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_header(path: Path, sheet: str) -> list[str]:
    return [
        str(value) for value in next(load_workbook(io.BytesIO(path.read_bytes()))[sheet].iter_rows(values_only=True))
    ]


def test_a_coordinator_follows_a_cohort_to_its_exports_and_an_observer_sees_no_names(browser, page, catalogue):
    sign_in_as(page, catalogue, "coordinator@example.org")
    create_cohort_with_participants(page, catalogue)
    assign_modules(page)
    trainee_completes_alpha(browser, invitation_link(page))

    page.goto(f"{catalogue.url}/reports/")
    assert_accessible(page)
    page.get_by_role("link", name="Osh follow-up").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Completion matrix: Osh follow-up"
    rows = matrix_rows(page)
    assert len(rows) == 4
    aida = next(row for row in rows if row["name"] == "Aida Bekova")
    assert aida["Module alpha"].startswith("Completed") and aida["Module beta"].startswith("Not started")
    assert_accessible(page)

    page.locator("#country").select_option("KZ")
    page.get_by_role("button", name="Filter").click()
    assert "country=KZ" in page.url
    rows = matrix_rows(page)
    assert [row["name"] for row in rows] == ["Aida Bekova", "Dana Serikova"]
    assert_accessible(page)

    screen = matrix_titles(page)
    from_csv = csv_file(download(page, "Download CSV"))
    xlsx = download(page, "Download XLSX")
    titles = from_csv[0]
    assert_titles_start_with_the_screens(screen, titles)
    assert xlsx_header(xlsx, "report") == titles
    assert xlsx_header(xlsx, "codes")[:2] == ["name", "email"]
    for row, cells in zip(rows, from_csv[1:], strict=True):
        values = dict(zip(titles, cells, strict=True))
        assert values["Trainee: name"] == row["name"] and values["Country"] == row["Country"]
        assert values["Cohort status"] == row["Cohort status"]
        for module in ("Module alpha", "Module beta"):
            assert row[module].startswith(values[f"{module}: status"])

    observer = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB").new_page()
    sign_in_as(observer, catalogue, "observer@example.org")
    observer.goto(f"{catalogue.url}/reports/")
    assert_accessible(observer)
    observer.get_by_role("link", name="Osh follow-up").click()
    assert observer.get_by_role("heading", level=1).inner_text() == "Completion matrix: Osh follow-up"
    observer_headers, observer_rows = screen_table(observer)
    assert observer_headers[:2] == ["Module", "Enrolled"]
    assert observer_rows[0][:2] == ["Module alpha", "fewer than 5 (hidden)"]
    observer_csv = csv_file(download(observer, "Download CSV"))
    assert observer_csv[0] == observer_headers and observer_csv[1:] == observer_rows
    for text in (observer.content(), str(observer_csv)):
        for email, name, _country, organisation, _gender in PEOPLE:
            assert email not in text and name not in text and organisation not in text
    assert_accessible(observer)
    observer.context.close()
