"""Validating user records typed at the command line or read from a CSV file.

Everything is checked before anything is written: an import either takes every row or none, and each problem
is reported as ``line N, column X: why``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from learnapp.domain.profiles import COUNTRIES, LANGUAGES, Gender, Role, StakeholderGroup
from learnapp.domain.text_input import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, forbidden_character

COLUMNS = ("email", "full_name", "role", "country", "organisation", "stakeholder_group", "gender", "language")
REQUIRED_COLUMNS = ("email", "full_name")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The same limits as the web forms (security review F5).
MAX_LENGTHS = {"email": EMAIL_MAX_LENGTH, "full_name": NAME_MAX_LENGTH, "organisation": NAME_MAX_LENGTH}


@dataclass(frozen=True)
class UserRecord:
    """A user's account and profile, validated."""

    email: str
    full_name: str
    role: Role = Role.TRAINEE
    country: str = "XX"
    organisation: str = ""
    stakeholder_group: StakeholderGroup = StakeholderGroup.EXPERT
    gender: Gender | None = None
    language: str = "en"


@dataclass(frozen=True)
class RecordProblem:
    """One reason a row cannot be imported.

    `message` is in English (for the command line); `why` is a code and `values` its parameters, for a page to say
    the same in the reader's language (`cohorts.pages.problem_text`).
    """

    line: int
    column: str
    message: str
    why: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def _problem(line: int, column: str, message: str, why: str, **values: object) -> RecordProblem:
    """A problem whose `column` is cut to 40 characters (a header cell can be long) and `values` are strings."""
    return RecordProblem(line, column[:40], message, why, tuple((key, str(value)) for key, value in values.items()))


def _choice(value: str, allowed: Iterable[str], column: str, line: int) -> RecordProblem | None:
    allowed = list(allowed)
    if value in allowed:
        return None
    shown = ", ".join(allowed)
    return _problem(line, column, f"{value!r} is not one of {shown}", "not_allowed", value=value, allowed=shown)


def _text_problems(row: dict[str, str], line: int) -> list[RecordProblem]:
    """Control characters and line breaks in any value, and values over their column's length limit."""
    problems = []
    for column, value in row.items():
        character = forbidden_character(value)
        limit = MAX_LENGTHS.get(column, NAME_MAX_LENGTH)
        if character:
            message = f"contains a control character or line break ({character})"
            problems.append(_problem(line, column, message, "control_character", character=character))
        elif len(value) > limit:
            problems.append(_problem(line, column, f"is longer than {limit} characters", "too_long", limit=limit))
    return problems


def _field_problems(row: dict[str, str], line: int) -> list[RecordProblem]:
    text_problems = _text_problems(row, line)
    if text_problems:
        return text_problems
    problems = [_problem(line, name, "is required", "required") for name in REQUIRED_COLUMNS if not row.get(name)]
    if row.get("email") and not EMAIL_PATTERN.match(row["email"]):
        email = row["email"]
        problems.append(_problem(line, "email", f"{email!r} is not an email address", "not_email", value=email))
    checks = (
        ("role", list(Role)),
        ("country", COUNTRIES),
        ("stakeholder_group", list(StakeholderGroup)),
        ("gender", list(Gender)),
        ("language", LANGUAGES),
    )
    for column, allowed in checks:
        if row.get(column):
            problem = _choice(row[column], allowed, column, line)
            problems += [problem] if problem else []
    return problems


def record_from_row(row: dict[str, str]) -> UserRecord:
    """Build a record from a row already checked by `_field_problems`; blanks take the defaults."""
    return UserRecord(
        email=row["email"].lower(),
        full_name=row["full_name"],
        role=Role(row.get("role") or Role.TRAINEE),
        country=row.get("country") or "XX",
        organisation=row.get("organisation") or "",
        stakeholder_group=StakeholderGroup(row.get("stakeholder_group") or StakeholderGroup.EXPERT),
        gender=Gender(row["gender"]) if row.get("gender") else None,
        language=row.get("language") or "en",
    )


def check_row(row: dict[str, str], line: int) -> tuple[UserRecord | None, list[RecordProblem]]:
    """Validate one row (values already stripped); return the record or the problems."""
    problems = _field_problems(row, line)
    return (None if problems else record_from_row(row)), problems


def _header_problems(header: list[str] | None) -> list[RecordProblem]:
    if not header:
        return [_problem(1, "-", "the file is empty; the first line must name the columns", "empty_file")]
    known = ", ".join(COLUMNS)
    problems = [
        _problem(1, name, f"unknown column; use {known}", "unknown_column", columns=known)
        for name in header
        if name not in COLUMNS
    ]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    return problems + [_problem(1, name, "this column is required", "column_required") for name in missing]


