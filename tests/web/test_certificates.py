"""Certificates: the owner's printable page and PDF, and the public verification page."""

from __future__ import annotations

import base64
import dataclasses
import re
import zlib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from learnapp.certificates.pdf import RefusedURLError, StaticFilesFetcher
from learnapp.certificates.queries import normalise_code
from learnapp.domain.profiles import Role
from learnapp.models import Certificate, CertificatePdf, Completion, Lesson, LessonRead, User
from learnapp.progress.operations import new_code, update_completion

ISSUED_AT = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
CODE_PATTERN = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$")
OWNER = {
    "full_name": "Aigerim Example",
    "email": "aigerim.private@example.org",
    "country": "TJ",
    "organisation": "Secret Youth Centre",
}


@pytest.fixture()
def earn(db, publish):
    """Factory: `user` completes a lessons-only module by reading every lesson; returns the certificate's code."""

    def make(user, module_id="alpha"):
        module = publish(module_id, completion="lessons", with_quiz=False, lessons=2)
        version = module.current_version
        for slug in db.session.scalars(sa.select(Lesson.slug).where(Lesson.version_id == version.id)):
            db.session.add(LessonRead(user_id=user.id, module_id=module.id, lesson_slug=slug, version_id=version.id))
        completion = update_completion(user, module, version)
        certificate = db.session.scalar(sa.select(Certificate).filter_by(completion_id=completion.id))
        certificate.issued_at = ISSUED_AT
        completion.score = 91.5  # never shown anywhere by these pages
        db.session.commit()
        return certificate.code

    return make


@pytest.fixture()
def owner_code(login_as, earn):
    """A trainee signed in on the client, with a certificate for module alpha."""
    return earn(login_as(Role.TRAINEE, **OWNER))


def text_of(response):
    """The page's text with tags removed and spaces collapsed, to read it as a person would."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def pdf_strings(data):
    """The PDF's bytes with every compressed stream inflated, to look for text in its metadata."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_string_forms(text):
    """How a PDF may write `text`: a literal string, or UTF-16 with a byte-order mark in hex."""
    return (text.encode(), ("\ufeff" + text).encode("utf-16-be").hex().encode())


# The owner's certificate


def test_the_owner_sees_the_certificate_in_english_and_russian(client, owner_code):
    response = client.get(f"/certificates/{owner_code}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Aigerim Example" in page
    assert "Certificate of completion" in page
    assert "Module alpha" in page and "Модуль alpha" in page
    assert "March 14, 2025" in page and "14 марта 2025 г." in page
    assert "UN regional programme on preventing violent extremism in Central Asia" in page
    assert owner_code in page
    assert f"http://localhost/verify/{owner_code}" in response.text
    assert 'lang="ru"' in response.text and 'lang="en"' in response.text


def test_the_certificate_prints_from_a_stylesheet_file_on_a4_landscape(client, owner_code):
    response = client.get(f"/certificates/{owner_code}")
    assert 'href="/static/css/certificate.css"' in response.text
    assert "style=" not in response.text and "<style" not in response.text and "<script" not in response.text
    with client.get("/static/css/certificate.css") as stylesheet:
        assert "size: A4 landscape" in stylesheet.text
        assert "@media print" in stylesheet.text


def test_the_certificate_keeps_the_name_as_issued(client, db, owner_code):
    completion = db.session.scalar(sa.select(Completion))
    db.session.get(User, completion.user_id).full_name = "Renamed Later"
    db.session.commit()
    page = text_of(client.get(f"/certificates/{owner_code}"))
    assert "Aigerim Example" in page and "Renamed Later" not in page


def test_the_owner_downloads_the_certificate_as_a_pdf(client, owner_code):
    response = client.get(f"/certificates/{owner_code}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="certificate-alpha.pdf"'
    assert response.data.startswith(b"%PDF-")
    assert len(response.data) > 5_000
    strings = pdf_strings(response.data)
    assert any(form in strings for form in pdf_string_forms("Certificate of completion: Aigerim Example"))
    assert b"DejaVu" in strings  # the system font with Cyrillic glyphs is embedded


def test_a_certificate_with_an_overlong_module_title_still_prints_on_one_page(client, owner_code, monkeypatch):
    from learnapp.certificates import views

    title = "Recognising and responding to radicalisation that can lead to violent extremism " * 6

    def long_titled(*args):
        sheet = original(*args)
        return dataclasses.replace(sheet, module_titles=tuple((language, title) for language, _ in sheet.module_titles))

    original = views.certificate_sheet
    monkeypatch.setattr(views, "certificate_sheet", long_titled)
    response = client.get(f"/certificates/{owner_code}.pdf")
    assert response.status_code == 200
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf_strings(response.data))) == 1


