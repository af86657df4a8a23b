"""Email through the job queue: the request only queues the message; the job sends it and raises to be retried."""

from __future__ import annotations

import logging
import smtplib

import pytest

from learnapp import mail
from learnapp.mail import deliver_message, send_message
from tests.support.mail import MAIL, RecordingSMTP, outbox

__all__ = ["outbox"]


@pytest.fixture()
def queued(monkeypatch):
    """A fake queue: records each job handed over, runs none."""
    jobs = []
    monkeypatch.setattr(mail, "enqueue_if_queued", lambda func, *args: jobs.append((func, args)) or True)
    return jobs


@pytest.mark.app_config(**MAIL)
def test_with_a_queue_asking_for_a_reset_link_only_queues_the_message(client, create_user, outbox, queued):
    create_user(email="aida@example.org")
    known = client.post("/forgot-password", data={"email": "aida@example.org"})
    unknown = client.post("/forgot-password", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert outbox == []  # the request did not talk to the mail server
    [(job, args)] = queued
    assert job is deliver_message and args[0] == "aida@example.org"
    job(*args)
    assert [message["To"] for message in outbox] == ["aida@example.org"]
    assert "/reset-password/" in outbox[0].get_content()


@pytest.mark.app_config(**MAIL)
def test_a_refused_message_makes_the_job_fail_so_that_the_queue_tries_again(app, outbox):
    RecordingSMTP.refuse = True
    with app.app_context(), pytest.raises(smtplib.SMTPException):
        deliver_message("aida@example.org", "Subject", "Body")


@pytest.mark.app_config(**MAIL)
def test_without_a_queue_a_refused_message_is_logged_and_reported_not_raised(app, outbox, caplog):
    RecordingSMTP.refuse = True
    with app.app_context(), caplog.at_level(logging.ERROR):
        assert send_message("aida@example.org", "Subject", "Body") is False
    assert "aida@example.org" not in caplog.text


@pytest.mark.app_config(**MAIL)
def test_without_a_queue_the_message_is_sent_at_once(app, outbox):
    with app.app_context():
        assert send_message("aida@example.org", "Subject", "Body") is True
    assert [message["Subject"] for message in outbox] == ["Subject"]
