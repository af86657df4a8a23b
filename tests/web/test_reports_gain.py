"""Knowledge gain: latest pre-test and post-test per trainee, averaged by cohort, country, group and gender."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.completion import knowledge_gain as domain_gain
from learnapp.domain.completion import mean_normalised_gain
from learnapp.domain.profiles import Gender, Role
from learnapp.models import Assessment, Attempt, AuditEvent, Cohort, CohortCoordinator, Enrolment, User
from learnapp.reports.gain_queries import knowledge_gain as sql_gain
from learnapp.reports.queries import TraineeFilters
from tests.support.reports import code_rows, commit_seeded

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def add_attempts(db, assessment: Assessment, user_id: int, scores: list[float]) -> None:
    version = assessment.version
    db.session.add_all(
        Attempt(
            user_id=user_id,
            module_id=version.module_id,
            assessment_id=assessment.id,
            number=number,
            question_slugs=[],
            seed="s",
            submitted_at=START + timedelta(hours=number),
            score=score,
        )
        for number, score in enumerate(scores, start=1)
    )
    commit_seeded(db)


@pytest.fixture()
def tests_pair(db, publish):
    """A pre-test module and a post-test module."""
    pre_module = publish("pre")
    post_module = publish("post", order=2)
    quizzes = [
        db.session.scalar(
            sa.select(Assessment).where(Assessment.version_id == module.current_version_id, Assessment.kind == "quiz")
        )
        for module in (pre_module, post_module)
    ]
    quizzes[0].purpose, quizzes[1].purpose = "pre_test", "post_test"
    commit_seeded(db)
    return quizzes


@pytest.fixture()
def cohort_with_scores(db, create_user, tests_pair):
    """Three trainees: (pre, post) = (40 then 50 latest, 80), (60, 70), (100, 90); one with only a pre-test."""
    pre, post = tests_pair
    cohort = Cohort(name="Almaty workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    people = [
        create_user(full_name="Aida A", country="KZ", gender=Gender.FEMALE),
        create_user(full_name="Bek B", country="KG", gender=Gender.MALE),
        create_user(full_name="Chris C", country="KZ"),
        create_user(full_name="Dana D", country="KZ", gender=Gender.FEMALE),
    ]
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=person.id) for person in people)
    commit_seeded(db)
    add_attempts(db, pre, people[0].id, [40.0, 50.0])
    add_attempts(db, post, people[0].id, [80.0])
    add_attempts(db, pre, people[1].id, [60.0])
    add_attempts(db, post, people[1].id, [70.0])
    add_attempts(db, pre, people[2].id, [100.0])
    add_attempts(db, post, people[2].id, [90.0])
    add_attempts(db, pre, people[3].id, [30.0])
    return cohort, people


def gain_rows(client, **arguments: str) -> list[dict[str, str]]:
    response = client.get("/reports/knowledge-gain.xlsx", query_string=arguments)
    return code_rows(response)


def test_gain_by_cohort_uses_each_trainees_latest_pre_and_post_test(client, login_as, cohort_with_scores):
    login_as(Role.ADMIN)

    [row] = gain_rows(client)

    # pre 50, 60, 100 (mean 70); post 80, 70, 90 (80); gain 30, 10, -10 (10); normalised 0.6, 0.25, left out
    assert row == {
        "cohort": "Almaty workshop",
        "trainees": "3",
        "mean_pre": "70",
        "mean_post": "80",
        "mean_gain": "10",
        "mean_normalised_gain": "0.425",
    }


def test_gain_by_country_and_by_gender(client, login_as, cohort_with_scores):
    login_as(Role.ADMIN)

    by_country = {row["country"]: row for row in gain_rows(client, by="country")}
    assert (by_country["KZ"]["trainees"], by_country["KZ"]["mean_gain"]) == ("2", "10")
    assert by_country["KG"]["mean_normalised_gain"] == "0.25"
    by_gender = {row["gender"]: row["trainees"] for row in gain_rows(client, by="gender")}
    assert by_gender == {"": "1", "female": "1", "male": "1"}
    assert [row["stakeholder_group"] for row in gain_rows(client, by="stakeholder_group")] == ["civil_society"]
    page = client.get("/reports/knowledge-gain?by=gender").get_data(as_text=True)
    assert "Prefer not to say" in page and "Woman" in page


def test_filters_apply_to_the_gain(client, login_as, cohort_with_scores):
    login_as(Role.ADMIN)

    [row] = gain_rows(client, country="KG")
    assert (row["trainees"], row["mean_pre"], row["mean_post"]) == ("1", "60", "70")


def test_observer_sees_small_groups_as_suppressed_and_no_names(client, login_as, cohort_with_scores):
    login_as(Role.OBSERVER)

    page = client.get("/reports/knowledge-gain").get_data(as_text=True)
    [row] = gain_rows(client)

    assert set(row.values()) == {"Almaty workshop", "<5"}
    assert "fewer than 5 (hidden)" in page and "Aida A" not in page and "Bek B" not in page


def test_coordinator_sees_only_their_cohorts(client, db, login_as, cohort_with_scores):
    other = Cohort(name="Bishkek workshop", working_language="ru")
    db.session.add(other)
    commit_seeded(db)
    user = login_as(Role.COORDINATOR)
    db.session.add(CohortCoordinator(cohort_id=other.id, user_id=user.id))
    commit_seeded(db)

    assert gain_rows(client) == []
    assert gain_rows(client, by="country") == []


def test_gain_views_and_exports_are_audited(client, db, login_as, cohort_with_scores):
    login_as(Role.TRAINER)
    client.get("/reports/knowledge-gain?by=gender&country=KZ")
    gain_rows(client, by="country")

    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target, AuditEvent.details)).all()
    assert [(action, target) for action, target, _ in events] == [
        ("report.view", "knowledge_gain"),
        ("report.export", "knowledge_gain"),
    ]
    assert events[0].details == {"filters": {"country": "KZ"}, "by": "gender"}


def test_trainee_gets_403(client, login_as, cohort_with_scores):
    login_as(Role.TRAINEE)

    assert client.get("/reports/knowledge-gain").status_code == 403


# ---- the before/after chart ----


def gain_chart(client, **arguments: str) -> str:
    page = client.get("/reports/knowledge-gain", query_string=arguments).get_data(as_text=True)
    assert page.index("</svg>") < page.index("<table>"), "the chart comes right before its table"
    return page[page.index("<svg") : page.index("</svg>") + len("</svg>")]


def test_gain_chart_draws_pre_and_post_means_per_group_with_a_legend(client, login_as, cohort_with_scores):
    login_as(Role.ADMIN)

    chart = gain_chart(client, by="country")

    assert 'role="img"' in chart and 'aria-labelledby="gain-chart-title"' in chart
    assert '<title id="gain-chart-title">Mean pre-test and post-test score (%)</title>' in chart
    assert '<desc id="gain-chart-desc">' in chart
    assert ">Before: pre-test</text>" in chart and ">After: post-test</text>" in chart
    # Kazakhstan: pre 50 and 100, post 80 and 90; Kyrgyzstan: pre 60, post 70. Pre hatched, post solid.
    for text in (">Kazakhstan<", ">75 %<", ">85 %<", ">Kyrgyzstan<", ">60 %<", ">70 %<"):
        assert text in chart
    fills = re.findall(r'<rect class="bar"[^>]* fill="([^"]+)"', chart)
    assert fills == ["url(#gain-chart-hatch)", "#1f5f8b"] * 2
    assert '<pattern id="gain-chart-hatch"' in chart


def test_observer_gain_chart_writes_suppressed_means_instead_of_drawing_them(client, login_as, cohort_with_scores):
    login_as(Role.OBSERVER)

    chart = gain_chart(client)

    assert 'class="bar"' not in chart and chart.count(">&lt;5</text>") == 2
    assert "Aida A" not in chart


def test_gain_chart_escapes_a_hostile_cohort_name_and_has_no_script(client, db, login_as, cohort_with_scores):
    cohort, _people = cohort_with_scores
    cohort.name = '<script>alert("gain")</script>'
    commit_seeded(db)
    login_as(Role.TRAINER)

    page = client.get("/reports/knowledge-gain").get_data(as_text=True)

    assert "<script" not in page
    assert ">&lt;script&gt;alert(&#34;gain&#34;)&lt;/script&gt;</text>" in page


def test_no_chart_when_no_trainee_has_both_tests(client, login_as, tests_pair):
    login_as(Role.ADMIN)

    assert "<svg" not in client.get("/reports/knowledge-gain").get_data(as_text=True)


def test_gain_chart_in_russian(client, login_as, cohort_with_scores):
    login_as(Role.ADMIN, preferred_language="ru")

    page = client.get("/reports/knowledge-gain?by=country", headers={"Accept-Language": "ru"}).get_data(as_text=True)

    assert '<html lang="ru">' in page and ">Казахстан</text>" in page


def bulk_scores(db, tests_pair, trainees: int, cohort_name: str, coordinator_id: int) -> None:
    """`trainees` enrolled people of three countries, each with a pre-test of 40 and a post-test of 70."""
    pre, post = tests_pair
    cohort = Cohort(name=cohort_name, working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=coordinator_id))
    emails = [f"{cohort_name}-{n}@example.org" for n in range(trainees)]
    countries = ("KZ", "KG", "UZ")
    db.session.execute(
        sa.insert(User), [{"email": e, "full_name": e, "country": countries[n % 3]} for n, e in enumerate(emails)]
    )
    user_ids = db.session.scalars(sa.select(User.id).where(User.email.in_(emails))).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": cohort.id, "user_id": user_id} for user_id in user_ids])
    db.session.execute(
        sa.insert(Attempt),
        [
            {
                "user_id": user_id,
                "module_id": quiz.version.module_id,
                "assessment_id": quiz.id,
                "number": 1,
                "question_slugs": [],
                "seed": "s",
                "submitted_at": START,
                "score": score,
            }
            for user_id in user_ids
            for quiz, score in ((pre, 40.0), (post, 70.0))
        ],
    )
    commit_seeded(db)


def test_gain_page_with_its_chart_runs_the_same_statements_for_10_and_1000_trainees(
    client, db, login_as, tests_pair, count_queries
):
    coordinator = login_as(Role.COORDINATOR)
    urls = ("/reports/knowledge-gain", "/reports/knowledge-gain?by=country", "/reports/knowledge-gain.xlsx")

    def statements() -> list[int]:
        counts = []
        for url in urls:
            with count_queries() as counter:
                response = client.get(url)
                response.get_data()
            assert response.status_code == 200
            counts.append(counter.count)
        return counts

    bulk_scores(db, tests_pair, 10, "small", coordinator.id)
    small = statements()
    bulk_scores(db, tests_pair, 1000, "large", coordinator.id)
    large = statements()

    # user, the grouped gain statement, audit row, the user again after the commit: the chart adds none
    assert small == large == [4, 4, 4], (small, large)
    assert ">70 %</text>" in client.get("/reports/knowledge-gain").get_data(as_text=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_gain_agrees_with_the_domain_arithmetic_on_random_scores(db, create_user, tests_pair, seed):
    """The report's SQL and the domain's knowledge-gain functions are two implementations of one rule: they agree."""
    chance = random.Random(seed)
    pre, post = tests_pair
    cohort = Cohort(name="Random cohort", working_language="en")
    db.session.add(cohort)
    db.session.flush()
    latest: dict[int, tuple[float, float]] = {}
    for _ in range(chance.randint(3, 12)):
        person = create_user()
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
        pre_scores = [float(chance.randint(0, 20) * 5) for _ in range(chance.randint(1, 3))]
        post_scores = [float(chance.randint(0, 20) * 5) for _ in range(chance.randint(0, 2))]
        add_attempts(db, pre, person.id, pre_scores)
        add_attempts(db, post, person.id, post_scores)
        if post_scores:
            latest[person.id] = (pre_scores[-1], post_scores[-1])

    [row] = sql_gain(sa.select(Cohort.id), TraineeFilters(), "cohort")

    gains = [domain_gain(before, after) for before, after in latest.values()]
    assert row.trainees == len(gains)
    assert row.mean_gain == pytest.approx(sum(gain.gain for gain in gains) / len(gains))
    assert row.mean_normalised == pytest.approx(mean_normalised_gain(gains))