def test_the_pdf_is_rendered_on_the_first_download_only_and_then_served_as_stored(client, db, owner_code, monkeypatch):
    from learnapp.certificates import pdf

    renders = []
    original = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *args, **kwargs: renders.append(1) or original(*args, **kwargs))
    first = client.get(f"/certificates/{owner_code}.pdf")
    second = client.get(f"/certificates/{owner_code}.pdf")
    assert first.status_code == second.status_code == 200
    assert second.data == first.data and second.data.startswith(b"%PDF-")
    assert second.headers["Content-Disposition"] == 'attachment; filename="certificate-alpha.pdf"'
    assert len(renders) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CertificatePdf)) == 1


def test_a_withdrawn_certificate_takes_its_stored_pdf_with_it(client, db, owner_code):
    assert client.get(f"/certificates/{owner_code}.pdf").status_code == 200
    db.session.execute(sa.delete(Certificate).where(Certificate.code == owner_code))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CertificatePdf)) == 0
    assert client.get(f"/certificates/{owner_code}.pdf").status_code == 404


def test_the_pdf_fetches_nothing_but_our_stylesheet(client, owner_code, monkeypatch):
    fetched = []
    original = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticFilesFetcher, "fetch", spy)
    assert client.get(f"/certificates/{owner_code}.pdf").status_code == 200
    assert fetched == ["http://localhost/static/css/certificate.css"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/css/certificate.css",
        "http://localhost.example.org/static/css/certificate.css",
        "http://localhost/static/../config.py",
        "http://localhost/static/%2e%2e/config.py",
        "http://localhost/static/css/no-such-file.css",
        "http://localhost/static/",
        "http://localhost/sign-in",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_static_files(app, url):
    fetcher = StaticFilesFetcher("http://localhost/static/", app.static_folder)
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)


def test_the_pdf_fetcher_serves_our_static_files_from_disk(app):
    fetcher = StaticFilesFetcher("http://localhost/static/", app.static_folder)
    response = fetcher.fetch("http://localhost/static/css/certificate.css")
    assert response.content_type == "text/css"
    assert b"A4 landscape" in response.read()
    response.close()


@pytest.mark.parametrize("role", list(Role))
def test_nobody_else_gets_the_certificate_or_its_pdf(app, client, create_user, earn, role):
    code = earn(create_user(Role.TRAINEE, full_name="Owner Person"))
    other = app.test_client()
    user = create_user(role)
    other.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    for url in (f"/certificates/{code}", f"/certificates/{code}.pdf"):
        response = other.get(url)
        assert response.status_code == 404, (role, url)
        assert "Owner Person" not in response.text


def test_a_visitor_is_sent_to_sign_in_for_a_certificate(client, create_user, earn):
    code = earn(create_user(Role.TRAINEE))
    for url in (f"/certificates/{code}", f"/certificates/{code}.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_an_unknown_certificate_is_404_for_its_would_be_owner(client, login_as):
    login_as(Role.TRAINEE)
    assert client.get(f"/certificates/{new_code()}").status_code == 404
    assert client.get(f"/certificates/{new_code()}.pdf").status_code == 404


def test_the_certificate_pages_are_not_indexed(client, owner_code):
    for url in (f"/certificates/{owner_code}", f"/certificates/{owner_code}.pdf"):
        assert "noindex" in client.get(url).headers["X-Robots-Tag"]


# Public verification


def test_anyone_can_verify_a_certificate_and_sees_name_module_and_date(app, create_user, earn):
    code = earn(create_user(Role.TRAINEE, **OWNER))
    response = app.test_client().get(f"/verify/{code}")
    assert response.status_code == 200
    page = text_of(response)
    assert "This certificate is genuine" in page
    assert "Aigerim Example" in page
    assert "Module alpha" in page
    assert "March 14, 2025" in page


def test_the_verify_page_shows_nothing_else_about_the_person(app, create_user, earn):
    code = earn(create_user(Role.TRAINEE, **OWNER))
    response = app.test_client().get(f"/verify/{code}")
    for private in ("aigerim.private", "example.org", "Tajikistan", "Secret Youth Centre", "Civil society"):
        assert private not in response.text, private
    assert "91.5" not in text_of(response) and "91,5" not in text_of(response)  # the score
    assert "/certificates/" not in response.text


def test_the_verify_page_is_in_the_readers_language(app, create_user, earn):
    code = earn(create_user(Role.TRAINEE, **OWNER))
    page = text_of(app.test_client().get(f"/verify/{code}", headers={"Accept-Language": "ru"}))
    assert "Модуль alpha" in page
    assert "14 марта 2025 г." in page


def test_the_verify_page_is_not_indexed(app, create_user, earn):
    code = earn(create_user(Role.TRAINEE))
    assert "noindex" in app.test_client().get(f"/verify/{code}").headers["X-Robots-Tag"]


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", "").lower(),
        lambda code: code.replace("-", " ").lower(),
        lambda code: f" {code} ",
    ],
    ids=["lower-case", "no-hyphens", "lower-case-no-hyphens", "spaces", "surrounding-spaces"],
)
def test_a_code_typed_in_lower_case_or_without_hyphens_is_found(app, create_user, earn, typed):
    code = earn(create_user(Role.TRAINEE, **OWNER))
    response = app.test_client().get(f"/verify/{typed(code)}")
    assert response.status_code == 200
    assert "Aigerim Example" in response.text


