"""Reads for the certificate pages: the owner's bilingual sheet and the public verification, one statement each.

Codes are looked up exactly as stored (upper case, hyphen every four characters). What a person types or a
link carries is first put in that form, so ``k7qx3mza...`` finds ``K7QX-3MZA-...``; every lookup runs the same
single indexed statement whatever the input, so a wrong code costs the same time as a right one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from learnapp.domain.cohort_outcome import CertificateKind
from learnapp.domain.content import Purpose
from learnapp.extensions import db
from learnapp.models import Assessment, Certificate, CertificatePdf, CohortCertificate, Completion, Module, User

# Both languages of the programme, in the order the certificate shows them.
CERTIFICATE_LANGUAGES = ("en", "ru")
CODE_GROUP = 4
CODE_MAX_LENGTH = 40  # the width of the code column: nothing longer can match
NOT_CODE_CHARACTERS = re.compile(r"[^0-9A-Z]")
# Codes use A-Z and 2-7 only. Someone typing on a Russian keyboard layout may enter Cyrillic letters that look the
# same, and a zero is read for the letter O: both are taken for what was meant.
LOOKALIKES = str.maketrans("АВЕКМНОРСТХ0", "ABEKMHOPCTXO")
# What a certificate is for: a module (issued with its completion), or a cohort (of completion or of participation).
MODULE = "module"
# A module whose quiz is not marked (a pre-test): its certificate says "completed", never "successfully".
UNMARKED_MODULE = "unmarked_module"


@dataclass(frozen=True)
class CertificateFacts:
    """The values printed on a certificate, as issued: all the verify page may know."""

    code: str
    full_name: str
    module_titles: dict[str, str]
    issued_at: datetime


@dataclass(frozen=True)
class IssuedCertificate(CertificateFacts):
    """A certificate for its owner: the printed values, the module it is for, and whether its PDF is stored yet."""

    module_slug: str
    is_pdf_stored: bool = False
    is_marked: bool = True

    @property
    def kind(self) -> str:
        """`MODULE`, or `UNMARKED_MODULE` when the module's quiz is not marked."""
        return MODULE if self.is_marked else UNMARKED_MODULE


@dataclass(frozen=True)
class Wording:
    """The certificate's fixed words and its date in one language."""

    language: str
    heading: str
    statement: str
    date_label: str
    date: str
    programme: str
    code_label: str
    check_label: str
    held: str = ""


@dataclass(frozen=True)
class CohortRun:
    """Where and when a cohort's training took place, as its certificates print it."""

    place: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class CertificateSheet:
    """Everything the printable certificate (page and PDF) shows."""

    full_name: str
    code: str
    verify_url: str
    document_title: str
    module_titles: tuple[tuple[str, str], ...]
    wordings: tuple[Wording, ...]


@dataclass(frozen=True)
class Verification:
    """What the public verification page shows: the name, the module and the date, nothing more."""

    code: str
    full_name: str
    module_title: str
    title_language: str
    date: str
    kind: str = MODULE
    is_withdrawn: bool = False


def normalise_code(text: str) -> str:
    """`text` in the stored form: upper case, look-alikes read as meant, anything else dropped, grouped by four."""
    compact = NOT_CODE_CHARACTERS.sub("", text[: CODE_MAX_LENGTH * 2].upper().translate(LOOKALIKES))
    grouped = "-".join(compact[index : index + CODE_GROUP] for index in range(0, len(compact), CODE_GROUP))
    return grouped[:CODE_MAX_LENGTH]


def owned_certificate(code: str, user_id: int) -> IssuedCertificate | None:
    """The certificate with this code if `user_id` earned it, else None (whoever else asks, whatever their role)."""
    # Marked: the completed version's quiz, if any, is not a pre-test (a version without a quiz is read as marked).
    unmarked = (
        sa.exists()
        .where(Assessment.version_id == Completion.version_id, Assessment.kind == "quiz")
        .where(Assessment.purpose == Purpose.PRE_TEST.value)
    )
    row = db.session.execute(
        sa.select(
            Certificate.code,
            Certificate.full_name,
            Certificate.module_titles,
            Certificate.issued_at,
            Module.slug,
            sa.exists().where(CertificatePdf.certificate_id == Certificate.id),
            sa.not_(unmarked),
        )
        .join(Completion, Certificate.completion_id == Completion.id)
        .join(Module, Completion.module_id == Module.id)
        .where(Certificate.code == normalise_code(code), Completion.user_id == user_id)
    ).first()
    if row is None:
        return None
    code_, full_name, titles, issued_at, slug, is_stored, is_marked = row
    return IssuedCertificate(code_, full_name, titles, issued_at, slug, bool(is_stored), bool(is_marked))


def owned_cohort_certificate(code: str, user_id: int) -> tuple[CertificateFacts, str, CohortRun, bool] | None:
    """If `user_id` holds it: the cohort certificate with this code, its kind, its run, whether its PDF is stored."""
    query = _cohort_certificate_query(code).where(CohortCertificate.user_id == user_id)
    row = db.session.execute(
        query.add_columns(
            CohortCertificate.cohort_place,
            CohortCertificate.cohort_starts_on,
            CohortCertificate.cohort_ends_on,
            sa.exists().where(CertificatePdf.cohort_certificate_id == CohortCertificate.id),
        )
    ).first()
    if row is None:
        return None
    facts, kind = _cohort_facts(row[:6])
    return facts, kind, CohortRun(*row[6:9]), bool(row[9])


