"""Cohort pages for coordinators (their own cohorts only) and administrators (all cohorts)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask import session as browser_session
from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import refresh as refresh_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.access import public, roles
from learnapp.accounts.resets import create_reset, may_issue_reset, reset_link_page
from learnapp.accounts.sessions import signed_in_user, start_session
from learnapp.catalogue import cohort_or_404
from learnapp.cohorts import operations, queries
from learnapp.cohorts.forms import (
    ActionForm,
    AssignmentForm,
    AssignModulesForm,
    CohortForm,
    NewCohortForm,
    ParticipantForm,
    SessionForm,
    SetPasswordForm,
    UploadForm,
)
from learnapp.cohorts.invitations import accept_invitation as spend_invitation
from learnapp.cohorts.invitations import (
    create_invitation,
    email_invitation,
    find_invitation,
    invitation_link,
    open_invitations,
    state_of,
    withdraw_invitation,
)
from learnapp.cohorts.pages import invitation_card, problem_text
from learnapp.cohorts.spreadsheets import is_xlsx, read_xlsx_table, template_csv, template_xlsx
from learnapp.domain.enrolment import INVITATION_LIFETIME, InvitationState
from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.domain.user_records import RecordProblem, Row, UserRecord, check_enrolment_table, read_csv_table
from learnapp.extensions import db
from learnapp.i18n import SESSION_KEY
from learnapp.labels import COUNTRY_LABELS, GENDER_LABELS, LANGUAGE_LABELS, STAKEHOLDER_LABELS, csv_aliases
from learnapp.mail import is_configured as mail_is_configured
from learnapp.models import Cohort, User
from learnapp.models.types import utcnow
from learnapp.progress.operations import issue_participation_certificates
from learnapp.progress.standings import held_certificates, members, standings

INVITATION_SEEN_KEY = "invitation_seen"  # the invitation whose page this browser has opened, by id
blueprint = Blueprint("cohorts", __name__, url_prefix="/cohorts", template_folder="templates")
invitations_blueprint = Blueprint("invitations", __name__, template_folder="templates")
MANAGERS = (Role.COORDINATOR, Role.ADMIN)
NO_STORE = {"Cache-Control": "no-store"}  # pages that show a secret link once


def _cohort(cohort_id: int) -> Cohort:
    return cohort_or_404(cohort_id, signed_in_user())


def _values(form: CohortForm) -> operations.CohortValues:
    return operations.CohortValues(
        name=(form.name.data or "").strip(),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        place=(form.place.data or "").strip(),
        working_language=form.working_language.data or "ru",
        required_sessions=form.required_sessions.data or 0,
    )


@blueprint.route("/")
@roles(*MANAGERS)
def list_cohorts() -> str:
    """The cohorts the user coordinates (all of them for an administrator)."""
    rows = queries.cohort_rows(signed_in_user())
    return render_template("cohorts/list.html", rows=rows, language_labels=LANGUAGE_LABELS)


@blueprint.route("/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def new_cohort() -> Response | str:
    """Create a cohort; its creator coordinates it, and an administrator may name coordinators by email."""
    user = signed_in_user()
    form = NewCohortForm()
    if user.role != Role.ADMIN:
        del form.coordinator_emails
    if form.validate_on_submit():
        emails = form.coordinator_email_list() if user.role == Role.ADMIN else []
        cohort = operations.create_cohort(_values(form), user, emails)
        db.session.commit()
        flash(_("The cohort has been created."), "success")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/cohort_form.html", form=form, cohort=None)


@blueprint.route("/<int:cohort_id>/edit", methods=["GET", "POST"])
@roles(*MANAGERS)
def edit_cohort(cohort_id: int) -> Response | str:
    """Change a cohort's name, dates, place, language and required sessions."""
    cohort = _cohort(cohort_id)
    form = CohortForm(obj=cohort)
    if form.validate_on_submit():
        operations.update_cohort(cohort, _values(form))
        db.session.commit()
        flash(_("The cohort has been saved."), "success")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    return render_template("cohorts/cohort_form.html", form=form, cohort=cohort)