@pytest.mark.parametrize("code", [new_code(), "x", "NOT-A-CODE", "A" * 500, "%00", "' OR 1=1 --"])
def test_an_unknown_code_gets_a_404_page_saying_it_was_not_found(client, create_user, earn, code):
    earn(create_user(Role.TRAINEE))
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Certificate not found" in response.text
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_a_code_one_character_off_is_not_found(client, create_user, earn):
    code = earn(create_user(Role.TRAINEE))
    changed = ("B" if code[0] == "A" else "A") + code[1:]
    assert client.get(f"/verify/{changed}").status_code == 404


def test_codes_are_120_random_bits_never_repeated(client, create_user, earn):
    codes = [new_code() for _ in range(2_000)]
    assert len(set(codes)) == len(codes)
    assert all(CODE_PATTERN.match(code) for code in codes)
    assert len(base64.b32decode(codes[0].replace("-", ""))) * 8 == 120
    # Every one of the 32 symbols turns up in every position: nothing is fixed or predictable.
    for position in range(29):
        if position % 5 != 4:
            assert len({code[position] for code in codes}) == 32, position
    assert CODE_PATTERN.match(earn(create_user(Role.TRAINEE)))


def test_codes_are_normalised_to_the_stored_form():
    assert normalise_code("k7qx3mzaabcd2345efgh6777") == "K7QX-3MZA-ABCD-2345-EFGH-6777"
    assert normalise_code(" k7qx-3mza ABCD--2345 efgh 6777 ") == "K7QX-3MZA-ABCD-2345-EFGH-6777"
    assert len(normalise_code("A" * 10_000)) == 40
    assert normalise_code("К7QХ-3МZА-АВСD-2345-ЕFGН-6777") == "K7QX-3MZA-ABCD-2345-EFGH-6777"  # Cyrillic look-alikes
    assert normalise_code("k7q0\x00'--3mza") == "K7QO-3MZA"


# A fixed number of statements per page


@pytest.mark.parametrize("others", [0, 5])
def test_the_certificate_pages_run_a_fixed_number_of_statements(
    client, create_user, earn, owner_code, count_queries, others
):
    for _ in range(others):
        earn(create_user(Role.TRAINEE))
    with count_queries() as counter:
        assert client.get(f"/certificates/{owner_code}").status_code == 200
    assert counter.count == 2, counter.statements  # the signed-in user, the certificate
    client.get(f"/certificates/{owner_code}.pdf")  # rendered and stored
    with count_queries() as counter:
        assert client.get(f"/certificates/{owner_code}.pdf").status_code == 200
    assert counter.count == 3, counter.statements  # the signed-in user, the certificate, its stored PDF


@pytest.mark.parametrize("known", [True, False])
def test_the_verify_page_runs_two_statements_whatever_the_code(app, create_user, earn, count_queries, known):
    code = earn(create_user(Role.TRAINEE))
    visitor = app.test_client()
    with count_queries() as counter:
        response = visitor.get(f"/verify/{code if known else new_code()}")
    assert response.status_code == (200 if known else 404)
    assert counter.count == 2, counter.statements  # module certificates, cohort certificates: both always asked


def test_the_verify_page_runs_three_statements_for_a_signed_in_reader(
    client, login_as, create_user, earn, count_queries
):
    code = earn(create_user(Role.TRAINEE))
    login_as(Role.OBSERVER)
    with count_queries() as counter:
        assert client.get(f"/verify/{code}").status_code == 200
    assert counter.count == 3, counter.statements  # the signed-in user, the two certificate tables


def test_a_code_can_be_typed_into_the_verify_page(app, create_user, earn):
    code = earn(create_user(Role.TRAINEE, **OWNER))
    client = app.test_client()
    page = client.get("/verify")
    assert page.status_code == 200 and 'name="code"' in page.text and 'action="/verify"' in page.text
    assert "noindex" in page.headers["X-Robots-Tag"]
    response = client.get("/verify", query_string={"code": f" {code.replace('-', ' ').lower()} "})
    assert response.status_code == 302 and response.headers["Location"] == f"/verify/{code}"
    assert "Aigerim Example" in client.get(response.headers["Location"]).text


@pytest.mark.parametrize("typed", ["", "   ", "x" * 101])
def test_an_empty_or_overlong_typed_code_is_asked_for_again(client, typed):
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


def test_a_wrong_code_page_offers_the_form_to_type_it_again(client):
    response = client.get("/verify/NOT-A-CODE")
    assert response.status_code == 404 and 'name="code"' in response.text and 'value="NOT-A-CODE"' in response.text
