"""The module summary: counts, rates and best scores per cohort; no names; "<5" for observers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Assessment, Attempt, AuditEvent, Cohort, CohortModule, Completion, Enrolment, Module
from tests.support.reports import code_rows, commit_seeded
from tests.web import test_reports as base
from tests.web.test_reports import Setting, coordinate, enrol

# the fixtures of the matrix tests: three trainees of "Almaty workshop", and its coordinator signed in
setting = base.setting
pytestmark = pytest.mark.module_data(build=base.build_setting)  # three trainees of "Almaty workshop"
coordinator = base.coordinator


def give_attempts(db, setting: Setting, scores: dict[int, list[float]]) -> None:
    quiz = db.session.scalar(
        sa.select(Assessment.id).where(
            Assessment.version_id == setting.alpha.current_version_id, Assessment.kind == "quiz"
        )
    )
    db.session.add_all(
        Attempt(
            user_id=user_id,
            module_id=setting.alpha.id,
            assessment_id=quiz,
            number=number,
            question_slugs=[],
            seed="s",
            submitted_at=sa.func.now(),
            score=score,
        )
        for user_id, user_scores in scores.items()
        for number, score in enumerate(user_scores, start=1)
    )
    commit_seeded(db)


def summary_rows(client, **filters: str) -> dict[tuple[str, str], dict[str, str]]:
    response = client.get("/reports/modules.xlsx", query_string=filters)
    rows = code_rows(response)
    return {(row["cohort"], row["module"]): row for row in rows}


@pytest.fixture()
def scored(db, setting):
    give_attempts(db, setting, {setting.aida.id: [80.0, 90.0], setting.bek.id: [60.0], setting.chris.id: [70.0]})
    return setting


def test_coordinator_gets_counts_rate_median_and_mean_best_score(client, scored, coordinator):
    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    assert (row["enrolled"], row["started"], row["completed"]) == ("3", "3", "1")
    assert (row["completion_rate"], row["median_best_score"], row["mean_best_score"]) == ("33.3", "70", "73.3")


def test_median_of_an_even_number_of_scores_is_the_mean_of_the_middle_two(client, scored, coordinator):
    kazakhstan = summary_rows(client, country="KZ")["Almaty workshop", "Module alpha"]
    assert (kazakhstan["enrolled"], kazakhstan["median_best_score"]) == ("2", "80")
    women = summary_rows(client, gender="female")["Almaty workshop", "Module alpha"]
    assert (women["enrolled"], women["median_best_score"]) == ("1", "90")


def test_coordinator_summarises_only_their_cohorts(client, db, scored, login_as):
    other = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(other)
    commit_seeded(db)
    coordinate(db, other, login_as(Role.COORDINATOR))

    assert summary_rows(client) == {}


def test_trainer_sees_every_cohort_without_names(client, scored, login_as):
    login_as(Role.TRAINER)

    page = client.get("/reports/modules").get_data(as_text=True)

    assert "Almaty workshop" in page and "Module alpha" in page
    for person in (scored.aida, scored.bek, scored.chris):
        assert person.full_name not in page and person.email not in page


def test_observer_sees_groups_under_five_as_suppressed_on_page_and_export(client, scored, login_as):
    login_as(Role.OBSERVER)

    page = client.get("/reports/modules").get_data(as_text=True)
    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    assert "&lt;5" in page
    assert all(person.full_name not in page for person in (scored.aida, scored.bek, scored.chris))
    assert {row[key] for key in ("enrolled", "started", "completed", "completion_rate", "mean_best_score")} == {"<5"}


def test_observer_sees_figures_of_groups_of_five_or_more(client, db, scored, login_as, create_user):
    enrol(db, scored.cohort, *(create_user(full_name=f"Extra {n}") for n in range(3)))
    login_as(Role.OBSERVER)

    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    # 1 of 6 completed: the rate (16.7 %) would give the hidden count back, so it is hidden too
    assert (row["enrolled"], row["started"], row["completed"], row["completion_rate"]) == ("6", "<5", "<5", "<5")
    assert row["mean_best_score"] == "<5"


def test_observer_sees_the_rate_once_five_or_more_completed(client, db, scored, login_as, create_user):
    extras = [create_user(full_name=f"Extra {n}") for n in range(5)]
    enrol(db, scored.cohort, *extras)
    module = db.session.scalar(sa.select(Module).filter_by(slug="alpha"))
    for person in extras:
        db.session.add(Completion(user_id=person.id, module_id=module.id, version_id=module.current_version_id))
    commit_seeded(db)
    login_as(Role.OBSERVER)

    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    assert (row["enrolled"], row["completed"]) == ("8", "6")
    assert row["completion_rate"] == "75"


def test_summary_views_and_exports_are_audited(client, db, scored, coordinator):
    client.get("/reports/modules?country=KZ")
    client.get("/reports/modules.xlsx")

    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target, AuditEvent.details)).all()
    assert [(action, target) for action, target, _ in events] == [
        ("report.view", "module_summary"),
        ("report.export", "module_summary"),
    ]
    assert events[0].details == {"filters": {"country": "KZ"}}


def test_trainee_gets_403(client, scored, login_as):
    login_as(Role.TRAINEE)

    assert client.get("/reports/modules").status_code == 403
    assert client.get("/reports/modules.csv").status_code == 403


def test_summary_chart_is_inline_svg_of_each_modules_rate_across_cohorts(client, db, scored, coordinator):
    scored.cohort.name = "<script>alert(1)</script>"
    commit_seeded(db)

    page = client.get("/reports/modules").get_data(as_text=True)
    chart = page[page.index("<svg") : page.index("</svg>")]

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the table
    assert "Module alpha" in chart and "Module beta" in chart
    assert "script" not in chart  # one bar per module across cohorts, not per cohort
    assert "33.3 %" in chart


def test_observer_chart_writes_suppressed_rates_instead_of_drawing_them(client, scored, login_as):
    login_as(Role.OBSERVER)

    page = client.get("/reports/modules").get_data(as_text=True)

    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "<rect" not in chart and "&lt;5" in chart


def set_enrolled_at(db, cohort, user, when):
    enrolment = db.session.scalar(sa.select(Enrolment).filter_by(cohort_id=cohort.id, user_id=user.id))
    enrolment.enrolled_at = when
    commit_seeded(db)


def complete(db, user, module, when):
    db.session.add(
        Completion(user_id=user.id, module_id=module.id, version_id=module.current_version_id, completed_at=when)
    )
    commit_seeded(db)


def test_median_days_to_complete_run_from_enrolment_to_completion(client, db, setting, coordinator):
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    for person in (setting.aida, setting.bek, setting.chris):
        set_enrolled_at(db, setting.cohort, person, start)
    aida_done = db.session.scalar(sa.select(Completion).filter_by(user_id=setting.aida.id, module_id=setting.alpha.id))
    aida_done.completed_at = start + timedelta(days=2)
    commit_seeded(db)
    complete(db, setting.bek, setting.alpha, start + timedelta(days=10))
    complete(db, setting.chris, setting.alpha, start - timedelta(days=5))  # done before enrolling: 0 days

    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    assert (row["completed"], row["median_days_to_complete"]) == ("3", "2")  # 0, 2 and 10 days
    assert summary_rows(client, country="KG")["Almaty workshop", "Module alpha"]["median_days_to_complete"] == "10"


def test_all_cohorts_rows_count_a_trainee_in_two_cohorts_once(client, db, scored, coordinator):
    second = Cohort(name="Almaty follow-up", working_language="ru")
    db.session.add(second)
    db.session.flush()
    db.session.add(CohortModule(cohort_id=second.id, module_id=scored.alpha.id))
    commit_seeded(db)
    enrol(db, second, scored.aida)
    coordinate(db, second, coordinator)

    rows = summary_rows(client)

    assert rows["Almaty follow-up", "Module alpha"]["enrolled"] == "1"
    everyone = rows["All cohorts", "Module alpha"]
    assert (everyone["enrolled"], everyone["started"], everyone["completed"]) == ("3", "3", "1")
    assert (everyone["median_best_score"], everyone["mean_best_score"]) == ("70", "73.3")  # Aida's 90 once
    assert rows["All cohorts", "Module beta"]["enrolled"] == "3"


def test_observer_sees_no_days_to_complete_for_fewer_than_five_completions(client, db, scored, login_as, create_user):
    enrol(db, scored.cohort, *(create_user(full_name=f"Extra {n}") for n in range(3)))
    login_as(Role.OBSERVER)

    row = summary_rows(client)["Almaty workshop", "Module alpha"]

    assert row["median_days_to_complete"] == "<5"


def test_observer_cannot_work_a_small_cohort_out_from_the_others_and_all_cohorts(
    client, db, scored, login_as, create_user
):
    enrol(db, scored.cohort, *(create_user(full_name=f"Extra {n}") for n in range(6)))
    small = Cohort(name="Osh workshop", working_language="ru")
    db.session.add(small)
    db.session.flush()
    db.session.add(CohortModule(cohort_id=small.id, module_id=scored.alpha.id))
    commit_seeded(db)
    enrol(db, small, *(create_user(full_name=f"Osh {n}") for n in range(2)))
    login_as(Role.OBSERVER)

    rows = summary_rows(client)

    # 9 in Almaty, 2 in Osh, 11 in all: "11 - 9" would give Osh's 2 back, so Almaty's 9 is withheld, with its rate
    assert rows["Osh workshop", "Module alpha"]["enrolled"] == "<5"
    assert rows["All cohorts", "Module alpha"]["enrolled"] == "11"
    almaty = rows["Almaty workshop", "Module alpha"]
    assert (almaty["enrolled"], almaty["completion_rate"]) == ("*", "*")
    assert "A count marked “*” is withheld" in client.get("/reports/modules").get_data(as_text=True)
