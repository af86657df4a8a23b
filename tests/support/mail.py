"""A mail server that records what the app sends, for the tests of resets, invitations and the mail jobs."""

from __future__ import annotations

import smtplib

import pytest

MAIL = {"MAIL_SERVER": "smtp.example.org", "MAIL_SENDER": "PVE Learning <no-reply@example.org>"}


class RecordingSMTP:
    """Stands in for smtplib.SMTP: records the messages, or refuses them all when `refuse` is set."""

    sent: list = []
    refuse = False

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, message):
        if RecordingSMTP.refuse:
            raise smtplib.SMTPServerDisconnected("gone")
        RecordingSMTP.sent.append(message)


@pytest.fixture()
def outbox(monkeypatch):
    """The messages sent during the test (app config needs `MAIL` for the app to send any)."""
    RecordingSMTP.sent, RecordingSMTP.refuse = [], False
    monkeypatch.setattr("learnapp.mail.smtplib.SMTP", RecordingSMTP)
    return RecordingSMTP.sent
