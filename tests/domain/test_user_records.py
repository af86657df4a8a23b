"""Validating user CSV files: every problem reported, nothing accepted unless everything is right."""

from __future__ import annotations

from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.domain.user_records import check_enrolment_table, parse_user_csv

HEADER = "email,full_name,role,country,organisation,stakeholder_group,gender,language\n"


def test_a_valid_file_gives_one_record_per_row_with_defaults_for_blanks():
    text = (
        HEADER + "A@Example.org,Aziza K,trainee,UZ,Youth Union,youth_institution,female,ru\nb@example.org,Bek,,,,,,\n"
    )
    records, problems = parse_user_csv(text, existing_emails=set())
    assert problems == []
    assert records[0].email == "a@example.org"
    assert records[0].stakeholder_group is StakeholderGroup.YOUTH_INSTITUTION
    assert records[0].gender is Gender.FEMALE
    assert (records[1].role, records[1].country, records[1].language) == (Role.TRAINEE, "XX", "en")


def test_every_bad_cell_is_reported_with_its_line_and_column_and_nothing_is_returned():
    text = HEADER + "ok@example.org,Ok,,,,,,\nnot-an-email,,boss,FR,,spies,x,de\n"
    records, problems = parse_user_csv(text, existing_emails=set())
    assert records == []
    messages = [str(problem) for problem in problems]
    assert "line 3, column full_name: is required" in messages
    assert "line 3, column email: 'not-an-email' is not an email address" in messages
    assert any(message.startswith("line 3, column role: 'boss' is not one of trainee") for message in messages)
    assert any(message.startswith("line 3, column country: 'FR'") for message in messages)
    assert any(message.startswith("line 3, column stakeholder_group:") for message in messages)
    assert any(message.startswith("line 3, column gender:") for message in messages)
    assert any(message.startswith("line 3, column language:") for message in messages)


def test_existing_and_repeated_emails_are_refused():
    text = HEADER + "old@example.org,Old,,,,,,\nnew@example.org,New,,,,,,\nNEW@example.org,Again,,,,,,\n"
    records, problems = parse_user_csv(text, existing_emails={"old@example.org"})
    assert records == []
    assert [str(problem) for problem in problems] == [
        "line 2, column email: an account with old@example.org already exists",
        "line 4, column email: new@example.org is already on line 3",
    ]


def test_unknown_and_missing_columns_are_reported_on_line_1():
    records, problems = parse_user_csv("mail,name\nx@example.org,X\n", existing_emails=set())
    assert records == []
    assert (
        "line 1, column mail: unknown column; use email, full_name, role, country, organisation, "
        "stakeholder_group, gender, language" in [str(problem) for problem in problems]
    )
    assert "line 1, column email: this column is required" in [str(problem) for problem in problems]


def test_a_row_with_too_many_values_is_reported():
    _, problems = parse_user_csv("email,full_name\na@example.org,A,extra\n", existing_emails=set())
    assert [str(problem) for problem in problems] == [
        "line 2, column -: has more values than the 2 columns named on line 1"
    ]


def test_an_empty_file_is_reported():
    assert [str(p) for p in parse_user_csv("", set())[1]] == [
        "line 1, column -: the file is empty; the first line must name the columns"
    ]


def test_a_byte_order_mark_from_excel_is_ignored():
    records, problems = parse_user_csv("\ufeff" + HEADER + "a@example.org,A,,,,,,\n", existing_emails=set())
    assert problems == [] and len(records) == 1


def test_a_table_from_a_spreadsheet_is_checked_like_a_csv_file_and_short_rows_are_padded():
    header = ["email", "full_name", "country", "language"]
    rows = [(["a@example.org", "Aida"], 2), (["b@example.org", "Bek", "KG", "ru"], 3)]

    records, problems = check_enrolment_table(header, rows)

    assert problems == []
    assert [(record.email, record.country, record.language) for record in records] == [
        ("a@example.org", "XX", "en"),
        ("b@example.org", "KG", "ru"),
    ]


def test_each_problem_carries_a_code_and_its_values_for_a_page_to_word_it():
    _, problems = check_enrolment_table(["email", "full_name", "country"], [(["x", "", "ZZ"], 4)])

    by_column = {problem.column: problem for problem in problems}
    assert by_column["full_name"].why == "required"
    assert (by_column["email"].why, dict(by_column["email"].values)) == ("not_email", {"value": "x"})
    assert by_column["country"].why == "not_allowed" and dict(by_column["country"].values)["value"] == "ZZ"
    assert str(by_column["email"]) == "line 4, column email: 'x' is not an email address"


def test_a_long_header_cell_is_cut_in_the_problem_it_causes():
    _, problems = check_enrolment_table(["email", "full_name", "n" * 5000], [])

    assert [(problem.column, problem.why) for problem in problems] == [("n" * 40, "unknown_column")]
