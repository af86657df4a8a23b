"""Completion by country, stakeholder group and gender: figures, cohort choice, filters, exports, roles, chart, scale.

A cohort a user may not see, passed as `cohort=<id>`, is a 404 on the page and the exports alike (as the matrix of
such a cohort is): a coordinator cannot narrow the report to a cohort that is not theirs, nor learn that it exists.
Trainers and observers may choose any cohort, since they see aggregates across all cohorts.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.models import AuditEvent, Cohort, CohortModule, Completion, Enrolment, Module, User
from tests.support.publishing import publisher
from tests.support.reports import code_rows, coordinate, csv_table, enrol
from tests.support.users import user_factory

DONE_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script>"


@dataclass
class Groups:
    almaty: Cohort
    bishkek: Cohort
    dushanbe: Cohort
    people: dict[str, User]


def complete(db, user: User, *modules: Module) -> None:
    db.session.add_all(
        Completion(user_id=user.id, module_id=module.id, version_id=module.current_version_id, completed_at=DONE_AT)
        for module in modules
    )
    db.session.commit()


def new_cohort(db, name: str, modules: list[tuple[Module, bool]]) -> Cohort:
    cohort = Cohort(name=name, working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add_all(
        CohortModule(cohort_id=cohort.id, module_id=module.id, is_required=is_required)
        for module, is_required in modules
    )
    db.session.commit()
    return cohort


def build_groups(tmp_path) -> dict[str, object]:
    """Almaty assigns alpha (required) and beta (optional); Bishkek alpha and gamma (both required); Dushanbe none.

    person   country group              gender  cohorts          assigned            completed       all required
    Aida     KZ      civil society      woman   Almaty           alpha beta          alpha           yes
    Bek      KG      national security  man     Almaty Bishkek   alpha beta gamma    alpha gamma     yes
    Chris    KZ      expert             -       Bishkek          alpha gamma         alpha           no
    Dana     KZ      civil society      woman   Almaty           alpha beta          beta            no
    Erlan    KG      civil society      man     Bishkek          alpha gamma         -               no
    Gulnara  TJ      civil society      woman   Dushanbe         -                   -               no
    Farida (KZ) completed alpha but is in no cohort: she is counted nowhere. Built once per backend for the module.
    """
    from learnapp.extensions import db

    publish, create_user = publisher(tmp_path / "published-modules"), user_factory(first=1001)
    alpha, beta, gamma = publish("alpha"), publish("beta", order=2), publish("gamma", order=3)
    almaty = new_cohort(db, "Almaty workshop", [(alpha, True), (beta, False)])
    bishkek = new_cohort(db, "Bishkek workshop", [(alpha, True), (gamma, True)])
    dushanbe = new_cohort(db, "Dushanbe workshop", [])
    civil, security = StakeholderGroup.CIVIL_SOCIETY, StakeholderGroup.NATIONAL_SECURITY
    people = {
        "aida": create_user(full_name="Aida A", country="KZ", gender=Gender.FEMALE),
        "bek": create_user(full_name="Bek B", country="KG", gender=Gender.MALE, stakeholder_group=security),
        "chris": create_user(full_name="Chris C", country="KZ", stakeholder_group=StakeholderGroup.EXPERT),
        "dana": create_user(full_name="Dana D", country="KZ", gender=Gender.FEMALE, stakeholder_group=civil),
        "erlan": create_user(full_name="Erlan E", country="KG", gender=Gender.MALE),
        "gulnara": create_user(full_name="Gulnara G", country="TJ", gender=Gender.FEMALE),
        "farida": create_user(full_name="Farida F", country="KZ"),
    }
    enrol(db, almaty, people["aida"], people["bek"], people["dana"])
    enrol(db, bishkek, people["bek"], people["chris"], people["erlan"])
    enrol(db, dushanbe, people["gulnara"])
    complete(db, people["aida"], alpha)
    complete(db, people["bek"], alpha, gamma)
    complete(db, people["chris"], alpha)
    complete(db, people["dana"], beta)
    complete(db, people["farida"], alpha)
    ids = {"almaty": almaty.id, "bishkek": bishkek.id, "dushanbe": dushanbe.id}
    return ids | {"people": {name: user.id for name, user in people.items()}}


pytestmark = pytest.mark.module_data(build=build_groups)


@pytest.fixture()
def groups(db, module_data) -> Groups:
    """The data of `build_groups`, read in the test's session."""
    people = module_data["people"]
    users = {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(people.values())))}
    return Groups(
        *(db.session.get(Cohort, module_data[name]) for name in ("almaty", "bishkek", "dushanbe")),
        people={name: users[user_id] for name, user_id in people.items()},
    )


