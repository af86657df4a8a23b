"""The participant upload page: templates in CSV and XLSX, XLSX uploads checked like CSV ones, and problems said in
the interface language."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook

from learnapp.domain.profiles import Role
from learnapp.models import User
from tests.web.test_cohorts import make_cohort
from tests.web.test_cohorts_participants import HEADER, enrolled_emails, upload

COLUMNS = HEADER.strip().split(",")


@pytest.fixture()
def mine(db, login_as):
    """A cohort coordinated by the signed-in coordinator."""
    return make_cohort(db, login_as(Role.COORDINATOR))


def xlsx(*rows, header=COLUMNS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def cut_sheet(data):
    """The workbook with its sheet's XML cut in half."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content[: len(content) // 2] if name == "xl/worksheets/sheet1.xml" else content)
    return out.getvalue()


def upload_bytes(client, cohort, data, filename="people.xlsx"):
    files = {"file": (io.BytesIO(data), filename)}
    return client.post(f"/cohorts/{cohort.id}/participants/upload", data=files, content_type="multipart/form-data")


def user_count(db):
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def to_russian(client):
    client.post("/language", data={"language": "ru", "next": "/"})


def test_the_upload_page_offers_both_templates(client, mine):
    page = client.get(f"/cohorts/{mine.id}/participants/upload").text

    assert f'href="/cohorts/{mine.id}/participants/upload/template.xlsx"' in page
    assert f'href="/cohorts/{mine.id}/participants/upload/template.csv"' in page


def test_the_csv_template_has_the_header_and_an_example_row_and_enrols_as_it_is(client, db, mine):
    response = client.get(f"/cohorts/{mine.id}/participants/upload/template.csv")

    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads UTF-8
    header, example = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert header == COLUMNS and example[0] == "aida.bekova@example.org"
    assert upload_bytes(client, mine, response.data, "template.csv").status_code == 302
    assert enrolled_emails(db, mine) == ["aida.bekova@example.org"]


def test_the_xlsx_template_lists_the_allowed_values_in_the_interface_language(client, db, mine):
    to_russian(client)

    response = client.get(f"/cohorts/{mine.id}/participants/upload/template.xlsx")

    workbook = load_workbook(io.BytesIO(response.data))
    people, allowed = workbook.worksheets
    assert (people.title, allowed.title) == ("Участники", "Допустимые значения")
    rows = list(people.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS and rows[1][0] == "aida.bekova@example.org"
    assert people.freeze_panes == "A2"
    values = list(allowed.iter_rows(values_only=True))
    assert values[0] == ("Столбец", "Код", "Название")
    assert ("country", "KG", "Кыргызстан") in values and ("gender", "female", "Женщина") in values
    assert len([row for row in values if row[0] == "stakeholder_group"]) == 11
    workbook.close()
    assert upload_bytes(client, mine, response.data, "template.xlsx").status_code == 302
    assert enrolled_emails(db, mine) == ["aida.bekova@example.org"]


def test_an_xlsx_file_enrols_everyone_with_codes_or_labels_in_either_language(client, db, mine):
    data = xlsx(
        ("a@example.org", "Aida", "Кыргызстан", "", "Youth institution", "ЖЕНЩИНА", "ru"),
        ("b@example.org", "Bek", "kz", 12345, "expert", None, "English"),
        (None, None, None, None, None, None, None),  # an empty row, as spreadsheets keep
    )

    response = upload_bytes(client, mine, data)

    assert response.status_code == 302, response.text
    assert enrolled_emails(db, mine) == ["a@example.org", "b@example.org"]
    bek = db.session.scalar(sa.select(User).where(User.email == "b@example.org"))
    assert (bek.country, bek.organisation, bek.preferred_language) == ("KZ", "12345", "en")


def test_an_xlsx_file_with_bad_cells_enrols_nobody_and_names_each_cell(client, db, mine):
    before = user_count(db)
    data = xlsx(
        ("a@example.org", "Aida", "KG", "", "expert", "", "ru"),
        ("b@example.org", "B" * 201, "KG", "", "expert", "", "ru"),
        ("c@example.org", "Two\nlines", "KG", "", "expert", "", "ru"),  # Alt+Enter in a cell
        ("d@example.org", "Dana", "KG", "x" * 40_000, "expert", "", "ru"),
        ("not-an-email", "Erlan", "ZZ", "", "expert", "", "ru"),
    )

    response = upload_bytes(client, mine, data)

    assert response.status_code == 400
    for problem in (
        "line 3, column full_name: is longer than 200 characters",
        "line 4, column full_name: contains a control character or line break (U+000A)",
        "line 5, column organisation: is longer than 200 characters",
        "line 6, column email: &#39;not-an-email&#39; is not an email address",
        "line 6, column country: &#39;ZZ&#39; is not one of KZ",
    ):
        assert problem in response.text
    assert "line 2," not in response.text
    assert user_count(db) == before and enrolled_emails(db, mine) == []


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"this is not a spreadsheet", "people.xlsx"),
        (b"PK\x03\x04 truncated archive", "people.bin"),
        (None, "people.xlsx"),  # a zip archive that is no workbook
        ("broken sheet", "people.xlsx"),  # a workbook whose sheet is cut short: it fails only when read
    ],
)
def test_a_file_that_is_no_xlsx_workbook_is_refused_with_a_clear_message(client, db, mine, data, filename):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hello")
        data = out.getvalue()
    elif data == "broken sheet":
        data = cut_sheet(xlsx(("a@example.org", "Aida", "KG", "", "expert", "", "ru")))
    before = user_count(db)

    response = upload_bytes(client, mine, data, filename)

    assert response.status_code == 400
    assert "line 1, column -: cannot be read as an XLSX file" in response.text
    assert user_count(db) == before


