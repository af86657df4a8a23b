"""Keeping a certificate's PDF: rendered on its first download, then served as stored.

A certificate prints what was true when it was issued (the name, the titles, the date, the code) and never changes,
so its PDF is rendered once (WeasyPrint takes about a second) and kept in the database, where every worker finds it.
Withdrawing a certificate deletes its row and the PDF with it; a reissued certificate has a new code and so a new PDF.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from learnapp.extensions import db
from learnapp.models import Certificate, CertificatePdf, CohortCertificate


def certificate_pdf(code: str, holder_id: int, is_cohort: bool, render: Callable[[], bytes]) -> tuple[bytes, bool]:
    """The stored PDF of `holder_id`'s certificate with this (stored) code, else `render()`'s, kept for next time.

    The bool says whether it was rendered now: only then has the view something to commit (a commit would also
    expire the signed-in user, costing a statement to load again). Two first downloads at the same moment both
    render, and the second to store finds the first's row and keeps it: both PDFs are the same.
    """
    certificate = (CohortCertificate if is_cohort else Certificate).__table__
    column = CertificatePdf.cohort_certificate_id if is_cohort else CertificatePdf.certificate_id
    certificate_id = sa.select(certificate.c.id).where(certificate.c.code == code).scalar_subquery()
    stored = db.session.scalar(sa.select(CertificatePdf.data).where(column == certificate_id))
    if stored is not None:
        return stored, False
    data = render()
    try:
        with db.session.begin_nested():
            db.session.execute(
                sa.insert(CertificatePdf).values({column.key: certificate_id, "user_id": holder_id, "data": data})
            )
    except IntegrityError:
        pass  # stored by a simultaneous download in the meantime
    return data, True