@blueprint.route("/<int:cohort_id>", methods=["GET", "POST"])
@roles(*MANAGERS)
def show_cohort(cohort_id: int) -> Response | tuple[str, int] | str:
    """A cohort's facts and modules; the form assigns several published modules at once (or all of them)."""
    cohort = _cohort(cohort_id)
    modules = queries.assigned_modules(cohort.id, str(get_locale()))
    form = AssignModulesForm(cohort)
    form.module_ids.choices = queries.module_choices(str(get_locale()), {module.module_id for module in modules})
    if form.validate_on_submit():
        chosen = form.chosen_ids()
        operations.assign_modules(cohort, chosen, form.is_required.data, form.due_on.data)
        db.session.commit()
        flash(
            ngettext("%(num)d module has been assigned.", "%(num)d modules have been assigned.", len(chosen)), "success"
        )
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    page = _cohort_page(cohort, modules, form)
    return (page, 400) if form.is_submitted() else page


def _assignment_form(cohort: Cohort, module: queries.AssignedModule, **kwargs: Any) -> AssignmentForm:
    """The in-place form of one assigned module; the prefix keeps each row's field names and ids apart."""
    return AssignmentForm(cohort, prefix=f"module-{module.module_id}", obj=module, **kwargs)


def _cohort_page(
    cohort: Cohort,
    modules: list[queries.AssignedModule],
    form: AssignModulesForm,
    edited: tuple[int, AssignmentForm] | None = None,
) -> str:
    """The cohort page; `edited` is the row form that was posted and refused, shown with its messages."""
    forms = dict([edited]) if edited else {}
    rows = [
        (module, forms.get(module.module_id) or _assignment_form(cohort, module, formdata=None)) for module in modules
    ]
    return render_template(
        "cohorts/cohort.html",
        cohort=cohort,
        rows=rows,
        form=form,
        action=ActionForm(),
        certificates=queries.certificate_counts(cohort.id),
        language_labels=LANGUAGE_LABELS,
    )


@blueprint.route("/<int:cohort_id>/modules/<int:module_id>", methods=["POST"])
@roles(*MANAGERS)
def update_assignment(cohort_id: int, module_id: int) -> Response | tuple[str, int]:
    """Change whether an assigned module is required, and its due date, from its row on the cohort page."""
    cohort = _cohort(cohort_id)
    modules = queries.assigned_modules(cohort.id, str(get_locale()))
    module = next((module for module in modules if module.module_id == module_id), None) or abort(404)
    form = _assignment_form(cohort, module)
    if form.validate_on_submit():
        operations.assign_modules(cohort, [module_id], form.is_required.data, form.due_on.data)
        db.session.commit()
        flash(_("“%(title)s” has been saved.", title=module.title), "success")
        return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))
    assign = AssignModulesForm(cohort, formdata=None)
    assign.module_ids.choices = queries.module_choices(str(get_locale()), {module.module_id for module in modules})
    return _cohort_page(cohort, modules, assign, edited=(module_id, form)), 400


@blueprint.route("/<int:cohort_id>/modules/<int:module_id>/unassign", methods=["GET"])
@roles(*MANAGERS)
def confirm_unassign(cohort_id: int, module_id: int) -> str:
    """Ask before taking a module off the cohort: one click on the cohort page must not undo an assignment."""
    cohort = _cohort(cohort_id)
    assigned = {module.module_id: module for module in queries.assigned_modules(cohort.id, str(get_locale()))}
    module = assigned.get(module_id) or abort(404)
    return render_template("cohorts/unassign.html", cohort=cohort, module=module, action=ActionForm())


@blueprint.route("/<int:cohort_id>/modules/<int:module_id>/unassign", methods=["POST"])
@roles(*MANAGERS)
def unassign_module(cohort_id: int, module_id: int) -> Response:
    """Take a module off the cohort."""
    cohort = _cohort(cohort_id)
    if ActionForm().validate_on_submit():
        operations.unassign_module(cohort, module_id)
        db.session.commit()
        flash(_("The module is no longer assigned."), "success")
    return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))


