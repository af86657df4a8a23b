"""Download my data and erasure: complete exports, erasure that keeps every report's figures, nothing personal left."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import (
    AuditEvent,
    Certificate,
    CertificatePdf,
    CohortCertificate,
    Completion,
    PasswordReset,
    User,
)
from learnapp.privacy.erasure import anonymous_email
from learnapp.privacy.register import REGISTER, Erasure, Export, exported_columns
from tests.conftest import sign_in
from tests.support.privacy import EMAIL, NAME, ORGANISATION, REFLECTION, SHORT_ANSWER, SURVEY_TEXT, build_world


@pytest.fixture()
def world(client, create_user, tmp_path):
    return build_world(client, create_user, tmp_path / "modules")


def download(client, email=EMAIL):
    assert sign_in(client, email).status_code == 302
    response = client.get("/account/my-data.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


# Tables only staff have rows in: checked in the coordinator's export.
STAFF_TABLES = {"cohort_coordinators"}


def test_the_export_holds_every_registered_personal_column_the_trainee_has_data_in(client, world):
    archive = download(client)
    tables = json.loads(archive.read("data.json"))["tables"]
    client.post("/sign-out")
    staff_tables = json.loads(download(client, world.coordinator.email).read("data.json"))["tables"]

    for table, columns in REGISTER.items():
        if table in STAFF_TABLES:
            tables[table] = staff_tables[table]
        for column, datum in columns.items():
            if datum.export is not Export.INCLUDED:
                assert all(column not in row for row in tables[table]), f"{table}.{column} is left out"
                continue
            assert tables[table], f"the trainee has no {table} rows"
            assert all(column in row for row in tables[table]), f"{table}.{column} missing"
    text = archive.read("data.json").decode()
    for value in (NAME, EMAIL, ORGANISATION, REFLECTION, SHORT_ANSWER, SURVEY_TEXT):
        assert value in text


def test_the_export_has_one_readable_csv_per_table_with_the_same_rows(client, world):
    archive = download(client)
    tables = json.loads(archive.read("data.json"))["tables"]

    for table in REGISTER:
        rows = list(csv.reader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8-sig"))))
        assert rows[0] == exported_columns(table)
        assert len(rows) - 1 == len(tables[table])
    reflections = list(csv.DictReader(io.StringIO(archive.read("reflections.csv").decode("utf-8-sig"))))
    assert reflections[0]["text"] == REFLECTION


def test_the_export_holds_nobody_elses_data_and_is_audited(client, db, world):
    archive = download(client)
    text = archive.read("data.json").decode()

    assert world.other.email not in text and "Another Org" not in text
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "privacy.export")).all()
    assert {event.target for event in events} == {f"user:{world.trainee.id}"}
    assert all(EMAIL not in json.dumps(event.details) and EMAIL not in event.target for event in events)


def test_the_account_page_links_to_the_download_and_the_notice(client, world, login_as):
    login_as(Role.TRAINEE)

    page = client.get("/account").get_data(as_text=True)

    assert 'href="/account/my-data.zip"' in page and 'href="/privacy"' in page


def test_the_command_line_writes_the_same_archive(runner, db, world, tmp_path):
    result = runner.invoke(args=["privacy", "export", "--email", EMAIL, str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    [written] = (tmp_path / "out").glob("*.zip")
    assert EMAIL not in written.name
    assert REFLECTION in zipfile.ZipFile(written).read("data.json").decode()
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.user_id.is_(None))) == 1


def _is_identity_column(title: str) -> bool:
    """A name, email or organisation column, alone ("Name") or under the screen's heading ("Trainee: name")."""
    return title.rsplit(": ", 1)[-1].lower() in {"name", "email", "organisation"}


