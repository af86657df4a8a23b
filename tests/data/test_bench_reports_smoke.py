"""The reports benchmark works end to end at a tiny scale: migrated database, generated data, every route measured.

No timing is asserted here: the goal (each route within 1.2 times its own SQL) is what `make bench-reports` prints.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from bench.report_data import ANSWERED_MODULES, ATTEMPTS, MODULES, QUESTIONS, Plan
from bench.reports import (
    Result,
    Route,
    Statement,
    baseline_report,
    baseline_tree,
    bench_app,
    database,
    format_results,
    goal_line,
    routes,
    run,
)
from config import database_url

SCALE = 0.002  # 20 trainees in one cohort
ROUNDS = 2


def engines() -> list[str]:
    """SQLite always; PostgreSQL when TEST_DATABASE_URL names a server, as for the other database tests."""
    return ["sqlite", *(["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])]


@pytest.fixture(scope="module", params=engines())
def measured(request):
    """One benchmark run per engine, in a database of its own that is removed afterwards."""
    with database(request.param, os.environ.get("TEST_DATABASE_URL", "")) as url:
        yield run(url, Plan.at_scale(SCALE), ROUNDS)


def test_the_plan_scales_trainees_and_cohorts_and_lays_out_distinct_ids():
    full, tiny = Plan.at_scale(1.0), Plan.at_scale(SCALE)

    assert (full.trainees, full.cohorts, full.per_cohort) == (10_000, 50, 200)
    assert (tiny.trainees, tiny.cohorts) == (20, 1)
    people = [full.admin_id, full.trainer_id, *(full.coordinator_id(c) for c in range(1, 51))]
    trainees = [user_id for c in range(1, 51) for user_id in full.trainee_ids(c)]
    assert len(set(people + trainees)) == len(people) + len(trainees) == 10_052


def test_the_generated_counts_follow_the_scale(measured):
    plan, counts, seconds, _results = measured

    assert counts["users"] == 2 + plan.cohorts + plan.trainees
    assert counts["enrolments"] == plan.trainees
    assert counts["cohort_modules"] == plan.cohorts * MODULES
    assert counts["attempts"] == plan.trainees * MODULES * ATTEMPTS
    assert 0 < counts["completions"] <= plan.trainees * MODULES
    assert 0 < counts["attempt_answers"] <= plan.trainees * len(ANSWERED_MODULES) * ATTEMPTS * QUESTIONS
    assert seconds > 0


def test_every_report_route_answers_200_and_its_statements_are_captured_and_replayed(measured):
    _plan, _counts, _seconds, results = measured

    assert [result.route for result in results] == routes(Plan.at_scale(SCALE))
    for result in results:
        assert result.status == 200, result.route
        assert any(statement.sql.lstrip().upper().startswith("SELECT") for statement in result.statements)
        assert len(result.route_seconds) == len(result.bare_seconds) == ROUNDS
        assert min(result.route_seconds) > 0 and min(result.bare_seconds) > 0


def test_every_report_page_of_the_blueprint_is_in_the_benchmark():
    app = bench_app("sqlite://")
    adapter = app.url_map.bind("localhost")
    measured_endpoints = {adapter.match(route.path.split("?")[0])[0] for route in routes(Plan.at_scale(SCALE))}
    report_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("reports.")}

    assert measured_endpoints == report_endpoints


@pytest.mark.postgresql
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_the_postgresql_database_is_dropped_even_when_the_run_fails():
    server = sa.create_engine(database_url(os.environ["TEST_DATABASE_URL"]))
    with pytest.raises(RuntimeError), database("postgresql", os.environ["TEST_DATABASE_URL"]) as url:
        name = sa.make_url(url).database
        raise RuntimeError("the benchmark failed")
    with server.connect() as connection:
        left = connection.scalar(sa.text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": name})
    server.dispose()
    assert left == 0


def test_a_postgresql_server_that_does_not_answer_is_skipped():
    with database("postgresql", "postgresql://postgres@127.0.0.1:1/none") as url:
        assert url is None


def _result(name: str, route_seconds: tuple[float, ...], bare_seconds: tuple[float, ...]) -> Result:
    statement = Statement("SELECT 1", (), is_many=False)
    return Result(Route(name, "/reports/", 1), 200, (statement,), route_seconds, bare_seconds)


def test_the_ratio_is_the_median_of_each_rounds_route_over_bare_sql():
    assert _result("page", (0.30, 0.20, 0.50), (0.10, 0.20, 0.25)).ratio == pytest.approx(2.0)
    assert _result("page", (0.11, 0.12), (0.10, 0.10)).ratio == pytest.approx(1.15)


def test_the_table_and_goal_line_say_which_routes_are_within_the_goal():
    fast, slow = _result("fast page", (0.11,), (0.10,)), _result("slow page", (0.30,), (0.10,))

    lines = format_results([fast, slow]).splitlines()

    assert lines[0].split() == [
        "route",
        "status",
        "statements",
        "route",
        "ms",
        "bare",
        "SQL",
        "ms",
        "ratio",
        "<=",
        "1.2",
    ]
    assert lines[1].split() == ["fast", "page", "200", "1", "110.0", "100.0", "1.10", "yes"]
    assert lines[2].split() == ["slow", "page", "200", "1", "300.0", "100.0", "3.00", "NO"]
    assert goal_line([fast]) == "Goal: every report route within 1.2x its bare SQL: met; highest: fast page (1.10)."
    assert "NOT met (1 of 2 routes over); highest: slow page (3.00)" in goal_line([fast, slow])


def test_the_baseline_commit_times_every_route_in_the_same_rounds_and_its_worktree_goes():
    with baseline_tree("HEAD") as tree, database("sqlite", "") as url:
        assert tree is not None and (tree / "learnapp").is_dir()
        _plan, _counts, _seconds, results = run(url, Plan.at_scale(SCALE), ROUNDS, tree)
    assert not tree.exists()

    for result in results:
        assert result.baseline_status == 200, result.route
        assert len(result.baseline_seconds) == len(result.current_seconds) == ROUNDS
        assert min(result.baseline_seconds) > 0 and min(result.current_seconds) > 0
    table = baseline_report("HEAD", results)
    assert "module summary (admin, all cohorts)" in table
    assert "Goal: every report over all cohorts at 1/5 of HEAD's time or less" in table
