"""The completion matrix, its CSV and XLSX exports, and the audit log: what each role gets."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.models import AuditEvent, Cohort, Module, Reflection, User
from tests.support.publishing import publisher
from tests.support.reports import (
    COMPLETED_AT,
    code_rows,
    completion,
    coordinate,
    csv_table,
    enrol,
    lesson_read,
    workshop_of_alpha_and_beta,
)
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
    """The "codes" sheet of the matrix's XLSX: the stable keys and codes (the CSV is titled as the page)."""
    return code_rows(response)


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in rows}


def test_coordinator_sees_every_cell_state_on_the_matrix(client, setting, coordinator):
    page = client.get(matrix_url(setting)).get_data(as_text=True)

    for text in ("Aida A", "Bek B", "Chris C", "Completed", "In progress", "Not started", "Overdue", "85.0"):
        assert text in page


def test_csv_export_gives_each_cell_its_state_progress_score_and_date(client, setting, coordinator):
    rows = by_name(csv_rows(client.get(matrix_url(setting, ".xlsx"))))

    aida, bek, chris = rows["Aida A"], rows["Bek B"], rows["Chris C"]
    assert (aida["alpha.status"], aida["alpha.percent"], aida["alpha.score"]) == ("completed", "100", "85")
    assert aida["alpha.completed_on"] == "2026-03-02"
    assert (aida["beta.status"], aida["beta.percent"]) == ("overdue", "0")
    assert (bek["alpha.status"], bek["alpha.percent"], bek["alpha.score"]) == ("in_progress", "33", "")
    assert bek["beta.status"] == "completed"
    assert (chris["alpha.status"], chris["alpha.percent"]) == ("not_started", "0")


MATRIX_TITLES = [
    "Trainee: name",
    "Trainee: email",
    "Trainee: organisation",
    "Country",
    "Cohort status",
    "Sessions attended",
    "Module alpha: status",
    "Module alpha: progress %",
    "Module alpha: score %",
    "Module alpha: completed on",
    "Module beta: status",
    "Module beta: progress %",
    "Module beta: score %",
    "Module beta: completed on",
]


def page_titles(page: str) -> list[str]:
    """The matrix page's column titles (a module's full title is its header's `data-title`)."""
    return re.findall(r'<th scope="col"[^>]*data-title="([^"]*)"', page)


def test_csv_is_the_page_titled_as_on_screen_with_a_bom_and_a_timestamped_name(client, setting, coordinator):
    page = client.get(matrix_url(setting, country="KZ")).get_data(as_text=True)
    response = client.get(matrix_url(setting, ".csv", country="KZ"))

    titles, *rows = csv_table(response)
    assert titles == MATRIX_TITLES
    screen = page_titles(page)
    assert screen == ["Trainee", "Country", "Cohort status", "Sessions attended", "Module alpha", "Module beta"]
    # each title on screen starts one or more file titles, in the same order
    assert [next(s for s in screen if title.startswith(s)) for title in titles] == [
        *["Trainee"] * 3,
        "Country",
        "Cohort status",
        "Sessions attended",
        *["Module alpha"] * 4,
        *["Module beta"] * 4,
    ]
    aida = dict(zip(titles, rows[0], strict=True))
    assert aida["Trainee: name"] == "Aida A" and aida["Country"] == "Kazakhstan"
    assert (aida["Module alpha: status"], aida["Module alpha: score %"]) == ("Completed", "85.0")
    assert aida["Module alpha: completed on"] == "Mar 2, 2026"
    assert (aida["Module beta: status"], aida["Module beta: progress %"]) == ("Overdue", "0")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="matrix-cohort-{setting.cohort.id}-')
    assert disposition.endswith('Z.csv"')


def test_exports_are_in_the_interface_language_with_its_decimal_comma(client, setting, coordinator):
    client.post("/language", data={"language": "ru"})

    titles, *rows = csv_table(client.get(matrix_url(setting, ".csv", country="KZ")))
    page = client.get(matrix_url(setting, country="KZ")).get_data(as_text=True)

    aida = dict(zip(titles, rows[0], strict=True))
    assert aida["Страна"] == "Казахстан"
    alpha_status, alpha_score = titles[6], titles[8]
    assert alpha_status.endswith(": статус") and alpha_score.endswith(": балл, %")
    assert (aida[alpha_status], aida[alpha_score]) == ("Завершён", "85,0")
    assert "85,0" in page and "85.0" not in page
    sheet = load_workbook(io.BytesIO(client.get(matrix_url(setting, ".xlsx", country="KZ")).data))["report"]
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert list(header) == titles and dict(zip(header, first, strict=True))["Страна"] == "Казахстан"


def test_filters_apply_to_the_page_and_the_export_alike(client, setting, coordinator):
    filters = {"country": "KZ", "gender": "female"}
    page = client.get(matrix_url(setting, **filters)).get_data(as_text=True)
    rows = csv_rows(client.get(matrix_url(setting, ".xlsx", **filters)))

    assert [row["name"] for row in rows] == ["Aida A"]
    assert "Aida A" in page
    assert "Bek B" not in page and "Chris C" not in page
    assert "matrix.csv?country=KZ&amp;gender=female" in page


