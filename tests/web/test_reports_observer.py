"""The observer's completion matrix: counts per module and status, "<5" for one to four people, and no names."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.domain.profiles import Gender, Role
from learnapp.domain.report_rules import CellState
from learnapp.models import (
    Assessment,
    Attempt,
    AuditEvent,
    Cohort,
    CohortCoordinator,
    CohortModule,
    Completion,
    Enrolment,
    LessonRead,
    Module,
    ModuleVersion,
    User,
)
from learnapp.reports.queries import TraineeFilters, cohort_modules
from learnapp.reports.status_counts import module_status_counts
from tests.support.bulk import NOW, bulk_catalogue
from tests.support.publishing import publisher
from tests.support.reports import code_rows, completion, csv_table, lesson_read, workshop_of_alpha_and_beta
from tests.support.users import user_factory

HEADER = ["module", "enrolled", "not_started", "in_progress", "completed", "overdue", "completion_rate"]
SCREEN_HEADER = ["Module", "Enrolled", "Not started", "In progress", "Completed", "Overdue", "Completion rate %"]
HIDDEN = "fewer than 5 (hidden)"  # a count of one to four, as the page and the CSV say it


@dataclass
class Setting:
    cohort: Cohort
    alpha: Module
    beta: Module
    trainees: list[User]


def build_setting(tmp_path) -> dict[str, object]:
    """Twelve trainees: seven in Kazakhstan (t1 to t7, women), five in Kyrgyzstan (t8 to t12, men).

    Alpha (two lessons and a quiz, no due date): t1-t6 completed, t7-t11 read a lesson (in progress), t12 has not
    started. Beta (due yesterday): t1-t3, t8 and t9 completed; the seven others are overdue. Built once per backend
    for the module.
    """
    from learnapp.extensions import db

    create_user = user_factory(first=1001)
    cohort, alpha, beta = workshop_of_alpha_and_beta(db, publisher(tmp_path / "published-modules"))
    trainees = [
        create_user(
            password=None,
            full_name=f"Trainee Secretname{n}",
            email=f"secretmail{n}@example.org",
            country="KZ" if n <= 7 else "KG",
            gender=Gender.FEMALE if n <= 7 else Gender.MALE,
            organisation=f"Confidential Org {n}",
        )
        for n in range(1, 13)
    ]
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in trainees)
    db.session.add_all(completion(user, alpha) for user in trainees[:6])
    db.session.add_all(lesson_read(user, alpha) for user in trainees[6:11])
    db.session.add_all(completion(user, beta) for user in [*trainees[:3], *trainees[7:9]])
    db.session.commit()
    return {"cohort": cohort.id, "alpha": alpha.id, "beta": beta.id, "trainees": [user.id for user in trainees]}


pytestmark = pytest.mark.module_data(build=build_setting)


@pytest.fixture()
def setting(db, module_data) -> Setting:
    """The data of `build_setting`, read in the test's session."""
    return Setting(
        cohort=db.session.get(Cohort, module_data["cohort"]),
        alpha=db.session.get(Module, module_data["alpha"]),
        beta=db.session.get(Module, module_data["beta"]),
        trainees=list(
            db.session.scalars(sa.select(User).where(User.id.in_(module_data["trainees"])).order_by(User.id))
        ),
    )


@pytest.fixture()
def observer(login_as, setting):
    return login_as(Role.OBSERVER)


def matrix_url(setting: Setting, suffix: str = "", **filters: str) -> str:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"/reports/cohorts/{setting.cohort.id}/matrix{suffix}" + (f"?{query}" if query else "")


def csv_rows(response) -> list[list[str]]:
    """The CSV as the page shows it."""
    return csv_table(response)


def xlsx_rows(response) -> list[tuple]:
    """The XLSX's "codes" sheet: stable keys, and "<5" for a hidden count."""
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.data))["codes"].iter_rows(values_only=True))


def test_observer_gets_exact_counts_per_module_and_status_in_the_csv(client, setting, observer):
    """Alpha: 1 not started would be 12 - 5 - 6 - 0; so the 6 completed (and the rate) are withheld as "*"."""
    rows = csv_rows(client.get(matrix_url(setting, ".csv")))

    assert rows == [
        SCREEN_HEADER,
        ["Module alpha", "12", HIDDEN, "5", "*", "0", "*"],
        ["Module beta", "12", "0", "0", "5", "7", "41.7"],
    ]


def test_the_page_shows_the_same_rows_as_the_export(client, setting, observer):
    page = client.get(matrix_url(setting)).get_data(as_text=True)

    assert "<h1>Completion matrix: Almaty workshop</h1>" in page
    cells = "".join(f"<td>{value}</td>" for value in ["Module alpha", "12", HIDDEN, "5", "*", "0", "*"])
    assert cells in page
    assert "Not started" in page and "Overdue" in page and "Completion rate %" in page


