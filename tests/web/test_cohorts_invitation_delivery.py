"""Handing invitations over: by email in the invitee's language when mail is set up, and on a printable sheet of
links with a QR code each for in-person workshops; every new link is in the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import AuditEvent, Enrolment, Invitation
from tests.support.mail import MAIL, RecordingSMTP, outbox
from tests.web.test_cohorts import make_cohort

__all__ = ["outbox"]


@pytest.fixture()
def workshop(client, db, login_as, create_user):
    """A coordinator's cohort with Aida (no password, Russian), Bek (no password, English) and Dana (signed in)."""
    coordinator = login_as(Role.COORDINATOR)
    cohort = make_cohort(db, coordinator)
    aida = create_user(password=None, email="aida@example.org", full_name="Aida <b>Bekova</b>", preferred_language="ru")
    bek = create_user(password=None, email="bek@example.org", full_name="Bek Asanov", preferred_language="en")
    dana = create_user(email="dana@example.org", full_name="Dana Omarova")
    db.session.add_all(Enrolment(cohort_id=cohort.id, user_id=user.id) for user in (aida, bek, dana))
    db.session.commit()
    return cohort, aida, bek, dana


def invitation_count(db):
    return db.session.scalar(sa.select(sa.func.count(Invitation.id)))


def audit_actions(db):
    return sorted(db.session.execute(sa.select(AuditEvent.action, AuditEvent.target)).all())


def test_without_mail_the_participants_page_offers_no_email_and_says_why(client, db, workshop):
    cohort, aida, *_ = workshop

    page = client.get(f"/cohorts/{cohort.id}/participants").text
    response = client.post(f"/cohorts/{cohort.id}/participants/{aida.id}/invite/email")

    assert "Send invitation by email" not in page and "/invite/email" not in page
    assert "email is not set up on this site" in page
    assert response.status_code == 302
    assert invitation_count(db) == 0


@pytest.mark.app_config(**MAIL)
def test_an_invitation_is_emailed_in_the_invitees_language(client, db, workshop, outbox):
    cohort, aida, *_ = workshop
    page = client.get(f"/cohorts/{cohort.id}/participants").text
    assert f'action="/cohorts/{cohort.id}/participants/{aida.id}/invite/email"' in page

    response = client.post(f"/cohorts/{cohort.id}/participants/{aida.id}/invite/email")

    assert response.status_code == 302
    [message] = outbox
    assert message["To"] == "aida@example.org"
    assert message["Subject"] == "Приглашение: Bishkek workshop"
    body = message.get_content()
    assert "Aida <b>Bekova</b>" in body and "выбрать пароль" in body
    path = re.search(r"http://localhost(/invitations/\S+)", body).group(1)
    assert "1 invitation has been sent." in client.get(response.headers["Location"]).text
    assert audit_actions(db) == [("invitation.email", f"invitation:user:{aida.id}")]
    client.post("/sign-out")
    assert client.get(path).status_code == 200  # the emailed link works


@pytest.mark.app_config(**MAIL)
def test_the_bulk_email_skips_those_who_can_sign_in_or_hold_a_working_link(client, db, workshop, outbox):
    cohort, aida, _bek, _dana = workshop
    client.post(f"/cohorts/{cohort.id}/participants/{aida.id}/invite")  # Aida was handed a link already
    page = client.get(f"/cohorts/{cohort.id}/participants").text
    assert "Send an invitation by email to 1 participant" in page
    assert "Invited; the link works until" in page and "Not invited yet" in page

    client.post(f"/cohorts/{cohort.id}/participants/invite/email")
    again = client.post(f"/cohorts/{cohort.id}/participants/invite/email")

    assert [message["To"] for message in outbox] == ["bek@example.org"]
    assert (
        "Everyone who cannot sign in yet already has an invitation that works."
        in client.get(again.headers["Location"]).text
    )
    assert invitation_count(db) == 2


