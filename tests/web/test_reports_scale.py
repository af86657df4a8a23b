"""Each report page runs a fixed number of SQL statements, however many trainees a cohort has."""

from __future__ import annotations

import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Cohort, CohortCoordinator, CohortModule, Enrolment, User
from tests.support.bulk import bulk_catalogue, bulk_histories


def cohort_of(db, trainees: int, module_ids: list[int], coordinator: User) -> int:
    """A cohort with `trainees` enrolled trainees, each with reads and an attempt in every module."""
    cohort = Cohort(name=f"Cohort of {trainees}", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(CohortModule(cohort_id=cohort.id, module_id=module_id) for module_id in module_ids)
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator.id))
    emails = [f"c{cohort.id}-t{n}@example.org" for n in range(trainees)]
    db.session.execute(sa.insert(User), [{"email": email, "full_name": email} for email in emails])
    user_ids = db.session.scalars(sa.select(User.id).where(User.email.in_(emails))).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": cohort.id, "user_id": user_id} for user_id in user_ids])
    db.session.commit()
    bulk_histories(user_ids, module_ids)
    return cohort.id


def statements_for(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_matrix_and_its_exports_run_the_same_statements_for_10_and_1000_trainees(client, db, login_as, count_queries):
    coordinator = login_as(Role.COORDINATOR)
    module_ids = bulk_catalogue(3)
    small = cohort_of(db, 10, module_ids, coordinator)
    large = cohort_of(db, 1000, module_ids, coordinator)

    # the page: 12 statements (user, cohort, modules, trainees, reads, attempts, completions, sessions attended,
    # audit row, organisations, and the user and cohort read again after the commit); an export: 10
    for suffix, most in (("", 12), (".csv", 10), (".xlsx", 10)):
        counts = [statements_for(client, count_queries, f"/reports/cohorts/{c}/matrix{suffix}") for c in (small, large)]
        assert counts[0] == counts[1] <= most, (suffix, counts)


def test_module_summary_runs_the_same_statements_for_10_and_1000_trainees(client, db, login_as, count_queries):
    coordinator = login_as(Role.COORDINATOR)
    module_ids = bulk_catalogue(3)
    cohort_of(db, 10, module_ids, coordinator)
    small = {suffix: statements_for(client, count_queries, f"/reports/modules{suffix}") for suffix in ("", ".csv")}
    cohort_of(db, 1000, module_ids, coordinator)
    large = {suffix: statements_for(client, count_queries, f"/reports/modules{suffix}") for suffix in ("", ".csv")}

    assert small == large
    assert small[""] == small[".csv"] == 5, small  # the summary itself is one of them (docs/reports.md)


def test_knowledge_gain_runs_the_same_statements_for_10_and_1000_trainees(client, db, login_as, count_queries):
    coordinator = login_as(Role.COORDINATOR)
    module_ids = bulk_catalogue(2)
    cohort_of(db, 10, module_ids, coordinator)
    urls = ("/reports/knowledge-gain", "/reports/knowledge-gain.csv?by=gender")
    small = [statements_for(client, count_queries, url) for url in urls]
    cohort_of(db, 1000, module_ids, coordinator)
    large = [statements_for(client, count_queries, url) for url in urls]

    assert small == large
    assert small[0] <= 4 and small[1] <= 4, small


def test_trainee_detail_runs_the_same_statements_in_a_cohort_of_10_or_1000(client, db, login_as, count_queries):
    coordinator = login_as(Role.COORDINATOR)
    module_ids = bulk_catalogue(3)
    counts = []
    for size in (10, 1000):
        cohort_id = cohort_of(db, size, module_ids, coordinator)
        someone = db.session.scalar(sa.select(Enrolment.user_id).filter_by(cohort_id=cohort_id).limit(1))
        counts.append(statements_for(client, count_queries, f"/reports/cohorts/{cohort_id}/trainees/{someone}"))

    # the user, cohort, trainee, modules, reads, attempts, completions, attempts list, sessions with attendance,
    # audit row, user and cohort again
    assert counts[0] == counts[1] == 12, counts
