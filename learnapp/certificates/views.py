"""Certificates: printable HTML, PDF, and the public verification page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from learnapp.access import public, signed_in
from learnapp.accounts.sessions import signed_in_user
from learnapp.certificates import operations
from learnapp.certificates.forms import VerifyCodeForm
from learnapp.certificates.queries import (
    CertificateFacts,
    CertificateSheet,
    CohortRun,
    IssuedCertificate,
    certificate_sheet,
    normalise_code,
    owned_certificate,
    owned_cohort_certificate,
    verification,
)
from learnapp.extensions import db

blueprint = Blueprint("certificates", __name__, template_folder="templates")

# Certificates name a person: no search engine may index or keep them, even if a link to one is published.
NOINDEX = {"X-Robots-Tag": "noindex, nofollow, noarchive"}


def _own_certificate_or_404(code: str) -> IssuedCertificate:
    """The signed-in user's certificate with this code; 404 for anyone else, so no one learns it exists."""
    return owned_certificate(code, signed_in_user().id) or abort(404)


@blueprint.route("/certificates/<code>")
@signed_in
def show_certificate(code: str) -> tuple[str, int, dict[str, str]]:
    """The owner's certificate, in English and Russian, ready to print on one A4 landscape page."""
    certificate = _own_certificate_or_404(code)
    pdf_url = url_for("certificates.certificate_pdf", code=certificate.code)
    page = render_template(
        "certificates/certificate.html",
        sheet=certificate_sheet(certificate, certificate.kind),
        pdf_url=pdf_url,
        is_pdf_being_prepared=_is_being_prepared(certificate.is_pdf_stored),
    )
    return page, 200, NOINDEX


@blueprint.route("/certificates/<code>.pdf")
@signed_in
def certificate_pdf(code: str) -> Response:
    """The owner's certificate as a PDF file to download, rendered from the same sheet as the page."""
    certificate = _own_certificate_or_404(code)

    def render() -> bytes:
        return _sheet_pdf(certificate_sheet(certificate, certificate.kind))

    pdf, is_new = operations.certificate_pdf(certificate.code, signed_in_user().id, is_cohort=False, render=render)
    if is_new:
        db.session.commit()
    download_name = f"certificate-{certificate.module_slug}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{download_name}"', **NOINDEX},
    )


def _sheet_pdf(sheet: CertificateSheet) -> bytes:
    """The sheet rendered as PDF, for a download that finds none stored."""
    # Imported here, not at the top: WeasyPrint and its font tools add about 20 MiB to every web worker that imports
    # them, and a worker renders a PDF only when no job stored it first (docs/deployment.md, "Memory").
    from learnapp.certificates.pdf import sheet_pdf

    return sheet_pdf(sheet, base_url=request.url_root)


def _is_being_prepared(is_pdf_stored: bool) -> bool:
    """Whether the page says the PDF is being prepared: a job was queued for it at issue and has not stored it yet.

    Without a queue no job prepares it; the download renders it on demand, which the page need not mention.
    """
    return not is_pdf_stored and bool(current_app.config["JOB_QUEUE_URL"])


def _own_cohort_certificate_or_404(code: str) -> tuple[CertificateFacts, str, CohortRun, bool]:
    """The signed-in user's cohort certificate and its kind; 404 for anyone else."""
    return owned_cohort_certificate(code, signed_in_user().id) or abort(404)


@blueprint.route("/cohort-certificates/<code>")
@signed_in
def show_cohort_certificate(code: str) -> tuple[str, int, dict[str, str]]:
    """The owner's cohort certificate, of completion or of participation, printable like a module's."""
    certificate, kind, run, is_pdf_stored = _own_cohort_certificate_or_404(code)
    pdf_url = url_for("certificates.cohort_certificate_pdf", code=certificate.code)
    page = render_template(
        "certificates/certificate.html",
        sheet=certificate_sheet(certificate, kind, run),
        pdf_url=pdf_url,
        is_pdf_being_prepared=_is_being_prepared(is_pdf_stored),
    )
    return page, 200, NOINDEX


@blueprint.route("/cohort-certificates/<code>.pdf")
@signed_in
def cohort_certificate_pdf(code: str) -> Response:
    """The owner's cohort certificate as a PDF file to download."""
    certificate, kind, run, _ = _own_cohort_certificate_or_404(code)

    def render() -> bytes:
        return _sheet_pdf(certificate_sheet(certificate, kind, run))

    pdf, is_new = operations.certificate_pdf(certificate.code, signed_in_user().id, is_cohort=True, render=render)
    if is_new:
        db.session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{kind}.pdf"', **NOINDEX},
    )


@blueprint.route("/verify")
@public
def verify_form() -> Response | tuple[str, dict[str, str]]:
    """A page to type a code into; a typed code goes to its verification page, written the way it is stored."""
    form = VerifyCodeForm(request.args)
    if request.args and form.validate():
        return redirect(url_for("certificates.verify_certificate", code=normalise_code(form.code.data or "") or "-"))
    return render_template("certificates/verify_form.html", form=form), NOINDEX


@blueprint.route("/verify/<code>")
@public
def verify_certificate(code: str) -> tuple[str, int, dict[str, str]]:
    """Anyone may check that a certificate is genuine: it shows the name, the module and the date, nothing more."""
    facts = verification(code, str(get_locale()))
    if facts is None:
        form = VerifyCodeForm(data={"code": code[:100]})
        return render_template("certificates/verify_not_found.html", form=form), 404, NOINDEX
    return render_template("certificates/verify.html", facts=facts), 200, NOINDEX