def export_rows(client, **arguments: object) -> list[dict[str, str]]:
    """The CSV export's rows by column title: the page's titles and values."""
    titles, *rows = csv_table(client.get("/reports/completion.csv", query_string=arguments))
    return [dict(zip(titles, row, strict=True)) for row in rows]


def figures(rows: list[dict[str, str]]) -> list[tuple[str, ...]]:
    return [tuple(row.values()) for row in rows]


def screen_rows(page: str) -> list[list[str]]:
    """The body rows of the page's table, as the reader sees them."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_admin_gets_exact_figures_per_country(client, login_as, groups):
    login_as(Role.ADMIN)

    rows = export_rows(client)

    assert list(rows[0]) == [
        "Country",
        "Trainees enrolled",
        "Module assignments",
        "Completed assignments",
        "Completion rate %",
        "Trainees who completed all required modules",
    ]
    codes = code_rows(client.get("/reports/completion.xlsx"))
    assert list(codes[0]) == [
        "country",
        "trainees",
        "assignments",
        "completed",
        "completion_rate",
        "completed_all_required",
    ]
    assert tuple(codes[0].values()) == ("KZ", "3", "6", "3", "50", "1")
    # Bek's alpha counts once although both his cohorts assign it; Gulnara's cohort assigns nothing (no rate)
    assert figures(rows) == [
        ("Kazakhstan", "3", "6", "3", "50.0", "1"),
        ("Kyrgyzstan", "2", "5", "2", "40.0", "1"),
        ("Tajikistan", "1", "0", "0", "", "0"),
    ]


def test_figures_per_stakeholder_group_and_per_gender(client, login_as, groups):
    login_as(Role.TRAINER)

    assert figures(export_rows(client, by="stakeholder_group")) == [
        ("National security committee", "1", "3", "2", "66.7", "1"),
        ("Civil society or religious organisation", "4", "6", "2", "33.3", "1"),
        ("Expert or think tank", "1", "2", "1", "50.0", "0"),
    ]
    assert figures(export_rows(client, by="gender")) == [
        ("Woman", "3", "4", "2", "50.0", "1"),
        ("Man", "2", "5", "2", "40.0", "1"),
        ("Prefer not to say", "1", "2", "1", "50.0", "0"),
    ]


def test_an_unknown_grouping_falls_back_to_country(client, login_as, groups):
    login_as(Role.ADMIN)

    assert "Country" in export_rows(client, by="organisation")[0]


def test_choosing_a_cohort_counts_only_its_trainees_and_modules(client, login_as, groups):
    login_as(Role.ADMIN)

    rows = export_rows(client, cohort=groups.almaty.id)

    # Bek in Almaty: alpha and beta only; gamma is Bishkek's
    assert figures(rows) == [
        ("Kazakhstan", "2", "4", "2", "50.0", "1"),
        ("Kyrgyzstan", "1", "2", "1", "50.0", "1"),
    ]


def test_filters_and_cohort_apply_to_page_and_export_alike(client, login_as, groups):
    login_as(Role.ADMIN)
    arguments = {"by": "gender", "cohort": groups.bishkek.id, "country": "KZ", "stakeholder_group": "expert"}

    page = client.get("/reports/completion", query_string=arguments).get_data(as_text=True)
    rows = export_rows(client, **arguments)

    assert figures(rows) == [("Prefer not to say", "1", "2", "1", "50.0", "0")]
    assert screen_rows(page) == [list(row) for row in figures(rows)]
    assert (
        f"completion.csv?by=gender&amp;cohort={groups.bishkek.id}&amp;country=KZ&amp;stakeholder_group=expert" in page
    )
    assert f'<option value="{groups.bishkek.id}" selected>Bishkek workshop</option>' in page


@pytest.mark.parametrize("by", ["country", "stakeholder_group", "gender"])
def test_export_rows_are_the_rows_on_screen(client, login_as, groups, by):
    login_as(Role.ADMIN)

    page = client.get("/reports/completion", query_string={"by": by}).get_data(as_text=True)

    assert screen_rows(page) == [list(row) for row in figures(export_rows(client, by=by))]


def test_xlsx_keeps_counts_and_rates_as_numbers(client, login_as, groups):
    login_as(Role.ADMIN)

    response = client.get("/reports/completion.xlsx")

    assert response.headers["Content-Disposition"].startswith('attachment; filename="completion-by-country-')
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert list(sheet.iter_rows(values_only=True))[1:] == [
        ("Kazakhstan", 3, 6, 3, 50, 1),
        ("Kyrgyzstan", 2, 5, 2, 40, 1),
        ("Tajikistan", 1, 0, 0, None, 0),
    ]
    assert {cell.data_type for row in sheet.iter_rows(min_row=2, max_row=3, min_col=2) for cell in row} == {"n"}
    by_group = load_workbook(io.BytesIO(client.get("/reports/completion.xlsx?by=stakeholder_group").data)).active
    assert by_group["E2"].value == 66.7 and by_group["E2"].data_type == "n"


def test_observer_sees_small_groups_as_suppressed_and_no_names(client, login_as, groups):
    login_as(Role.OBSERVER)

    page = client.get("/reports/completion").get_data(as_text=True)
    rows = export_rows(client)

    assert {value for row in rows for key, value in row.items() if key != "Country"} == {"fewer than 5 (hidden)"}
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'class="bar"' not in chart and "&lt;5" in chart
    for person in groups.people.values():
        assert person.full_name not in page and person.email not in page


def test_observer_sees_counts_under_five_suppressed_and_no_rate_that_would_give_them_back(
    client, db, create_user, login_as, groups
):
    enrol(db, groups.almaty, *(create_user(full_name=f"Extra {n}", country="KZ") for n in range(3)))
    login_as(Role.OBSERVER)

    kazakhstan = export_rows(client)[0]

    # 6 trainees, 12 assignments, 3 completed, 1 done with all required: 25 % of 12 would give the 3 back
    hidden = "fewer than 5 (hidden)"
    assert tuple(kazakhstan.values()) == ("Kazakhstan", "6", "12", hidden, hidden, hidden)


def test_coordinator_reports_only_on_their_cohorts(client, db, login_as, groups):
    coordinate(db, groups.almaty, login_as(Role.COORDINATOR))

    assert figures(export_rows(client)) == figures(export_rows(client, cohort=groups.almaty.id))
    page = client.get("/reports/completion").get_data(as_text=True)
    assert "Almaty workshop" in page and "Bishkek workshop" not in page and "Dushanbe workshop" not in page


def test_coordinator_cannot_choose_another_cohort(client, db, login_as, groups):
    coordinate(db, groups.almaty, login_as(Role.COORDINATOR))

    for url in ("/reports/completion", "/reports/completion.csv", "/reports/completion.xlsx"):
        assert client.get(url, query_string={"cohort": groups.bishkek.id}).status_code == 404
        assert client.get(url, query_string={"cohort": 9999}).status_code == 404


def test_trainer_may_choose_any_cohort_and_sees_no_names(client, login_as, groups):
    login_as(Role.TRAINER)

    page = client.get("/reports/completion", query_string={"cohort": groups.bishkek.id}).get_data(as_text=True)

    assert "Bishkek workshop" in page
    assert all(person.full_name not in page for person in groups.people.values())


def test_views_and_exports_are_audited_with_grouping_cohort_and_filters(client, db, login_as, groups):
    user = login_as(Role.ADMIN)
    client.get("/reports/completion", query_string={"by": "gender", "cohort": groups.almaty.id, "country": "KZ"})
    client.get("/reports/completion.xlsx", query_string={"by": "stakeholder_group"})

    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(event.user_id, event.action, event.target) for event in events] == [
        (user.id, "report.view", "completion_by_group"),
        (user.id, "report.export", "completion_by_group"),
    ]
    assert events[0].details == {"filters": {"country": "KZ"}, "by": "gender", "cohort": groups.almaty.id}
    assert events[1].details == {"filters": {}, "by": "stakeholder_group", "format": "xlsx", "rows": 3}


def test_unknown_format_is_404_and_trainee_gets_403(client, login_as, groups):
    login_as(Role.ADMIN)
    assert client.get("/reports/completion.pdf").status_code == 404
    client.post("/sign-out")
    login_as(Role.TRAINEE)
    assert client.get("/reports/completion").status_code == 403
    assert client.get("/reports/completion.csv").status_code == 403


def test_chart_is_an_accessible_svg_beside_the_table(client, login_as, groups):
    login_as(Role.ADMIN)

    page = client.get("/reports/completion").get_data(as_text=True)

    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in chart and 'aria-labelledby="completion-chart-title"' in chart
    assert '<title id="completion-chart-title">Completion rate by country (%)</title>' in chart
    assert '<desc id="completion-chart-desc">' in chart
    assert [label in chart for label in ("Kazakhstan", "50 %", "Kyrgyzstan", "40 %", "Tajikistan")] == [True] * 5
    assert chart.count('class="bar"') == 2  # Tajikistan has no rate: written (empty), not drawn
    assert page.index("</svg>") < page.index("<table>")
    assert "<script" not in page and "http://" not in chart.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_hostile_cohort_name_is_escaped_in_the_chart_and_the_choice(client, db, login_as, groups):
    groups.almaty.name = HOSTILE
    db.session.commit()
    login_as(Role.ADMIN)

    page = client.get("/reports/completion", query_string={"cohort": groups.almaty.id}).get_data(as_text=True)

    assert "<script" not in page
    assert "Completion rate by country (%) · &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</option>" in page


def test_page_in_russian(client, login_as, groups):
    login_as(Role.ADMIN, preferred_language="ru")

    page = client.get("/reports/completion", headers={"Accept-Language": "ru"}).get_data(as_text=True)

    assert '<html lang="ru">' in page and "Казахстан" in page


def test_reports_page_links_the_completion_report(client, login_as):
    login_as(Role.OBSERVER)

    assert "/reports/completion" in client.get("/reports/").get_data(as_text=True)


# ---- scale: a fixed number of statements, however many trainees ----


def bulk_cohort(db, name: str, trainees: int, modules: list[Module], coordinator: User) -> Cohort:
    """A cohort of `trainees` across three countries; every other trainee completed the first module."""
    cohort = new_cohort(db, name, [(module, True) for module in modules])
    coordinate(db, cohort, coordinator)
    emails = [f"{name}-{n}@example.org" for n in range(trainees)]
    countries = ("KZ", "KG", "UZ")
    db.session.execute(
        sa.insert(User), [{"email": e, "full_name": e, "country": countries[n % 3]} for n, e in enumerate(emails)]
    )
    user_ids = db.session.scalars(sa.select(User.id).where(User.email.in_(emails)).order_by(User.id)).all()
    db.session.execute(sa.insert(Enrolment), [{"cohort_id": cohort.id, "user_id": user_id} for user_id in user_ids])
    first = modules[0]
    db.session.execute(
        sa.insert(Completion),
        [
            {"user_id": user_id, "module_id": first.id, "version_id": first.current_version_id, "completed_at": DONE_AT}
            for user_id in user_ids[::2]
        ],
    )
    db.session.commit()
    return cohort


def statements(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    return counter.count


URLS = (
    "/reports/completion",
    "/reports/completion?by=gender&country=KZ",
    "/reports/completion.csv?by=stakeholder_group",
    "/reports/completion.xlsx",
)


def test_statements_are_the_same_for_10_and_1000_trainees(client, db, publish, login_as, count_queries):
    coordinator = login_as(Role.COORDINATOR)
    modules = [publish("alpha"), publish("beta", order=2)]
    small = bulk_cohort(db, "small", 10, modules, coordinator)
    large = bulk_cohort(db, "large", 1000, modules, coordinator)

    counts = {
        size: [
            statements(client, count_queries, f"{url}{'&' if '?' in url else '?'}cohort={cohort.id}") for url in URLS
        ]
        for size, cohort in (("10", small), ("1000", large))
    }

    # page and exports alike: user, cohort choices, the one grouped completion statement, audit row, and the user
    # read again after the commit (for the page's header, or the security headers of a signed-in download)
    assert counts["10"] == counts["1000"] == [5, 5, 5, 5], counts
    rows = export_rows(client, cohort=large.id)
    assert [tuple(row.values())[:4] for row in rows] == [
        ("Kazakhstan", "334", "668", "167"),
        ("Kyrgyzstan", "333", "666", "166"),
        ("Uzbekistan", "333", "666", "167"),
    ]
