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
    """One reason a row cannot be imported."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def _choice(value: str, allowed: Iterable[str], column: str, line: int) -> RecordProblem | None:
    allowed = list(allowed)
    if value in allowed:
        return None
    return RecordProblem(line, column, f"{value!r} is not one of {', '.join(allowed)}")


def _text_problems(row: dict[str, str], line: int) -> list[RecordProblem]:
    """Control characters and line breaks in any value, and values over their column's length limit."""
    problems = []
    for column, value in row.items():
        character = forbidden_character(value)
        if character:
            problems.append(RecordProblem(line, column, f"contains a control character or line break ({character})"))
        elif len(value) > MAX_LENGTHS.get(column, NAME_MAX_LENGTH):
            limit = MAX_LENGTHS.get(column, NAME_MAX_LENGTH)
            problems.append(RecordProblem(line, column, f"is longer than {limit} characters"))
    return problems


def _field_problems(row: dict[str, str], line: int) -> list[RecordProblem]:
    text_problems = _text_problems(row, line)
    if text_problems:
        return text_problems
    problems = [RecordProblem(line, name, "is required") for name in REQUIRED_COLUMNS if not row.get(name)]
    if row.get("email") and not EMAIL_PATTERN.match(row["email"]):
        problems.append(RecordProblem(line, "email", f"{row['email']!r} is not an email address"))
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
        return [RecordProblem(1, "-", "the file is empty; the first line must name the columns")]
    problems = [
        RecordProblem(1, name, f"unknown column; use {', '.join(COLUMNS)}") for name in header if name not in COLUMNS
    ]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    return problems + [RecordProblem(1, name, "this column is required") for name in missing]


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


def parse_user_csv(
    text: str,
    existing_emails: set[str],
    aliases: Aliases | None = None,
    refused_emails: Collection[str] = (),
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Parse a whole CSV file; the records are returned only when there is no problem at all.

    An email already in the database or repeated in the file is a problem: the import creates accounts and
    never silently updates or duplicates one. `aliases` lets a column take labels as well as codes. An email in
    `refused_emails` is a problem with the neutral `CANNOT_ENROL`.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        rows = [(row, reader.line_num) for row in reader]
    except csv.Error as error:  # e.g. a value over the csv module's 131,072-character limit (security review F3)
        return [], [RecordProblem(reader.line_num + 1, "-", f"cannot be read as CSV: {error}")]
    problems = _header_problems(header)
    if problems:
        return [], problems
    records: list[UserRecord] = []
    seen: dict[str, int] = {}
    for row, line in rows:
        if None in row:
            problems.append(RecordProblem(line, "-", f"has more values than the {len(header)} columns named on line 1"))
            continue
        values = _with_codes({key.strip(): (value or "").strip() for key, value in row.items()}, aliases or {})
        record, row_problems = check_row(values, line)
        problems += row_problems
        if record is not None:
            problems += _duplicate_problems(record.email, line, seen, existing_emails)
            if record.email in refused_emails:
                problems.append(RecordProblem(line, "email", CANNOT_ENROL))
            seen.setdefault(record.email, line)
            records.append(record)
    return ([] if problems else records), problems


def _duplicate_problems(email: str, line: int, seen: dict[str, int], existing: set[str]) -> list[RecordProblem]:
    if email in existing:
        return [RecordProblem(line, "email", f"an account with {email} already exists")]
    if email in seen:
        return [RecordProblem(line, "email", f"{email} is already on line {seen[email]}")]
    return []


ENROLMENT_COLUMNS = tuple(name for name in COLUMNS if name != "role")


def parse_enrolment_csv(
    text: str, aliases: Aliases | None = None, refused_emails: Collection[str] = ()
) -> tuple[list[UserRecord], list[RecordProblem]]:
    """Parse a CSV of participants to enrol; the records are returned only when there is no problem at all.

    Unlike `parse_user_csv`, an email already in the database is a match, not a problem: that person is enrolled
    and their account left as it is. An email repeated in the file is still a problem. There is no role column:
    new accounts are always trainees. With `aliases`, country, group, gender and language take labels too. An
    email in `refused_emails` (a staff account's) is a problem naming its line, so that nobody is enrolled.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        return [], [RecordProblem(1, "-", f"cannot be read as CSV: {error}")]
    if "role" in header:
        return [], [RecordProblem(1, "role", f"not allowed here; use {', '.join(ENROLMENT_COLUMNS)}")]
    return parse_user_csv(text, existing_emails=set(), aliases=aliases, refused_emails=refused_emails)