def certificate_holder(certificate_id: int, is_cohort: bool) -> tuple[str, int, str] | None:
    """The code, the holder's id and the holder's language of a certificate not withdrawn; None if there is none."""
    certificate = CohortCertificate if is_cohort else Certificate
    holder_id = CohortCertificate.user_id if is_cohort else Completion.user_id
    query = sa.select(certificate.code, holder_id, User.preferred_language)
    if not is_cohort:
        query = query.join(Completion, Certificate.completion_id == Completion.id)
    row = db.session.execute(
        query.join(User, User.id == holder_id).where(
            certificate.id == certificate_id, certificate.withdrawn_at.is_(None)
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None


def _cohort_certificate_query(code: str) -> sa.Select[str, str, str, str, datetime, str]:
    return sa.select(
        CohortCertificate.code,
        CohortCertificate.full_name,
        CohortCertificate.cohort_name,
        CohortCertificate.cohort_language,
        CohortCertificate.issued_at,
        CohortCertificate.kind,
    ).where(CohortCertificate.code == normalise_code(code))


def _cohort_facts(row: Sequence[Any]) -> tuple[CertificateFacts, str]:
    code, full_name, cohort_name, language, issued_at, kind = row
    return CertificateFacts(code, full_name, {language: cohort_name}, issued_at), kind


def certificate_facts(code: str) -> tuple[CertificateFacts, bool] | None:
    """The public facts of the certificate with this code, and whether it was withdrawn (its holder erased)."""
    row = db.session.execute(
        sa.select(
            Certificate.code,
            Certificate.full_name,
            Certificate.module_titles,
            Certificate.issued_at,
            Certificate.withdrawn_at.is_not(None),
        ).where(Certificate.code == normalise_code(code))
    ).first()
    return (CertificateFacts(*row[:4]), bool(row[4])) if row else None


def title_in(titles: dict[str, str], language: str) -> tuple[str, str]:
    """The module title in `language`, else in English, else in any language it has; with its language."""
    for candidate in (language, "en", *titles):
        if titles.get(candidate):
            return titles[candidate], candidate
    return "", language


def _heading_and_statement(kind: str) -> tuple[str, str]:
    """The title and the sentence of a certificate of this kind: a participation one never reads as completion."""
    if kind == CertificateKind.PARTICIPATION:
        return _("Certificate of participation"), _("took part in the training programme")
    if kind == CertificateKind.COMPLETION:
        return _("Certificate of completion"), _("has successfully completed the training programme")
    if kind == UNMARKED_MODULE:
        return _("Certificate of completion"), _("has completed the training module")
    return _("Certificate of completion"), _("has successfully completed the training module")


def held_line(run: CohortRun | None) -> str:
    """Where and when the training took place, in the current locale: "Almaty, 2 March 2026 – 6 March 2026"."""
    if run is None:
        return ""
    dates = " – ".join(format_date(day, "long") for day in (run.starts_on, run.ends_on) if day is not None)
    return ", ".join(part for part in (run.place, dates) if part)


def wording(certificate: CertificateFacts, language: str, kind: str = MODULE, run: CohortRun | None = None) -> Wording:
    """The certificate's words and date in `language` (translations and date formats of that locale)."""
    with force_locale(language):
        heading, statement = _heading_and_statement(kind)
        return Wording(
            language=language,
            heading=heading,
            statement=statement,
            date_label=_("Date"),
            date=format_date(certificate.issued_at, "long"),
            programme=_("UN regional programme on preventing violent extremism in Central Asia"),
            code_label=_("Verification code"),
            check_label=_("Check this certificate at"),
            held=held_line(run),
        )


def titles_shown(titles: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(language, title) of the module in each certificate language, each distinct title once."""
    shown: dict[str, str] = {}
    for language in CERTIFICATE_LANGUAGES:
        title, title_language = title_in(titles, language)
        shown.setdefault(title, title_language)
    return tuple((language, title) for title, language in shown.items() if title)


def certificate_sheet(
    certificate: CertificateFacts, kind: str = MODULE, run: CohortRun | None = None
) -> CertificateSheet:
    """The printable certificate, in every language of the programme at once."""
    if kind == CertificateKind.PARTICIPATION:
        document_title = _("Certificate of participation: %(name)s", name=certificate.full_name)
    else:
        document_title = _("Certificate of completion: %(name)s", name=certificate.full_name)
    return CertificateSheet(
        full_name=certificate.full_name,
        code=certificate.code,
        verify_url=url_for("certificates.verify_certificate", code=certificate.code, _external=True),
        document_title=document_title,
        module_titles=titles_shown(certificate.module_titles),
        wordings=tuple(wording(certificate, language, kind, run) for language in CERTIFICATE_LANGUAGES),
    )


def verification(code: str, language: str) -> Verification | None:
    """The verify page's facts about the certificate with this code, in the reader's language; None if unknown.

    Both tables are always asked (two indexed statements), so a wrong code costs what a right one does.
    """
    module_facts, kind = certificate_facts(code), MODULE
    cohort_query = _cohort_certificate_query(code).add_columns(CohortCertificate.withdrawn_at.is_not(None))
    cohort_row = db.session.execute(cohort_query).first()
    if module_facts is not None:
        certificate, is_withdrawn = module_facts
    elif cohort_row is not None:
        (certificate, kind), is_withdrawn = _cohort_facts(cohort_row[:6]), bool(cohort_row[6])
    else:
        return None
    title, title_language = title_in(certificate.module_titles, language)
    return Verification(
        code=certificate.code,
        full_name=certificate.full_name,
        module_title=title,
        title_language=title_language,
        date=format_date(certificate.issued_at, "long"),
        kind=kind,
        is_withdrawn=is_withdrawn,
    )
