"""Sending email: one function, which hands each message to the job queue when there is one (retried there).

The standard library's SMTP client rather than Flask-Mailman: the app sends two kinds of plain-text message (a
password reset link, an invitation link), which needs no templates, attachments or backends, and one dependency
fewer is one less thing to patch. Mail is configured when ``MAIL_SERVER`` and ``MAIL_SENDER`` are set
(``LEARNAPP_MAIL_*``); without them nothing is sent and the pages say whom to ask instead.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from learnapp.jobs import enqueue_if_queued

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


def is_configured() -> bool:
    """Whether the app can send email."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER") and config.get("MAIL_SENDER"))


def send_message(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message: handed to the job queue when there is one (retried there), else sent now.

    False (logged, never raised) when mail is not configured or, sending now, the server fails. With a queue the
    request never waits for the mail server, so asking for a reset link takes as long whether or not the account
    exists; a message the server refuses is tried again after 10 s, 1 min and 5 min (`jobs.RETRY_INTERVALS_SECONDS`).
    """
    if not is_configured():
        return False
    if enqueue_if_queued(deliver_message, to, subject, body):
        return True
    try:
        deliver_message(to, subject, body)
    except (OSError, smtplib.SMTPException):
        logger.exception("Mail: sending failed")  # never the address or the body: they identify a person
        return False
    return True


def deliver_message(to: str, subject: str, body: str) -> None:
    """The job: hand the message to the mail server; raises when it fails, so that the queue tries again."""
    config = current_app.config
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_SENDER"], to, subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 587), timeout=TIMEOUT_SECONDS) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