def report_exports(client, world) -> dict[str, list[list[str]]]:
    """Every report's CSV export as an administrator sees it, with the name, email and organisation columns dropped."""
    urls = [
        f"/reports/cohorts/{world.cohort.id}/matrix.csv",
        "/reports/modules.csv",
        "/reports/knowledge-gain.csv?by=cohort",
        "/reports/knowledge-gain.csv?by=gender",
        "/reports/completion.csv?by=country",
        "/reports/completion.csv?by=gender",
        "/reports/completion.csv?by=stakeholder_group",
        "/reports/modules/alpha/items.csv",
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        identity = [index for index, title in enumerate(rows[0]) if _is_identity_column(title)]
        kept = [[cell for index, cell in enumerate(row) if index not in identity] for row in rows]
        found[url] = [kept[0], *sorted(kept[1:])]  # the matrix is ordered by name, which erasure changes
    return found


def erase(client, login_as, user):
    login_as(Role.ADMIN)
    assert client.get(f"/admin/users/{user.id}/erase").status_code == 200
    return client.post(f"/admin/users/{user.id}/erase", data={"email": user.email})


def test_erasure_leaves_every_reports_figures_identical(client, db, login_as, world):
    login_as(Role.ADMIN)
    before = report_exports(client, world)
    assert NAME in client.get(f"/reports/cohorts/{world.cohort.id}/matrix.csv").get_data(as_text=True)

    assert erase(client, login_as, world.trainee).status_code == 302

    after = report_exports(client, world)
    assert after == before
    assert NAME not in client.get(f"/reports/cohorts/{world.cohort.id}/matrix.csv").get_data(as_text=True)


def dump_database(db) -> str:
    """Every row of every table as text, as a database dump would hold it."""
    lines = []
    for table in db.Model.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            lines.append(f"{table.name}: " + " | ".join(str(value) for value in row))
    return "\n".join(lines)


def test_after_erasure_the_database_holds_nothing_personal_of_the_person(client, db, login_as, world):
    dump = dump_database(db)
    for value in (NAME, EMAIL, ORGANISATION, REFLECTION, SURVEY_TEXT):
        assert value in dump  # the search finds them before

    erase(client, login_as, world.trainee)
    db.session.expire_all()

    dump = dump_database(db)
    for value in (NAME, EMAIL, ORGANISATION, REFLECTION, SURVEY_TEXT, "Privatebekova", "zarina"):
        assert value not in dump, value
    assert f'"{SHORT_ANSWER}"' not in dump  # the typed answer; its grade is kept
    assert world.other.email in dump and "Another Org" in dump


def test_each_registered_erasure_is_carried_out(client, db, login_as, world):
    erase(client, login_as, world.trainee)
    db.session.expire_all()
    user = db.session.get(User, world.trainee.id)

    assert user.email == anonymous_email(user.id) and user.organisation == "" and NAME not in user.full_name
    assert user.password_hash is None and not user.is_active and user.erased_at is not None
    assert user.time_zone is None
    assert not db.session.scalars(sa.select(PasswordReset).where(PasswordReset.user_id == user.id)).all()
    assert REGISTER["users"]["gender"].erasure is Erasure.KEPT and user.gender == "female"
    assert db.session.scalar(sa.select(Completion.score).where(Completion.user_id == user.id)) == 100
    for model in (Certificate, CohortCertificate):
        rows = db.session.scalars(sa.select(model)).all()
        assert rows and all(row.full_name == "" and row.withdrawn_at is not None for row in rows)


def test_erasure_deletes_the_kept_pdfs_of_the_persons_certificates(client, db, login_as, world):
    code = db.session.scalar(sa.select(Certificate.code))
    assert sign_in(client, EMAIL).status_code == 302
    assert client.get(f"/certificates/{code}.pdf").status_code == 200  # served as kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CertificatePdf)) == 1
    client.post("/sign-out")

    erase(client, login_as, world.trainee)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(CertificatePdf)) == 0


def test_an_erased_person_cannot_sign_in_and_their_certificate_shows_withdrawn(client, db, login_as, world):
    code = db.session.scalar(sa.select(Certificate.code))
    assert NAME in client.get(f"/verify/{code}").get_data(as_text=True)

    erase(client, login_as, world.trainee)
    client.post("/sign-out")

    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "This certificate has been withdrawn" in page and NAME not in page and "genuine" not in page
    assert sign_in(client, EMAIL).status_code == 200


def test_erasure_is_audited_without_the_erased_data_and_is_idempotent(client, db, login_as, world):
    admin = login_as(Role.ADMIN)
    client.post(f"/admin/users/{world.trainee.id}/erase", data={"email": EMAIL})

    again = client.post(f"/admin/users/{world.trainee.id}/erase", data={"email": EMAIL}, follow_redirects=True)

    assert "already been erased" in again.get_data(as_text=True)
    [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "privacy.erase")).all()
    assert (event.user_id, event.target) == (admin.id, f"user:{world.trainee.id}")
    assert EMAIL not in json.dumps(event.details) and NAME not in json.dumps(event.details)


def test_a_wrong_confirmation_erases_nothing(client, db, login_as, world):
    login_as(Role.ADMIN)
    response = client.post(f"/admin/users/{world.trainee.id}/erase", data={"email": "someone@example.org"})

    assert response.status_code == 400
    assert "This is not the email of the account being erased" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.trainee.id).erased_at is None


def test_erasure_is_all_or_nothing(client, db, login_as, world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("learnapp.privacy.erasure.logger.info", fail)  # the very last step fails
    login_as(Role.ADMIN)
    with pytest.raises(RuntimeError, match="disk"):
        client.post(f"/admin/users/{world.trainee.id}/erase", data={"email": EMAIL})
    db.session.rollback()

    assert db.session.get(User, world.trainee.id).email == EMAIL
    assert REFLECTION in dump_database(db)


def test_the_command_line_erases_and_a_second_run_finds_nobody(runner, db, world):
    first = runner.invoke(args=["privacy", "erase", "--email", EMAIL, "--yes"])
    second = runner.invoke(args=["privacy", "erase", "--email", EMAIL, "--yes"])

    assert first.exit_code == 0, first.output
    assert f"Erased account {world.trainee.id}." in first.output
    assert second.exit_code == 1 and "no account has the email" in second.output
    assert EMAIL not in dump_database(db)


def test_the_download_runs_the_same_number_of_statements_for_a_newcomer_and_a_full_history(
    client, login_as, world, count_queries
):
    assert sign_in(client, EMAIL).status_code == 302
    with count_queries() as full:
        assert client.get("/account/my-data.zip").status_code == 200
    client.post("/sign-out")
    login_as(Role.TRAINEE)
    with count_queries() as newcomer:
        assert client.get("/account/my-data.zip").status_code == 200

    assert full.count == newcomer.count <= len(REGISTER) + 4


def test_an_erased_account_cannot_be_made_active_again_through_the_edit_form(client, db, login_as, world):
    erase(client, login_as, world.trainee)
    user = db.session.get(User, world.trainee.id)
    form = {"email": user.email, "full_name": user.full_name, "role": "trainee", "is_active": "y"}
    form |= {"country": "KG", "organisation": "", "stakeholder_group": "interior", "gender": ""}
    form |= {"preferred_language": "ru"}

    response = client.post(f"/admin/users/{user.id}", data=form)

    assert response.status_code == 400
    assert "cannot be made active again" in response.get_data(as_text=True).replace("&#39;", "'")
    db.session.refresh(user)
    assert user.is_active is False
