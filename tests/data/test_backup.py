"""`flask backup create` and `flask backup restore`: a round trip into an empty database keeps every row."""

from __future__ import annotations

import tarfile

import pytest
import sqlalchemy as sa

from config import TestConfig
from learnapp import create_app
from learnapp.certificates.queries import normalise_code
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Certificate, Completion, ModuleVersion
from tests.conftest import postgres_server_url
from tests.support.bulk import bulk_catalogue
from tests.support.postgres import postgres_database
from tests.support.users import user_factory


def seed(count: int) -> list[str]:
    """`count` trainees, each with a completed module and its certificate; returns the certificate codes."""
    [module_id] = bulk_catalogue(1)
    version_id = db.session.scalar(sa.select(ModuleVersion.id).filter_by(module_id=module_id))
    make_user = user_factory()
    codes = []
    for n in range(count):
        user = make_user(Role.TRAINEE, full_name=f"Trainee Number {n:03d}")
        completion = Completion(user_id=user.id, module_id=module_id, version_id=version_id, score=90.0)
        db.session.add(completion)
        db.session.flush()
        code = normalise_code(f"KQ7H-{n:04d}-XW3P")
        db.session.add(
            Certificate(
                code=code, completion_id=completion.id, full_name=user.full_name, module_titles={"en": "Orientation"}
            )
        )
        codes.append(code)
    db.session.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    db.session.execute(sa.text("INSERT INTO alembic_version VALUES ('b7e2c4d91a10')"))
    db.session.commit()
    return codes


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def two_databases(request, tmp_path):
    """A source database and an empty one to restore into, on the same backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'restored.db'}"
        return
    server = postgres_server_url()
    with postgres_database(server) as source, postgres_database(server) as target:
        yield source, target


def test_a_backup_restores_into_an_empty_database_with_every_count_and_certificate(two_databases, tmp_path):
    source_url, target_url = two_databases
    media = tmp_path / "media"
    (media / "certificates").mkdir(parents=True)
    (media / "certificates" / "TEST-0001-CODE.pdf").write_bytes(b"%PDF-1.7 test")
    source = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=source_url, MEDIA_DIR=media)
    with source.app_context():
        db.create_all()
        codes = seed(3)
        result = source.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "backups")])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    [backup] = (tmp_path / "backups").glob("learnapp-*.tar")
    with tarfile.open(backup) as archive:
        assert "media/certificates/TEST-0001-CODE.pdf" in archive.getnames()

    restored_media = tmp_path / "restored-media"
    target = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=target_url, MEDIA_DIR=restored_media)
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
        assert result.exit_code == 0, result.output
        assert "every count as recorded (users 3, certificates 3); 1 media file(s)" in result.output
        page = target.test_client().get(f"/verify/{codes[1]}")
        assert page.status_code == 200
        assert "Trainee Number 001" in page.text
        assert target.test_client().get("/verify/NOT-A-CODE").status_code == 404
        assert db.session.scalars(sa.text("SELECT version_num FROM alembic_version")).all() == ["b7e2c4d91a10"]
        db.session.remove()
        db.engine.dispose()
    assert (restored_media / "certificates" / "TEST-0001-CODE.pdf").read_bytes() == b"%PDF-1.7 test"


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, MEDIA_DIR=tmp_path / "media")
    with app.app_context():
        db.create_all()
        seed(1)
        runner = app.test_cli_runner()
        backup = runner.invoke(args=["backup", "create", str(tmp_path)])
        assert backup.exit_code == 0, backup.output
        [path] = tmp_path.glob("learnapp-*.tar")
        result = runner.invoke(args=["backup", "restore", str(path)])
        db.session.remove()
        db.engine.dispose()
    assert result.exit_code != 0
    assert "is not empty" in result.output
    assert "restore into a new, empty database" in result.output


def test_a_file_that_is_not_a_backup_is_refused_with_its_name(tmp_path):
    stray = tmp_path / "notes.tar"
    stray.write_text("not a tar file")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", "restore", str(stray)])
        db.engine.dispose()
    assert result.exit_code != 0
    assert f"{stray}: not a backup made by `flask backup create`" in result.output
