"""The completion matrix, its CSV and XLSX exports, and the audit log: what each role gets."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.models import AuditEvent, Cohort, Module, Reflection, User
from tests.support.publishing import publisher
from tests.support.reports import COMPLETED_AT, completion, coordinate, enrol, lesson_read, workshop_of_alpha_and_beta
from tests.support.users import user_factory

__all__ = ["COMPLETED_AT", "coordinate", "enrol", "workshop_of_alpha_and_beta"]  # used by the other report tests

INJECTION = '=HYPERLINK("http://evil.example")'


@dataclass
class Setting:
    cohort: Cohort
    alpha: Module
    beta: Module
    aida: User
    bek: User
    chris: User


def build_setting(tmp_path) -> dict[str, int]:
    """Alpha (two lessons and a quiz, no due date) and beta (due yesterday) for three trainees.

    Aida completed alpha and has not started beta (overdue); Bek read one of alpha's lessons (in progress, 33 %)
    and completed beta; Chris has not started alpha. Built once per backend for the module (and for the report
    modules that reuse `setting`).
    """
    from learnapp.extensions import db

    create_user = user_factory(first=1001)
    cohort, alpha, beta = workshop_of_alpha_and_beta(db, publisher(tmp_path / "published-modules"))
    aida = create_user(full_name="Aida A", country="KZ", organisation="Org A", gender=Gender.FEMALE)
    bek = create_user(full_name="Bek B", country="KG", organisation=INJECTION, gender=Gender.MALE)
    chris = create_user(full_name="Chris C", country="KZ", stakeholder_group=StakeholderGroup.EXPERT)
    enrol(db, cohort, aida, bek, chris)
    db.session.add_all([completion(aida, alpha, 85.0), completion(bek, beta, 70.0), lesson_read(bek, alpha)])
    db.session.commit()
    return {"cohort": cohort.id, "alpha": alpha.id, "beta": beta.id, "aida": aida.id, "bek": bek.id, "chris": chris.id}


pytestmark = pytest.mark.module_data(build=build_setting)


@pytest.fixture()
def setting(db, module_data) -> Setting:
    """The data of `build_setting`, read in the test's session."""
    models = {"cohort": Cohort, "alpha": Module, "beta": Module, "aida": User, "bek": User, "chris": User}
    return Setting(**{name: db.session.get(model, module_data[name]) for name, model in models.items()})


@pytest.fixture()
def coordinator(db, login_as, setting):
    user = login_as(Role.COORDINATOR)
    coordinate(db, setting.cohort, user)
    return user


def matrix_url(setting: Setting, suffix: str = "", **filters: str) -> str:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"/reports/cohorts/{setting.cohort.id}/matrix{suffix}" + (f"?{query}" if query else "")


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in rows}


def test_coordinator_sees_every_cell_state_on_the_matrix(client, setting, coordinator):
    page = client.get(matrix_url(setting)).get_data(as_text=True)

    for text in ("Aida A", "Bek B", "Chris C", "Completed", "In progress", "Not started", "Overdue", "85.0"):
        assert text in page


def test_csv_export_gives_each_cell_its_state_progress_score_and_date(client, setting, coordinator):
    rows = by_name(csv_rows(client.get(matrix_url(setting, ".csv"))))

    aida, bek, chris = rows["Aida A"], rows["Bek B"], rows["Chris C"]
    assert (aida["alpha.status"], aida["alpha.percent"], aida["alpha.score"]) == ("completed", "100", "85.0")
    assert aida["alpha.completed_on"] == "2026-03-02"
    assert (aida["beta.status"], aida["beta.percent"]) == ("overdue", "0")
    assert (bek["alpha.status"], bek["alpha.percent"], bek["alpha.score"]) == ("in_progress", "33", "")
    assert bek["beta.status"] == "completed"
    assert (chris["alpha.status"], chris["alpha.percent"]) == ("not_started", "0")


def test_csv_numbers_are_unquoted_and_the_file_name_is_timestamped(client, setting, coordinator):
    response = client.get(matrix_url(setting, ".csv", country="KZ"))

    text = response.get_data(as_text=True)
    assert ",100,85.0,2026-03-02," in text
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="matrix-cohort-{setting.cohort.id}-')
    assert disposition.endswith('Z.csv"')


def test_filters_apply_to_the_page_and_the_export_alike(client, setting, coordinator):
    filters = {"country": "KZ", "gender": "female"}
    page = client.get(matrix_url(setting, **filters)).get_data(as_text=True)
    rows = csv_rows(client.get(matrix_url(setting, ".csv", **filters)))

    assert [row["name"] for row in rows] == ["Aida A"]
    assert "Aida A" in page
    assert "Bek B" not in page and "Chris C" not in page
    assert "matrix.csv?country=KZ&amp;gender=female" in page


