"""The register of personal data covers every column of every model, and says what export and erasure do."""

from __future__ import annotations

from learnapp.extensions import db
from learnapp.privacy.register import NOT_PERSONAL, REGISTER, SUBJECT_COLUMN, THROUGH_PARENT, Datum


def model_columns() -> set[tuple[str, str]]:
    import learnapp.models  # noqa: F401  (registers every table)

    return {(table.name, column.name) for table in db.Model.metadata.sorted_tables for column in table.columns}


def registered() -> set[tuple[str, str]]:
    return {(table, column) for table, columns in REGISTER.items() for column in columns}


def declared_not_personal() -> set[tuple[str, str]]:
    return {(table, column) for table, (_, columns) in NOT_PERSONAL.items() for column in columns}


def test_every_model_column_is_in_the_register_or_declared_not_personal():
    undecided = model_columns() - registered() - declared_not_personal()

    assert not undecided, f"add these columns to learnapp/privacy/register.py: {sorted(undecided)}"


def test_no_column_is_both_personal_and_not_personal_and_none_is_stale():
    assert not registered() & declared_not_personal()
    assert registered() | declared_not_personal() <= model_columns()


def test_every_entry_says_why_who_sees_it_and_what_erasure_does():
    for columns in REGISTER.values():
        for datum in columns.values():
            assert isinstance(datum, Datum) and datum.purpose and datum.seen_by and datum.erasure


def test_every_personal_table_says_how_its_rows_belong_to_a_person():
    assert set(REGISTER) == set(SUBJECT_COLUMN) | set(THROUGH_PARENT)
    for link, parent in THROUGH_PARENT.values():
        assert parent in SUBJECT_COLUMN and (parent, "id") in model_columns() and link