@pytest.mark.app_config(**MAIL)
def test_an_expired_invitation_counts_as_none_for_the_bulk_email(client, db, workshop, outbox):
    cohort, aida, *_ = workshop
    client.post(f"/cohorts/{cohort.id}/participants/{aida.id}/invite")
    db.session.execute(sa.update(Invitation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()

    client.post(f"/cohorts/{cohort.id}/participants/invite/email")

    assert sorted(message["To"] for message in outbox) == ["aida@example.org", "bek@example.org"]


def test_the_sheet_page_asks_first_and_a_get_makes_no_link(client, db, workshop):
    cohort, *_ = workshop

    page = client.get(f"/cohorts/{cohort.id}/participants/invitations/print")

    assert page.status_code == 200
    assert "2 participants who cannot sign in yet" in page.text and 'method="post"' in page.text
    assert invitation_count(db) == 0


def test_the_sheet_has_a_card_with_a_working_link_and_a_qr_code_for_each_person_not_signed_in(client, db, workshop):
    cohort, aida, bek, _dana = workshop

    response = client.post(f"/cohorts/{cohort.id}/participants/invitations/print")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert page.count('class="invitation-card"') == 2 and page.count('<svg width="') == 2
    assert "Aida &lt;b&gt;Bekova&lt;/b&gt;" in page and "Aida <b>" not in page  # names are escaped
    assert "Dana Omarova" not in page
    links = re.findall(r'<textarea id="link-\d+" class="secret-link" rows="2" readonly>(http://localhost/[^<]+)<', page)
    assert len(links) == 2 and 'data-copy="link-1"' in page
    assert audit_actions(db) == sorted(
        [("invitation.sheet", f"invitation:user:{aida.id}"), ("invitation.sheet", f"invitation:user:{bek.id}")]
    )
    client.post("/sign-out")
    assert [client.get(link.removeprefix("http://localhost")).status_code for link in links] == [200, 200]


def test_the_qr_code_on_the_sheet_encodes_the_link_printed_beside_it(app):
    segno = pytest.importorskip("segno")
    from learnapp.cohorts.pages import qr_svg

    link = "http://localhost/invitations/" + "t" * 43
    svg = str(qr_svg(link))
    assert svg.startswith('<svg width="') and "<script" not in svg
    expected = segno.make_qr(link, error="m").svg_inline(scale=4, svgclass="qr-code", lineclass=None)
    assert svg == expected


def test_a_new_sheet_spends_the_links_of_the_previous_one(client, db, workshop):
    cohort, *_ = workshop
    first = client.post(f"/cohorts/{cohort.id}/participants/invitations/print").text
    old = re.findall(r"readonly>http://localhost(/invitations/[^<]+)<", first)

    client.post(f"/cohorts/{cohort.id}/participants/invitations/print")
    client.post("/sign-out")

    assert [client.get(path).status_code for path in old] == [410, 410]


def test_the_sheet_is_in_the_interface_language(client, db, workshop):
    cohort, *_ = workshop
    client.post("/language", data={"language": "ru", "next": "/"})

    page = client.post(f"/cohorts/{cohort.id}/participants/invitations/print").text

    assert "Лист приглашений" in page


def test_a_link_made_by_hand_is_audited_and_can_be_copied(client, db, workshop):
    cohort, aida, *_ = workshop

    page = client.post(f"/cohorts/{cohort.id}/participants/{aida.id}/invite").text

    assert 'data-copy="invitation-link"' in page and "js/copy.js" in page
    assert 'readonly value="http://localhost/invitations/' in page  # selectable without JavaScript
    assert audit_actions(db) == [("invitation.link", f"invitation:user:{aida.id}")]


def test_the_participants_page_runs_as_many_statements_with_invitations_as_without(
    client, db, workshop, count_queries, create_user
):
    cohort, *_ = workshop
    client.get(f"/cohorts/{cohort.id}/participants")
    with count_queries() as before:
        client.get(f"/cohorts/{cohort.id}/participants")
    for number in range(5):
        person = create_user(password=None, email=f"p{number}@example.org")
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id))
        db.session.commit()
        client.post(f"/cohorts/{cohort.id}/participants/{person.id}/invite")
    with count_queries() as after:
        client.get(f"/cohorts/{cohort.id}/participants")
    assert before.count == after.count


def test_the_audit_log_names_the_invitation_in_words(client, db, workshop, login_as):
    cohort, aida, *_ = workshop
    client.post(f"/cohorts/{cohort.id}/participants/invitations/print")
    client.post("/sign-out")
    login_as(Role.ADMIN)

    page = client.get("/reports/audit").text

    assert "Printed an invitation" in page
    assert f"Invitation · user {aida.id}" in page and f"cohort {cohort.id}" in page
    assert "invitation.sheet" not in page


@pytest.mark.app_config(**MAIL)
def test_no_invitation_is_emailed_to_someone_who_can_sign_in_or_is_deactivated(client, db, workshop, outbox):
    cohort, _aida, bek, dana = workshop
    bek.is_active = False
    db.session.commit()

    signed_in = client.post(f"/cohorts/{cohort.id}/participants/{dana.id}/invite/email", follow_redirects=True)
    deactivated = client.post(f"/cohorts/{cohort.id}/participants/{bek.id}/invite/email", follow_redirects=True)

    assert "This person can already sign in" in signed_in.text
    assert "This account is deactivated" in deactivated.text
    assert outbox == [] and invitation_count(db) == 0


@pytest.mark.app_config(**MAIL)
def test_an_invitation_the_mail_server_refused_is_withdrawn_and_offered_again(client, db, workshop, outbox):
    cohort, *_ = workshop
    RecordingSMTP.refuse = True

    failed = client.post(f"/cohorts/{cohort.id}/participants/invite/email", follow_redirects=True)

    assert "2 invitations could not be sent" in failed.text
    assert "Send invitations by email to 2 participants" in failed.text  # nobody holds an undelivered link
    assert audit_actions(db) == []
    RecordingSMTP.refuse = False
    client.post(f"/cohorts/{cohort.id}/participants/invite/email")
    assert sorted(message["To"] for message in outbox) == ["aida@example.org", "bek@example.org"]
