"""Certificate PDFs prepared by a job once the certificate is issued: queued after the commit, stored by the job,
then served by the download without rendering (learnapp/certificates/preparation.py)."""

from __future__ import annotations

import logging
from datetime import date

import pytest
import sqlalchemy as sa

from learnapp.certificates import pdf, preparation
from learnapp.certificates.preparation import store_certificate_pdf
from learnapp.domain.profiles import Role
from learnapp.models import Certificate, CertificatePdf, Cohort, CohortModule, Enrolment, LessonRead, Module
from learnapp.progress.operations import update_completion
from tests.support.redis_server import free_port

QUEUE_URL = "redis://127.0.0.1:6379/15"  # never contacted: the tests replace the queue


@pytest.fixture()
def queued(monkeypatch):
    """A fake queue: records each job the app hands over, as (function, args), and runs none."""
    jobs = []

    def record(func, *args):
        jobs.append((func, args))
        return True

    monkeypatch.setattr(preparation, "enqueue_if_queued", record)
    return jobs


@pytest.fixture()
def trainee(login_as, publish):
    """A trainee, signed in, who has yet to read the only lesson of module alpha."""
    publish("alpha", completion="lessons", with_quiz=False, lessons=1)
    return login_as(Role.TRAINEE, full_name="Aigerim Example")


@pytest.fixture()
def completed(client, trainee):
    """Call to have the trainee read the lesson, which completes alpha and issues its certificate."""

    def complete():
        assert client.post("/modules/alpha/lessons/01-intro/read").status_code == 302
        return trainee

    return complete


def stored_pdfs(db):
    return db.session.scalars(sa.select(CertificatePdf.data)).all()


def the_certificate(db):
    return db.session.scalar(sa.select(Certificate))


def test_issuing_a_certificate_queues_its_pdf_once_committed(db, completed, queued):
    completed()
    certificate = the_certificate(db)
    assert queued == [(store_certificate_pdf, (certificate.id, False, "http://localhost/"))]


def issue_outside_a_request(db, publish, user):
    """Complete module alpha for `user` as a command would (no request); flush only."""
    module = publish("alpha", completion="lessons", with_quiz=False, lessons=1)
    version = module.current_version
    db.session.add(LessonRead(user_id=user.id, module_id=module.id, lesson_slug="01-intro", version_id=version.id))
    assert update_completion(user, module, version) is not None


def test_a_rolled_back_certificate_queues_nothing(db, publish, create_user, queued):
    issue_outside_a_request(db, publish, create_user(Role.TRAINEE))
    assert the_certificate(db) is not None  # flushed...
    db.session.rollback()  # ...but never committed
    db.session.commit()
    assert queued == []


def test_without_an_address_a_command_queues_nothing(db, publish, create_user, queued):
    issue_outside_a_request(db, publish, create_user(Role.TRAINEE))
    db.session.commit()
    assert queued == []


def test_a_certificate_issued_by_a_command_uses_the_public_address(app, db, publish, create_user, queued, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learn.example.org")
    issue_outside_a_request(db, publish, create_user(Role.TRAINEE))
    db.session.commit()
    assert [args[2] for _, args in queued] == ["https://learn.example.org/"]


def test_a_cohort_certificate_is_queued_too(db, trainee, completed, queued):
    cohort = Cohort(name="Dushanbe workshop", working_language="ru", place="Dushanbe", starts_on=date(2026, 3, 2))
    db.session.add(cohort)
    db.session.flush()
    module_id = db.session.scalar(sa.select(Module.id).filter_by(slug="alpha"))
    db.session.add_all(
        [
            CohortModule(cohort_id=cohort.id, module_id=module_id, is_required=True),
            Enrolment(cohort_id=cohort.id, user_id=trainee.id),
        ]
    )
    db.session.commit()
    completed()
    assert sorted(args[1] for _, args in queued) == [False, True]
    cohort_job = next(args for _, args in queued if args[1])
    store_certificate_pdf(*cohort_job)
    stored = db.session.scalars(sa.select(CertificatePdf.cohort_certificate_id)).all()
    assert stored == [cohort_job[0]]


def test_the_job_stores_the_pdf_and_the_download_then_renders_nothing(client, db, completed, queued, monkeypatch):
    completed()
    [(job, args)] = queued
    job(*args)
    [stored] = stored_pdfs(db)
    assert stored.startswith(b"%PDF-")

    def refuse(*args, **kwargs):
        raise AssertionError("the download rendered the PDF again")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    code = the_certificate(db).code
    response = client.get(f"/certificates/{code}.pdf")
    assert response.status_code == 200
    assert response.data == stored


def test_running_the_job_twice_is_harmless(db, completed, queued, monkeypatch):
    completed()
    [(job, args)] = queued
    renders = []
    original = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: renders.append(1) or original(*a, **k))
    job(*args)
    job(*args)
    assert len(stored_pdfs(db)) == 1
    assert len(renders) == 1


def test_the_job_of_a_withdrawn_certificate_stores_nothing(db, completed, queued):
    completed()
    [(job, args)] = queued
    db.session.execute(sa.delete(Certificate))
    db.session.commit()
    job(*args)
    assert stored_pdfs(db) == []


def test_the_pdf_is_titled_in_the_holders_language(client, db, completed, queued):
    from tests.web.test_certificates import pdf_string_forms, pdf_strings

    user = completed()
    user.preferred_language = "ru"
    db.session.commit()
    [(job, args)] = queued
    job(*args)
    [stored] = stored_pdfs(db)
    assert any(form in pdf_strings(stored) for form in pdf_string_forms("Сертификат о прохождении: Aigerim Example"))


def test_with_a_queue_the_page_says_the_pdf_is_being_prepared_until_the_job_ran(
    app, client, db, completed, queued, monkeypatch
):
    completed()
    code = the_certificate(db).code
    assert "being prepared" not in client.get(f"/certificates/{code}").text  # no queue: the download renders it
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", QUEUE_URL)
    assert "The PDF file is being prepared" in client.get(f"/certificates/{code}").text
    [(job, args)] = queued
    job(*args)
    assert "being prepared" not in client.get(f"/certificates/{code}").text


def test_the_download_does_not_wait_for_the_job(app, client, db, completed, queued, monkeypatch):
    completed()
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", QUEUE_URL)
    response = client.get(f"/certificates/{the_certificate(db).code}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert stored_pdfs(db) == [response.data]


def test_with_redis_down_nothing_is_queued_and_nothing_renders_in_the_request(
    app, client, db, completed, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: pytest.fail("rendered while issuing"))
    completed()
    assert the_certificate(db) is not None
    assert stored_pdfs(db) == []
    assert any(
        r.levelno == logging.WARNING and "store_certificate_pdf not queued" in r.getMessage() for r in caplog.records
    )


def test_the_job_worker_warms_up_weasyprint_on_the_certificate_stylesheet_alone(app, monkeypatch, caplog):
    fetched = []
    original = pdf.StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", spy)
    with caplog.at_level(logging.INFO, logger="learnapp.certificates.pdf"):
        pdf.warm_up()
    assert fetched == ["http://localhost/static/css/certificate.css"]
    assert "WeasyPrint warmed up" in caplog.text