Aliases = Mapping[str, Mapping[str, str]]
"""Per column, other spellings of its codes: casefolded label ("кыргызстан", "kyrgyzstan", "kg") -> code ("KG")."""


def _with_codes(values: dict[str, str], aliases: Aliases) -> dict[str, str]:
    """The row with each aliased value (a label in any language, a code in any case) replaced by its code."""
    return {
        column: aliases[column].get(value.casefold(), value) if column in aliases and value else value
        for column, value in values.items()
    }


# Said of any address an enrolment refuses, without telling why: the reason (a staff account) would tell a
# coordinator that an account exists for it (finding F4 of the December 2026 security test).
CANNOT_ENROL = "this address cannot be enrolled; ask an administrator"


Row = tuple[list[str], int]
"""A row of a file as its values (strings, in the header's order) and the line (or spreadsheet row) it is on."""


def read_csv_table(text: str) -> tuple[list[str], list[Row]] | RecordProblem:
    """The header and rows of a CSV text (a leading BOM ignored), or the problem that stops it being read."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip() for name in next(reader, [])]
        rows = [(values, reader.line_num) for values in reader if values]
    except csv.Error as error:  # e.g. a value over the csv module's 131,072-character limit (security review F3)
        line = max(reader.line_num, 1)  # the line being read when it failed
        return _problem(line, "-", f"cannot be read as CSV: {error}", "unreadable_csv")
    return header, rows


def check_table(
    header: list[str],
    rows: Iterable[Row],
    existing_emails: set[str],
    aliases: Aliases | None = None,
    refused_emails: Collection[str] = (),
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Check a whole table (from a CSV or XLSX file); the records are returned only when there is no problem at all.

    An email already in the database or repeated in the file is a problem: the import creates accounts and
    never silently updates or duplicates one. `aliases` lets a column take labels as well as codes. An email in
    `refused_emails` is a problem with the neutral `CANNOT_ENROL`.
    """
    problems = _header_problems(header)
    if problems:
        return [], problems
    records: list[UserRecord] = []
    seen: dict[str, int] = {}
    for values, line in rows:
        if len(values) > len(header):
            count = len(header)
            message = f"has more values than the {count} columns named on line 1"
            problems.append(_problem(line, "-", message, "too_many_values", count=count))
            continue
        row = dict(zip(header, (value.strip() for value in values), strict=False))
        row = _with_codes({name: row.get(name, "") for name in header}, aliases or {})
        record, row_problems = check_row(row, line)
        problems += row_problems
        if record is not None:
            problems += _duplicate_problems(record.email, line, seen, existing_emails)
            if record.email in refused_emails:
                problems.append(_problem(line, "email", CANNOT_ENROL, "cannot_enrol"))
            seen.setdefault(record.email, line)
            records.append(record)
    return ([] if problems else records), problems


def parse_user_csv(
    text: str,
    existing_emails: set[str],
    aliases: Aliases | None = None,
    refused_emails: Collection[str] = (),
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Parse a whole CSV file and check it with `check_table`."""
    table = read_csv_table(text)
    if isinstance(table, RecordProblem):
        return [], [table]
    return check_table(*table, existing_emails, aliases, refused_emails)


def _duplicate_problems(email: str, line: int, seen: dict[str, int], existing: set[str]) -> list[RecordProblem]:
    if email in existing:
        return [_problem(line, "email", f"an account with {email} already exists", "account_exists", email=email)]
    if email in seen:
        first = seen[email]
        return [_problem(line, "email", f"{email} is already on line {first}", "repeated", email=email, first=first)]
    return []


ENROLMENT_COLUMNS = tuple(name for name in COLUMNS if name != "role")


def check_enrolment_table(
    header: list[str], rows: Iterable[Row], aliases: Aliases | None = None, refused_emails: Collection[str] = ()
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Check a table of participants to enrol; the records are returned only when there is no problem at all.

    Unlike `parse_user_csv`, an email already in the database is a match, not a problem: that person is enrolled
    and their account left as it is. An email repeated in the file is still a problem. There is no role column:
    new accounts are always trainees. With `aliases`, country, group, gender and language take labels too. An
    email in `refused_emails` (a staff account's) is a problem naming its line, so that nobody is enrolled.
    """
    if "role" in header:
        known = ", ".join(ENROLMENT_COLUMNS)
        return [], [_problem(1, "role", f"not allowed here; use {known}", "role_not_allowed", columns=known)]
    return check_table(header, rows, existing_emails=set(), aliases=aliases, refused_emails=refused_emails)


def parse_enrolment_csv(
    text: str, aliases: Aliases | None = None, refused_emails: Collection[str] = ()
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Parse a CSV of participants to enrol and check it with `check_enrolment_table`."""
    table = read_csv_table(text)
    if isinstance(table, RecordProblem):
        return [], [table]
    return check_enrolment_table(*table, aliases, refused_emails)