def test_filters_by_organisation_stakeholder_group_and_unstated_gender(client, setting, coordinator):
    assert [r["name"] for r in csv_rows(client.get(matrix_url(setting, ".csv", organisation="Org A")))] == ["Aida A"]
    by_group = csv_rows(client.get(matrix_url(setting, ".csv", stakeholder_group="expert")))
    assert [r["name"] for r in by_group] == ["Chris C"]
    assert [r["name"] for r in csv_rows(client.get(matrix_url(setting, ".csv", gender="none")))] == ["Chris C"]


def test_xlsx_export_keeps_numbers_and_dates_as_numeric_cells(client, setting, coordinator):
    response = client.get(matrix_url(setting, ".xlsx"))

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('Z.xlsx"')
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert header[:2] == ("name", "email")
    aida = body["Aida A"]
    assert aida["alpha.percent"] == 100 and isinstance(aida["alpha.percent"], int)
    assert aida["alpha.score"] == 85 and isinstance(aida["alpha.score"], int | float)
    assert aida["alpha.completed_on"].date() == date(2026, 3, 2)
    assert body["Bek B"]["alpha.percent"] == 33


def test_text_that_looks_like_a_formula_is_escaped_in_both_exports(client, setting, coordinator):
    row = by_name(csv_rows(client.get(matrix_url(setting, ".csv"))))["Bek B"]
    assert row["organisation"] == "'" + INJECTION

    sheet = load_workbook(io.BytesIO(client.get(matrix_url(setting, ".xlsx")).data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value and "HYPERLINK" in str(cell.value)]
    assert [(cell.value, cell.data_type) for cell in cells] == [("'" + INJECTION, "s")]


def test_coordinator_of_another_cohort_gets_404(client, db, login_as, setting):
    other = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(other)
    db.session.commit()
    coordinate(db, other, login_as(Role.COORDINATOR))

    assert client.get(matrix_url(setting)).status_code == 404
    assert client.get(matrix_url(setting, ".csv")).status_code == 404
    assert client.get(matrix_url(setting, ".xlsx")).status_code == 404
    index = client.get("/reports/").get_data(as_text=True)
    assert "Bishkek workshop" in index and "Almaty workshop" not in index


def test_admin_sees_any_cohort(client, login_as, setting):
    login_as(Role.ADMIN)

    assert "Aida A" in client.get(matrix_url(setting)).get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.TRAINER])
def test_roles_without_cohorts_get_403_on_the_matrix_and_its_export(client, login_as, setting, role):
    login_as(role)

    assert client.get(matrix_url(setting)).status_code == 403
    assert client.get(matrix_url(setting, ".csv")).status_code == 403


def test_unknown_export_format_is_404(client, setting, coordinator):
    assert client.get(matrix_url(setting, ".pdf")).status_code == 404


def test_every_view_and_export_is_audited_with_its_filters(client, db, setting, coordinator):
    client.get(matrix_url(setting, country="KZ"))
    client.get(matrix_url(setting, ".xlsx", gender="female"))

    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.user_id, e.action, e.target) for e in events] == [
        (coordinator.id, "report.view", f"matrix:cohort:{setting.cohort.id}"),
        (coordinator.id, "report.export", f"matrix:cohort:{setting.cohort.id}"),
    ]
    assert events[0].details == {"filters": {"country": "KZ"}}
    assert events[1].details == {"filters": {"gender": "female"}, "format": "xlsx", "rows": 1}
    assert all(event.created_at is not None for event in events)


def test_admin_reads_the_audit_log(client, db, login_as, setting, coordinator):
    client.get(matrix_url(setting, ".csv", country="KZ"))
    client.post("/sign-out")
    admin = login_as(Role.ADMIN)

    page = client.get("/reports/audit").get_data(as_text=True)

    assert coordinator.email in page
    assert "report.export" in page and "KZ" in page
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.user_id == admin.id)).action == "audit.view"


def test_coordinator_cannot_read_the_audit_log(client, setting, coordinator):
    assert client.get("/reports/audit").status_code == 403


def test_trainer_finds_the_summaries_but_no_matrix_on_the_reports_page(client, login_as, setting):
    login_as(Role.TRAINER)

    page = client.get("/reports/").get_data(as_text=True)

    assert "/reports/modules" in page and "/reports/knowledge-gain" in page
    assert "/matrix" not in page and "Almaty workshop" not in page


def test_private_reflections_never_appear_in_the_matrix_or_its_exports(client, db, setting, coordinator):
    secret = "My private doubts about the programme"
    db.session.add(
        Reflection(
            user_id=setting.bek.id, module_id=setting.alpha.id, lesson_slug="01-intro", block_slug="b", text=secret
        )
    )
    db.session.commit()

    for suffix in ("", ".csv"):
        assert secret not in client.get(matrix_url(setting, suffix)).get_data(as_text=True)
    sheet = load_workbook(io.BytesIO(client.get(matrix_url(setting, ".xlsx")).data)).active
    assert all(secret not in str(value) for row in sheet.iter_rows(values_only=True) for value in row)