def test_an_xlsx_file_over_the_row_limit_is_refused_before_reading_it_all(client, db, mine, monkeypatch):
    monkeypatch.setattr("learnapp.cohorts.spreadsheets.MAX_ROWS", 3)
    rows = [(f"p{number}@example.org", f"P{number}", "KG", "", "expert", "", "ru") for number in range(4)]

    response = upload_bytes(client, mine, xlsx(*rows))

    assert response.status_code == 400
    assert "the file has more than 3 rows" in response.text
    assert enrolled_emails(db, mine) == []


def test_a_workbook_that_would_unpack_too_large_is_refused_before_it_is_opened(client, db, mine, monkeypatch):
    monkeypatch.setattr("learnapp.cohorts.spreadsheets.MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (2 * 1024 * 1024))

    response = upload_bytes(client, mine, bomb.getvalue())

    assert len(bomb.getvalue()) < 10_000
    assert response.status_code == 400
    assert "line 1, column -: the workbook unpacks to more than 1 MB" in response.text
    assert enrolled_emails(db, mine) == []


def test_upload_problems_are_in_russian_when_the_interface_is(client, db, mine):
    to_russian(client)
    text = HEADER + "a@example.org,,ZZ,,,,de\nb@example.org,B\x01,,,,,\n"

    response = upload(client, mine, text)
    xlsx_response = upload_bytes(client, mine, b"junk", "people.xlsx")

    assert response.status_code == 400
    assert "строка 2, столбец full_name: обязательное поле" in response.text
    assert "строка 2, столбец country: «ZZ» — недопустимое значение; допустимы: KZ" in response.text
    assert "строка 3, столбец full_name: содержит управляющий символ или перевод строки (U+0001)" in response.text
    assert "line 2" not in response.text and "is not one of" not in response.text
    assert "строка 1, столбец -: файл не читается как XLSX" in xlsx_response.text


def test_the_command_line_import_keeps_its_english_messages(runner, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("email,full_name,country\na@example.org,,ZZ\n", encoding="utf-8")

    result = runner.invoke(args=["users", "import", str(people)])

    assert result.exit_code != 0
    assert "line 2, column full_name: is required" in result.output
    assert "line 2, column country: 'ZZ' is not one of KZ" in result.output


def test_every_kind_of_upload_problem_has_words_in_the_interface_languages(app):
    from learnapp.cohorts.pages import PROBLEM_TEXTS, problem_text
    from learnapp.cohorts.spreadsheets import read_xlsx_table
    from learnapp.domain.user_records import parse_enrolment_csv, parse_user_csv

    header = "email,full_name,country\n"
    found = [
        *parse_user_csv("", set())[1],
        *parse_user_csv("nickname\n", set())[1],
        *parse_enrolment_csv("email,full_name,role\n")[1],
        *parse_enrolment_csv(header + f"a@example.org,{'x' * 200_000},KG\n")[1],
        *parse_enrolment_csv(header + "a@example.org,A,KG,extra\n")[1],
        *parse_enrolment_csv(header + "not-an-email,,ZZ\nb@example.org,B\x01,\nc@example.org," + "c" * 201 + ",\n")[1],
        *parse_user_csv(header + "d@example.org,D,\nf@example.org,F,\nf@example.org,F,\n", {"d@example.org"})[1],
        *parse_enrolment_csv(header + "e@example.org,E,\n", refused_emails={"e@example.org"})[1],
        read_xlsx_table(b"junk"),
    ]
    with app.test_request_context():
        from learnapp.cohorts import spreadsheets

        spreadsheets.MAX_ROWS, limit = 1, spreadsheets.MAX_ROWS
        try:
            found.append(read_xlsx_table(xlsx(("a@example.org", "A"), ("b@example.org", "B"))))
        finally:
            spreadsheets.MAX_ROWS = limit
        spreadsheets.MAX_UNPACKED_BYTES, limit = 10, spreadsheets.MAX_UNPACKED_BYTES
        try:
            found.append(read_xlsx_table(xlsx()))
        finally:
            spreadsheets.MAX_UNPACKED_BYTES = limit
        assert {problem.why for problem in found} == set(PROBLEM_TEXTS)
        texts = {problem_text(problem) for problem in found}
        with force_locale("ru"):
            russian = {problem_text(problem) for problem in found}
    assert all(text.startswith("line ") for text in texts)
    assert all(text.startswith("строка ") for text in russian), russian
