"""Certificate PDFs prepared by a job as soon as a certificate is issued, so that its download only serves a file.

Certificates are issued in several places (a lesson read or a quiz submitted that completes a module, attendance
or a coordinator's action that completes a cohort), each committing in its own view. Rather than each caller
remembering to queue the PDF, the session notes every certificate it flushes and, once the outermost transaction
has committed (so a worker finds the row), queues one job per certificate. Rolled back, the notes are dropped.

Nothing runs without a queue (`jobs.enqueue_if_queued`): the first download renders and stores the PDF then.
The PDF prints the verify link, so the job needs the site's address: the issuing request's, else
``LEARNAPP_PUBLIC_URL``; with neither (a command run without it) no job is queued and the download renders it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, request

from learnapp.certificates import operations
from learnapp.certificates.queries import (
    certificate_holder,
    certificate_sheet,
    owned_certificate,
    owned_cohort_certificate,
)
from learnapp.extensions import db
from learnapp.jobs import enqueue_if_queued
from learnapp.models import Certificate, CohortCertificate

# Key in Session.info: (certificate id, is_cohort) of the certificates flushed in the current transaction.
ISSUED_KEY = "learnapp_issued_certificates"


def store_certificate_pdf(certificate_id: int, is_cohort: bool, base_url: str) -> None:
    """The job: render the certificate's PDF and store it, unless it is stored already or the certificate is gone.

    Runs in an application context of its own (its own session and Flask-Babel state) with a request context
    made up for `base_url` in the holder's language: the same page the holder's own download renders. Safe to run
    twice: `operations.certificate_pdf` renders only when nothing is stored, and keeps the first stored copy.
    """
    # Imported here: only the job worker renders, and the web workers that import this module to queue the job
    # should not carry WeasyPrint (about 20 MiB each).
    from learnapp.certificates.pdf import sheet_pdf

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with app.app_context():
        holder = certificate_holder(certificate_id, is_cohort)
        if holder is None:
            return  # withdrawn, or its transaction was rolled back after all
        code, holder_id, language = holder
        with app.test_request_context(base_url=base_url, headers={"Accept-Language": language}):
            if is_cohort:
                found = owned_cohort_certificate(code, holder_id)
                if found is None:
                    return
                facts, kind, run, is_stored = found
                if is_stored:
                    return
                sheet = certificate_sheet(facts, kind, run)
            else:
                certificate = owned_certificate(code, holder_id)
                if certificate is None or certificate.is_pdf_stored:
                    return
                sheet = certificate_sheet(certificate, certificate.kind)
            operations.certificate_pdf(code, holder_id, is_cohort, render=lambda: sheet_pdf(sheet, base_url))
        db.session.commit()


def register() -> None:
    """Listen to every session of the process for issued certificates; once, whatever the number of apps."""
    for event, listener in (
        ("after_flush", _note_issued),
        ("after_commit", _queue_issued),
        ("after_transaction_end", _forget_issued),
    ):
        if not sa.event.contains(db.session, event, listener):
            sa.event.listen(db.session, event, listener)


def _note_issued(session: Any, flush_context: Any) -> None:
    issued = [
        (instance.id, isinstance(instance, CohortCertificate))
        for instance in session.new
        if isinstance(instance, Certificate | CohortCertificate)
    ]
    if issued:
        session.info.setdefault(ISSUED_KEY, []).extend(issued)


def _queue_issued(session: Any) -> None:
    if session.in_nested_transaction() or not session.info.get(ISSUED_KEY):
        return  # a SAVEPOINT released: the certificates are not committed yet
    issued = session.info.pop(ISSUED_KEY)
    base_url = _site_address()
    if base_url is None:
        return
    for certificate_id, is_cohort in issued:
        enqueue_if_queued(store_certificate_pdf, certificate_id, is_cohort, base_url)


def _forget_issued(session: Any, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(ISSUED_KEY, None)


def _site_address() -> str | None:
    """Where the verify link on a certificate points: as in the issuing request, else the configured address."""
    if has_request_context():
        return request.url_root
    public_url = current_app.config.get("PUBLIC_URL")
    return f"{public_url.rstrip('/')}/" if public_url else None