def test_counts_of_one_to_four_and_rates_that_would_reveal_them_are_shown_as_less_than_five(client, setting, observer):
    kazakhstan = csv_rows(client.get(matrix_url(setting, ".csv", country="KZ")))
    kyrgyzstan = csv_rows(client.get(matrix_url(setting, ".csv", country="KG")))
    nobody = csv_rows(client.get(matrix_url(setting, ".csv", gender="female", country="KG")))

    # beta in Kazakhstan: 3 of 7 completed; 42.9 % of 7 would give the 3 back
    assert kazakhstan[1:] == [
        ["Module alpha", "7", "0", HIDDEN, "*", "0", "*"],
        ["Module beta", "7", "0", "0", HIDDEN, HIDDEN, HIDDEN],
    ]
    assert kyrgyzstan[1:] == [
        ["Module alpha", "5", HIDDEN, HIDDEN, "0", "0", "0.0"],
        ["Module beta", "5", "0", "0", HIDDEN, HIDDEN, HIDDEN],
    ]
    assert nobody[1:] == [
        ["Module alpha", "0", "0", "0", "0", "0", ""],
        ["Module beta", "0", "0", "0", "0", "0", ""],
    ]


def test_a_group_of_fewer_than_five_shows_every_figure_as_less_than_five(client, db, setting, observer):
    """Zeros too: a shown zero would tell how few parts the few people share."""
    db.session.execute(sa.delete(Enrolment).where(Enrolment.user_id.in_([u.id for u in setting.trainees[3:]])))
    db.session.commit()

    rows = csv_rows(client.get(matrix_url(setting, ".csv")))

    assert rows[1:] == [
        ["Module alpha", HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN],
        ["Module beta", HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN],
    ]


def test_the_xlsx_holds_the_rows_of_the_page_with_numbers_as_numbers(client, setting, observer):
    rows = xlsx_rows(client.get(matrix_url(setting, ".xlsx")))

    assert rows == [
        tuple(HEADER),
        ("Module alpha", 12, "<5", 5, "*", 0, "*"),
        ("Module beta", 12, 0, 0, 5, 7, 41.7),
    ]


def test_no_name_email_organisation_or_trainee_link_reaches_the_observer(client, setting, observer):
    page = client.get(matrix_url(setting)).get_data(as_text=True)
    csv_text = client.get(matrix_url(setting, ".csv")).get_data(as_text=True)
    workbook = " ".join(str(value) for row in xlsx_rows(client.get(matrix_url(setting, ".xlsx"))) for value in row)

    for text in (page, csv_text, workbook):
        assert "Secretname" not in text and "secretmail" not in text and "Confidential" not in text
    assert "/trainees/" not in page
    assert 'name="organisation"' not in page


def test_an_organisation_in_the_address_is_ignored_for_observers(client, setting, observer):
    assert csv_rows(client.get(matrix_url(setting, ".csv", organisation="Confidential Org 1")))[1][1] == "12"


def test_filters_apply_to_the_page_and_the_exports_alike(client, setting, observer):
    filters = {"country": "KZ", "gender": "female"}
    page = client.get(matrix_url(setting, **filters)).get_data(as_text=True)
    rows = csv_rows(client.get(matrix_url(setting, ".csv", **filters)))
    sheet = xlsx_rows(client.get(matrix_url(setting, ".xlsx", **filters)))

    assert rows[1] == ["Module alpha", "7", "0", HIDDEN, "*", "0", "*"]
    assert sheet[1] == ("Module alpha", 7, 0, "<5", "*", 0, "*")
    assert "".join(f"<td>{value}</td>" for value in ["Module alpha", "7", "0", HIDDEN, "*", "0", "*"]) in page
    assert "matrix.csv?country=KZ&amp;gender=female" in page
    assert (
        'filename="matrix-aggregate-cohort-' in client.get(matrix_url(setting, ".csv")).headers["Content-Disposition"]
    )


def test_counts_agree_with_the_coordinators_matrix(client, db, setting, login_as):
    coordinator = login_as(Role.COORDINATOR)
    db.session.add(CohortCoordinator(cohort_id=setting.cohort.id, user_id=coordinator.id))
    db.session.commit()
    matrix = code_rows(client.get(matrix_url(setting, ".xlsx")))

    modules = cohort_modules(setting.cohort.id)
    counts = module_status_counts(setting.cohort.id, modules, TraineeFilters(), datetime.now(UTC).date())

    for row in counts:
        tally = Counter(line[f"{row.module.slug}.status"] for line in matrix)
        assert {state.value: count for state, count in row.states.items() if count} == dict(tally)
        assert row.enrolled == len(matrix)
    assert counts[0].states[CellState.NOT_STARTED] == 1