def test_filters_by_organisation_stakeholder_group_and_unstated_gender(client, setting, coordinator):
    assert [r["name"] for r in csv_rows(client.get(matrix_url(setting, ".xlsx", organisation="Org A")))] == ["Aida A"]
    by_group = csv_rows(client.get(matrix_url(setting, ".xlsx", stakeholder_group="expert")))
    assert [r["name"] for r in by_group] == ["Chris C"]
    assert [r["name"] for r in csv_rows(client.get(matrix_url(setting, ".xlsx", gender="none")))] == ["Chris C"]


def test_xlsx_has_the_page_sheet_with_a_frozen_header_and_widths_and_a_codes_sheet(client, setting, coordinator):
    response = client.get(matrix_url(setting, ".xlsx"))

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('Z.xlsx"')
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["report", "codes"]
    report, codes = workbook["report"], workbook["codes"]
    assert report.freeze_panes == codes.freeze_panes == "A2"
    assert report.column_dimensions["A"].width >= len("Trainee: name")
    rows = list(report.iter_rows(values_only=True))
    header, body = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(header) == MATRIX_TITLES
    aida = body["Aida A"]
    assert aida["Module alpha: status"] == "Completed" and aida["Country"] == "Kazakhstan"
    assert aida["Module alpha: progress %"] == 100 and isinstance(aida["Module alpha: progress %"], int)
    assert aida["Module alpha: score %"] == 85 and isinstance(aida["Module alpha: score %"], int | float)
    assert aida["Module alpha: completed on"].date() == date(2026, 3, 2)
    assert body["Bek B"]["Module alpha: progress %"] == 33
    [aida_codes, *_] = csv_rows(response)
    assert list(aida_codes)[:4] == ["name", "email", "organisation", "country"]
    assert (aida_codes["country"], aida_codes["alpha.status"], aida_codes["cohort_status"]) == (
        "KZ",
        "completed",
        "participated",
    )


def test_text_that_looks_like_a_formula_is_escaped_in_both_exports(client, setting, coordinator):
    row = by_name(csv_rows(client.get(matrix_url(setting, ".xlsx"))))["Bek B"]
    assert row["organisation"] == "'" + INJECTION
    _titles, *rows = csv_table(client.get(matrix_url(setting, ".csv")))
    assert [value for row in rows for value in row if "HYPERLINK" in value] == ["'" + INJECTION]

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
    row = f"<td>Downloaded</td>\n      <td>Completion matrix · cohort {setting.cohort.id}</td>\n"
    assert row + "      <td>Country: Kazakhstan; CSV, 2 rows</td>" in page
    assert "report.export" not in page and "matrix:cohort" not in page and "{&#34;" not in page
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


def test_modules_follow_the_curriculum_order_in_the_matrix_its_files_and_the_summary(client, db, setting, coordinator):
    setting.alpha.current_version.position = 5  # beta (order 2) now comes before alpha in the curriculum
    db.session.commit()

    page = client.get(matrix_url(setting)).get_data(as_text=True)
    titles = csv_table(client.get(matrix_url(setting, ".csv")))[0]
    summary = client.get("/reports/modules").get_data(as_text=True)

    assert page_titles(page)[-2:] == ["Module beta", "Module alpha"]
    assert titles[6] == "Module beta: status" and titles[10] == "Module alpha: status"
    assert summary.index(">Module beta</a></td>") < summary.index(">Module alpha</a></td>")


def test_every_name_in_the_matrix_leads_to_the_trainees_detail_and_a_legend_explains_the_cells(
    client, setting, coordinator
):
    page = client.get(matrix_url(setting)).get_data(as_text=True)

    for person in (setting.aida, setting.bek, setting.chris):
        url = f"/reports/cohorts/{setting.cohort.id}/trainees/{person.id}"
        assert f'<a href="{url}">{person.full_name}</a>' in page
        assert client.get(url).status_code == 200
    assert '<abbr title="Module alpha">Module</abbr>' in page
    assert 'class="module-cell cell-completed"' in page and 'class="module-cell cell-overdue"' in page
    assert '<h2 id="legend-title">Legend</h2>' in page and "<dd>Module alpha</dd>" in page
    assert 'title="Completed · score 85.0 % · Mar 2, 2026"' in page


def test_the_matrix_escapes_what_trainees_wrote_in_every_cell_it_shows(client, db, setting, coordinator):
    setting.aida.full_name = '<script>alert("name")</script>'
    setting.aida.email = 'a"onmouseover="x@example.org'
    db.session.commit()

    page = client.get(matrix_url(setting)).get_data(as_text=True)

    assert "<script>" not in page
    assert '">&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;</a>' in page
    assert '<span class="cell-detail">a&#34;onmouseover=&#34;x@example.org</span>' in page
    assert '<span class="cell-detail">=HYPERLINK(&#34;http://evil.example&#34;)</span>' in page
    assert 'title="Completed · score 85.0 % · Mar 2, 2026"' in page


def test_the_participants_list_links_each_name_to_the_trainees_detail_and_the_cohort_to_its_matrix(
    client, setting, coordinator
):
    page = client.get(f"/cohorts/{setting.cohort.id}/participants").get_data(as_text=True)

    assert f'<a href="/reports/cohorts/{setting.cohort.id}/trainees/{setting.aida.id}">Aida A</a>' in page
    assert f'href="/reports/cohorts/{setting.cohort.id}/matrix"' in page