@blueprint.route("/<int:cohort_id>/certificates", methods=["POST"])
@roles(*MANAGERS)
def issue_certificates(cohort_id: int) -> Response:
    """Give a participation certificate to each participant who took part without completing the cohort."""
    cohort = _cohort(cohort_id)
    if ActionForm().validate_on_submit():
        issued = issue_participation_certificates(cohort)
        db.session.commit()
        flash(
            ngettext(
                "%(num)d participation certificate has been issued.",
                "%(num)d participation certificates have been issued.",
                issued,
            ),
            "success",
        )
    return redirect(url_for("cohorts.show_cohort", cohort_id=cohort.id))


@blueprint.route("/<int:cohort_id>/participants")
@roles(*MANAGERS)
def list_participants(cohort_id: int) -> str:
    """The participants, whether they can sign in yet, their attendance, and where they stand in the cohort."""
    cohort = _cohort(cohort_id)
    rows = queries.participant_rows(cohort)
    found = standings([cohort], members(cohort))
    by_user = {user_id: standing for (_, user_id), standing in found.items()}
    held = {user_id: kinds for (_, user_id), kinds in held_certificates([cohort.id], members(cohort)).items()}
    resettable = {row.user.id for row in rows if may_issue_reset(signed_in_user().role, row.user.role)}
    invited = open_invitations([row.user.id for row in rows if not row.has_password])
    uninvited = [row for row in rows if not row.has_password and row.user.is_active and row.user.id not in invited]
    return render_template(
        "cohorts/participants.html",
        cohort=cohort,
        rows=rows,
        standings=by_user,
        held=held,
        resettable=resettable,
        invited={user_id: format_date(expires_at, "medium") for user_id, expires_at in invited.items()},
        uninvited=len(uninvited),
        can_email=mail_is_configured(),
        action=ActionForm(),
    )


def _record(form: ParticipantForm) -> UserRecord:
    return UserRecord(
        email=(form.email.data or "").strip().lower(),
        full_name=(form.full_name.data or "").strip(),
        country=form.country.data or "XX",
        organisation=(form.organisation.data or "").strip(),
        stakeholder_group=StakeholderGroup(form.stakeholder_group.data),
        gender=Gender(form.gender.data) if form.gender.data else None,
        language=form.preferred_language.data or "en",
    )


@blueprint.route("/<int:cohort_id>/participants/new", methods=["GET", "POST"])
@roles(*MANAGERS)
def add_participant(cohort_id: int) -> Response | str:
    """Enrol one person: an existing account is matched by email, otherwise a trainee account is created."""
    cohort = _cohort(cohort_id)
    form = ParticipantForm()
    if form.validate_on_submit():
        outcome = operations.enrol_records(cohort, [_record(form)])
        db.session.commit()
        # One message whether or not the email already had an account elsewhere (finding F4).
        if outcome.refused:
            # The reason (a staff account) is not said: it would tell that an account exists (finding F4).
            flash(_("This address cannot be enrolled; ask an administrator."), "error")
        elif not outcome.added:
            flash(_("This person was already enrolled."), "info")
        else:
            flash(
                _("The person has been enrolled. If they cannot sign in yet, send them an invitation link."), "success"
            )
        return redirect(url_for("cohorts.list_participants", cohort_id=cohort.id))
    return render_template("cohorts/participant_form.html", cohort=cohort, form=form)


@blueprint.route("/<int:cohort_id>/participants/upload", methods=["GET", "POST"])
@roles(*MANAGERS)
def upload_participants(cohort_id: int) -> Response | tuple[str, int] | str:
    """Enrol everyone in a CSV or XLSX file, or nobody: every problem is listed as `line N, column X: why`.

    An address that cannot be enrolled (a staff account's) is such a problem, with the same neutral words as the
    one-person form, so the file is refused whole rather than enrolled in part.
    """
    cohort = _cohort(cohort_id)
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(cohort, form, [])
    upload = form.file.data  # never None once the form validates: the field is FileRequired
    data = upload.read() if upload is not None else b""
    table = _read_table(upload.filename or "" if upload is not None else "", data)
    if isinstance(table, str | RecordProblem):
        return _upload_page(cohort, form, [table]), 400
    aliases = csv_aliases(current_app.config["LANGUAGES"])
    records, problems = check_enrolment_table(*table, aliases)
    refused = operations.staff_emails(records) if records else set()
    if refused:
        # The whole file is refused, naming the lines, as for any other problem: nobody is half-enrolled.
        records, problems = check_enrolment_table(*table, aliases, refused_emails=refused)
    if problems or not records:
        listed: list[RecordProblem | str] = [*problems] or [_("The file has no participants.")]
        return _upload_page(cohort, form, listed), 400
    outcome = operations.enrol_records(cohort, records)
    db.session.commit()
    flash(_("Enrolled: %(added)d.", added=outcome.added), "success")
    return redirect(url_for("cohorts.list_participants", cohort_id=cohort.id))