def test_observer_finds_every_cohort_on_the_reports_page(client, db, setting, observer):
    db.session.add(Cohort(name="Dushanbe seminar", working_language="ru"))
    db.session.commit()

    page = client.get("/reports/").get_data(as_text=True)

    assert "Almaty workshop" in page and "Dushanbe seminar" in page
    assert f"/reports/cohorts/{setting.cohort.id}/matrix" in page


def test_observer_still_gets_no_trainee_detail_and_404_for_an_unknown_cohort(client, setting, observer):
    trainee = setting.trainees[0]
    assert client.get(f"/reports/cohorts/{setting.cohort.id}/trainees/{trainee.id}").status_code == 403
    assert client.get("/reports/cohorts/999/matrix").status_code == 404
    assert client.get("/reports/cohorts/999/matrix.csv").status_code == 404
    assert client.get(matrix_url(setting, ".pdf")).status_code == 404


def test_observer_views_and_exports_are_audited_with_their_filters(client, db, setting, observer):
    client.get(matrix_url(setting, country="KZ"))
    client.get(matrix_url(setting, ".csv", gender="male", organisation="Confidential Org 9"))

    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    target = f"matrix_aggregate:cohort:{setting.cohort.id}"
    assert [(e.user_id, e.action, e.target) for e in events] == [
        (observer.id, "report.view", target),
        (observer.id, "report.export", target),
    ]
    assert events[0].details == {"filters": {"country": "KZ"}}
    assert events[1].details == {"filters": {"gender": "male"}, "format": "csv", "rows": 2}


def trainees_with_history(db, cohort_id: int, count: int, module_ids: list[int]) -> None:
    """`count` enrolled trainees, each with a lesson read and a submitted attempt in every module; a third completed."""
    emails = [f"c{cohort_id}-t{n}@example.org" for n in range(count)]
    db.session.execute(sa.insert(User), [{"email": email, "full_name": email} for email in emails])
    user_ids = db.session.scalars(sa.select(User.id).where(User.email.in_(emails))).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": cohort_id, "user_id": user_id} for user_id in user_ids])
    versions = dict(db.session.execute(sa.select(ModuleVersion.module_id, ModuleVersion.id)).all())
    quizzes = dict(
        db.session.execute(
            sa.select(ModuleVersion.module_id, Assessment.id).join(
                Assessment, Assessment.version_id == ModuleVersion.id
            )
        ).all()
    )
    pairs = [(user_id, module_id) for user_id in user_ids for module_id in module_ids]
    db.session.execute(
        sa.insert(LessonRead),
        [{"user_id": u, "module_id": m, "lesson_slug": "lesson-1", "version_id": versions[m]} for u, m in pairs],
    )
    db.session.execute(
        sa.insert(Attempt),
        [
            {"user_id": u, "module_id": m, "assessment_id": quizzes[m], "number": 1, "question_slugs": [], "seed": "s"}
            | {"started_at": NOW, "submitted_at": NOW, "score": 50.0, "is_passed": False}
            for u, m in pairs
        ],
    )
    db.session.execute(
        sa.insert(Completion),
        [
            {"user_id": u, "module_id": m, "version_id": versions[m], "score": 90.0, "completed_at": NOW}
            for u in user_ids[::3]
            for m in module_ids
        ],
    )
    db.session.commit()


def statements_for(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    return counter.count


def test_the_observers_matrix_runs_the_same_statements_for_10_and_1000_trainees(client, db, login_as, count_queries):
    login_as(Role.OBSERVER)
    module_ids = bulk_catalogue(3)
    cohorts = []
    for size in (10, 1000):
        cohort = Cohort(name=f"Cohort of {size}", working_language="ru")
        db.session.add(cohort)
        db.session.flush()
        db.session.add_all(CohortModule(cohort_id=cohort.id, module_id=module_id) for module_id in module_ids)
        db.session.commit()
        trainees_with_history(db, cohort.id, size, module_ids)
        cohorts.append(cohort.id)

    # the page: 10 statements (user, cohort, modules, member ids, reads, attempts, completions, audit row, and the
    # user and cohort read again after the commit); an export: 9 (the cohort is not read again)
    for suffix, most in (("", 10), (".csv", 9), (".xlsx", 9)):
        counts = [statements_for(client, count_queries, f"/reports/cohorts/{c}/matrix{suffix}") for c in cohorts]
        assert counts[0] == counts[1] <= most, (suffix, counts)
    rows = csv_rows(client.get(f"/reports/cohorts/{cohorts[1]}/matrix.csv"))
    assert [row[1:6] for row in rows[1:]] == [["1000", "0", "666", "334", "0"]] * 3