def _read_table(filename: str, data: bytes) -> tuple[list[str], list[Row]] | RecordProblem | str:
    """The header and rows of an uploaded XLSX or CSV file, or what stops it being read."""
    if is_xlsx(filename, data):
        return read_xlsx_table(data)
    try:
        return read_csv_table(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _not_utf8()


def _upload_page(cohort: Cohort, form: UploadForm, problems: list[RecordProblem | str]) -> str:
    """The upload page with the allowed values and, after a refused file, its problems in the reader's language."""
    texts = [problem_text(problem) if isinstance(problem, RecordProblem) else problem for problem in problems]
    return render_template("cohorts/upload.html", cohort=cohort, form=form, problems=texts, **_upload_values())


@blueprint.route("/<int:cohort_id>/participants/upload/template.<any(csv, xlsx):kind>")
@roles(*MANAGERS)
def upload_template(cohort_id: int, kind: str) -> Response:
    """A file to fill in: the header row and an example row; the XLSX lists the allowed values on a second sheet."""
    cohort = _cohort(cohort_id)
    if kind == "csv":
        body, mimetype = template_csv(), "text/csv; charset=utf-8"
    else:
        values = [
            (column, code, str(label))
            for column, _title, labels in _upload_values()["allowed_values"]
            for code, label in labels.items()
        ]
        titles = (_("Participants"), _("Allowed values"))
        body = template_xlsx(titles, (_("Column"), _("Code"), _("Label")), values)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"participants-cohort-{cohort.id}.{kind}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _upload_values() -> dict[str, Any]:
    """The allowed values of each coded column, as code and label, for the upload page and the XLSX template."""
    return {
        "allowed_values": [
            ("country", _("Country"), COUNTRY_LABELS),
            ("stakeholder_group", _("Stakeholder group"), STAKEHOLDER_LABELS),
            ("gender", _("Gender"), {code: label for code, label in GENDER_LABELS.items() if code}),
            ("language", _("Language"), LANGUAGE_LABELS),
        ]
    }


def _not_utf8() -> str:
    return _("line 1, column -: the file is not UTF-8 text; save it as “CSV UTF-8” and upload it again")


@blueprint.route("/<int:cohort_id>/participants/<int:user_id>/invite", methods=["POST"])
@roles(*MANAGERS)
def invite_participant(cohort_id: int, user_id: int) -> Response | tuple[str, int, dict[str, str]]:
    """Make a single-use invitation link for a participant without a password, and show it once."""
    cohort = _cohort(cohort_id)
    user = queries.enrolled_user(cohort.id, user_id) or abort(404)
    if user.password_hash is not None:  # the POST itself is checked by the global CSRF protection
        flash(_("This person can already sign in; no invitation is needed."), "info")
        return redirect(url_for("cohorts.list_participants", cohort_id=cohort.id))
    token = create_invitation(user, cohort)
    operations.audit_invitations(signed_in_user(), "invitation.link", cohort, [user])
    db.session.commit()
    page = render_template("cohorts/invitation_link.html", cohort=cohort, user=user, link=invitation_link(token))
    return page, 200, NO_STORE


@blueprint.route("/<int:cohort_id>/participants/<int:user_id>/invite/email", methods=["POST"])
@roles(*MANAGERS)
def email_participant_invitation(cohort_id: int, user_id: int) -> Response:
    """Email a new invitation link to one participant who cannot sign in yet, in their language."""
    cohort = _cohort(cohort_id)
    user = queries.enrolled_user(cohort.id, user_id) or abort(404)
    if not mail_is_configured():
        flash(_("Email is not set up on this site: make an invitation link and pass it on instead."), "error")
    elif user.password_hash is not None:
        flash(_("This person can already sign in; no invitation is needed."), "info")
    elif not user.is_active:
        flash(_("This account is deactivated; an administrator can activate it."), "error")
    else:
        _flash_sent(_send_invitations(cohort, [user]), 1)
    return redirect(url_for("cohorts.list_participants", cohort_id=cohort.id))


@blueprint.route("/<int:cohort_id>/participants/invite/email", methods=["POST"])
@roles(*MANAGERS)
def email_invitations(cohort_id: int) -> Response:
    """Email an invitation to every participant who can neither sign in nor holds a link that still works.

    Those with a working link are left alone: a new link would silently spend the one they were given.
    """
    cohort = _cohort(cohort_id)
    users = queries.invitable_users(cohort.id)
    holding = open_invitations([user.id for user in users])
    users = [user for user in users if user.id not in holding]
    if not mail_is_configured():
        flash(_("Email is not set up on this site: make an invitation link and pass it on instead."), "error")
    elif not users:
        flash(_("Everyone who cannot sign in yet already has an invitation that works."), "info")
    else:
        _flash_sent(_send_invitations(cohort, users), len(users))
    return redirect(url_for("cohorts.list_participants", cohort_id=cohort.id))


def _send_invitations(cohort: Cohort, users: list[User]) -> int:
    """Make and email a new link for each person; returns how many messages were sent (or queued).

    A link whose message failed is withdrawn at once, so that the person is offered an invitation again.
    """
    sent = []
    for user in users:
        token = create_invitation(user, cohort)
        if email_invitation(user, token, cohort):
            sent.append(user)
        else:
            withdraw_invitation(token)
    operations.audit_invitations(signed_in_user(), "invitation.email", cohort, sent)
    db.session.commit()
    return len(sent)


def _flash_sent(sent: int, wanted: int) -> None:
    if sent:
        flash(ngettext("%(num)d invitation has been sent.", "%(num)d invitations have been sent.", sent), "success")
    if sent < wanted:
        flash(
            ngettext(
                "%(num)d invitation could not be sent; try again later, or make a link instead.",
                "%(num)d invitations could not be sent; try again later, or make links instead.",
                wanted - sent,
            ),
            "error",
        )


@blueprint.route("/<int:cohort_id>/participants/invitations/print", methods=["GET"])
@roles(*MANAGERS)
def confirm_invitation_sheet(cohort_id: int) -> str:
    """Say what making the sheet does, with a button: opening this page changes nothing."""
    cohort = _cohort(cohort_id)
    users = queries.invitable_users(cohort.id)
    holding = open_invitations([user.id for user in users])
    return render_template(
        "cohorts/invitation_sheet_confirm.html",
        cohort=cohort,
        count=len(users),
        holding=len(holding),
        action=ActionForm(),
    )


@blueprint.route("/<int:cohort_id>/participants/invitations/print", methods=["POST"])
@roles(*MANAGERS)
def print_invitation_sheet(cohort_id: int) -> Response | tuple[str, int, dict[str, str]]:
    """A printable sheet: a card with a new invitation link and its QR code for each participant not signed in yet.

    A POST, not a GET, because it writes: only the hash of a token is stored, so a link can be shown only when it
    is made, and the sheet must make a new one for every card (spending any earlier unused link of that person).
    A GET that did this would be repeated by a reload, a prefetch or a crawler of the history, silently spending
    links already handed out; the GET at this address only asks for confirmation.
    """
    cohort = _cohort(cohort_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("cohorts.confirm_invitation_sheet", cohort_id=cohort.id))
    users = queries.invitable_users(cohort.id)
    cards = [invitation_card(user, invitation_link(create_invitation(user, cohort))) for user in users]
    operations.audit_invitations(signed_in_user(), "invitation.sheet", cohort, users)
    db.session.commit()
    expires_on = format_date(utcnow() + INVITATION_LIFETIME, "long")
    page = render_template("cohorts/invitation_sheet.html", cohort=cohort, cards=cards, expires_on=expires_on)
    return page, 200, NO_STORE


@blueprint.route("/<int:cohort_id>/participants/<int:user_id>/reset-link", methods=["POST"])
@roles(*MANAGERS)
def reset_participant_password(cohort_id: int, user_id: int) -> Response | tuple[str, int, dict[str, str]]:
    """Make a one-time password reset link for a trainee of the cohort, and show it once (emailed too, if set up).

    A coordinator may do so for trainees only (`may_issue_reset`).
    """
    cohort = _cohort(cohort_id)
    user = queries.enrolled_user(cohort.id, user_id) or abort(404)
    if not may_issue_reset(signed_in_user().role, user.role):
        abort(403)
    token = create_reset(user, issued_by=signed_in_user())
    db.session.commit()
    back = url_for("cohorts.list_participants", cohort_id=cohort.id)
    return reset_link_page(user, token, back, _("Back to the participants"))


@blueprint.route("/<int:cohort_id>/sessions", methods=["GET", "POST"])
@roles(*MANAGERS)
def list_sessions(cohort_id: int) -> Response | str:
    """The cohort's in-person sessions with their attendance; the form adds one."""
    cohort = _cohort(cohort_id)
    form = SessionForm(cohort)
    if form.validate_on_submit():
        session = operations.add_session(cohort, (form.title.data or "").strip(), form.held_on.data)
        db.session.commit()
        return redirect(url_for("cohorts.record_attendance", cohort_id=cohort.id, session_id=session.id))
    sessions = queries.sessions_of(cohort.id)
    return render_template("cohorts/sessions.html", cohort=cohort, sessions=sessions, form=form)


@blueprint.route("/<int:cohort_id>/sessions/<int:session_id>", methods=["GET", "POST"])
@roles(*MANAGERS)
def record_attendance(cohort_id: int, session_id: int) -> Response | str:
    """Tick who attended a session; not before the session's day (UTC), since nobody has attended it yet."""
    cohort = _cohort(cohort_id)
    session = queries.session_or_none(cohort.id, session_id) or abort(404)
    form = ActionForm()
    is_future = session.held_on is not None and session.held_on > utcnow().date()
    if is_future and request.method == "POST":
        flash(_("This session has not taken place yet: record attendance on or after its date."), "error")
        return redirect(url_for("cohorts.record_attendance", cohort_id=cohort.id, session_id=session.id))
    if form.validate_on_submit():
        present = {int(value) for value in request.form.getlist("present") if value.isdigit()}
        participants = queries.enrolled_user_ids(cohort.id)
        operations.record_attendance(cohort, session, present, participants)
        db.session.commit()
        flash(_("Attendance has been saved."), "success")
        return redirect(url_for("cohorts.list_sessions", cohort_id=cohort.id))
    rows = queries.participant_rows(cohort)
    present = queries.present_user_ids(session.id)
    return render_template(
        "cohorts/attendance.html",
        cohort=cohort,
        meeting=session,
        rows=rows,
        present=present,
        form=form,
        is_future=is_future,
    )


@invitations_blueprint.route("/invitations/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str) -> Response | tuple[str, int] | str:
    """Set one's password once from an invitation link, then be signed in; a spent or expired link changes nothing."""
    invitation = find_invitation(token[:100])
    user = db.session.get(User, invitation.user_id) if invitation else None
    if invitation is None or user is None or not user.is_active:
        return render_template("cohorts/invitation_invalid.html", state=None), 404
    if browser_session.get(INVITATION_SEEN_KEY) != invitation.id and not current_user.is_authenticated:
        # The first time this browser opens the link, it speaks the invitee's language; the language switch on the
        # page then works as anywhere else.
        browser_session[SESSION_KEY] = user.preferred_language
        browser_session[INVITATION_SEEN_KEY] = invitation.id
        refresh_locale()
    state = state_of(invitation, user)
    if state != InvitationState.VALID:
        return render_template("cohorts/invitation_invalid.html", state=state.value), 410
    form = SetPasswordForm(personal_words=[user.email, user.full_name])
    if form.validate_on_submit():
        spend_invitation(invitation, user, form.new_password.data or "")
        db.session.commit()
        start_session(user)
        flash(_("Your password has been set. Welcome."), "success")
        return redirect(url_for("site.home"))
    return render_template("cohorts/invitation.html", form=form, user=user)


@invitations_blueprint.after_request
def forbid_caching(response: Response) -> Response:
    """An invitation page names a person and carries a secret link: no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response
