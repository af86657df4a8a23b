"""Sign in, sign out, change password, edit one's own profile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from learnapp.access import public, signed_in
from learnapp.accounts.operations import end_all_sessions, set_time_zone, update_profile
from learnapp.accounts.resets import find_reset, reset_state, spend_reset
from learnapp.accounts.sessions import signed_in_user, start_session
from learnapp.auth import operations
from learnapp.auth.forms import AccountForm, PasswordChangeForm, ResetPasswordForm, ResetRequestForm, SignInForm
from learnapp.domain.enrolment import InvitationState
from learnapp.domain.profiles import Role
from learnapp.domain.redirects import is_safe_next
from learnapp.extensions import db, limiter, reset_request_limit, sign_in_limit
from learnapp.i18n import SESSION_KEY as LANGUAGE_SESSION_KEY
from learnapp.mail import is_configured as mail_is_configured
from learnapp.models import User
from learnapp.models.types import utcnow
from learnapp.observability import SIGN_IN_FAILURES

blueprint = Blueprint("auth", __name__, template_folder="templates")


# A reset page carries a secret link and names a person: no browser or proxy may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}


def _redirect_after_sign_in(target: str | None) -> Response:
    return redirect(target if is_safe_next(target) else url_for("site.home"))


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
@public
def sign_in() -> Response | str:
    """Show the sign-in form; on success start a fresh session and go to `next` if it is on this site."""
    if current_user.is_authenticated:
        return _redirect_after_sign_in(request.args.get("next"))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        db.session.commit()
        if user is not None:
            start_session(user)
            return _redirect_after_sign_in(form.next.data)
        SIGN_IN_FAILURES.inc()
        flash(_("The email or password is not right, or the account is locked. Try again in a few minutes."), "error")
    return render_template("auth/sign_in.html", form=form)


@blueprint.route("/sign-out", methods=["POST"])
@signed_in
def sign_out() -> Response:
    """End this session and every other copy of it; the sign-in page stays in the user's language."""
    user = signed_in_user()
    end_all_sessions(user)
    db.session.commit()
    logout_user()
    session.clear()
    session[LANGUAGE_SESSION_KEY] = user.preferred_language
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password() -> Response | str:
    """Change one's password; other sessions end, this one continues under the new token."""
    user = signed_in_user()
    form = PasswordChangeForm(personal_words=[user.email, user.full_name])
    if form.validate_on_submit():
        if operations.change_password(user, form.current_password.data or "", form.new_password.data or ""):
            db.session.commit()
            login_user(user)
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("auth.edit_profile"))
        form.current_password.errors = [_("The current password is not right.")]
    return render_template("auth/change_password.html", form=form)


@blueprint.route("/account", methods=["GET", "POST"])
@signed_in
def edit_profile() -> Response | str:
    """Edit one's own profile: name, country, organisation, group, gender, language, time zone."""
    user = signed_in_user()
    form = AccountForm(obj=user, gender=user.gender or "", time_zone=user.time_zone or "")
    if form.validate_on_submit():
        update_profile(user, form.record(user.email, Role(user.role)))
        set_time_zone(user, form.time_zone.data or None)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.edit_profile"))
    now_in_zone = format_datetime(utcnow(), "d MMMM, HH:mm zzzz")
    return render_template("auth/profile.html", form=form, now_in_zone=now_in_zone)


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(reset_request_limit, methods=["POST"])
@public
def forgot_password() -> Response | str:
    """Ask for a reset link by email; without email configured, the page says to ask the coordinator."""
    if not mail_is_configured():
        return render_template("auth/forgot_password.html", form=None)
    form = ResetRequestForm()
    if form.validate_on_submit():
        operations.email_reset_link(form.email.data or "")
        db.session.commit()
        flash(_("If an account uses this address, a link to choose a new password has been sent to it."), "info")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/forgot_password.html", form=form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> Response | tuple[str, int, dict[str, str]]:
    """Choose a new password once from a reset link, then be signed in; a spent or expired link changes nothing."""
    reset = find_reset(token[:100])
    user = db.session.get(User, reset.user_id) if reset else None
    if reset is None or user is None or not user.is_active:
        return render_template("auth/reset_invalid.html", state=None), 404, NO_STORE
    state = reset_state(reset)
    if state != InvitationState.VALID:
        return render_template("auth/reset_invalid.html", state=state.value), 410, NO_STORE
    form = ResetPasswordForm(personal_words=[user.email, user.full_name])
    if form.validate_on_submit():
        spend_reset(reset, user, form.new_password.data or "")
        db.session.commit()
        start_session(user)
        flash(_("Your new password has been set."), "success")
        return redirect(url_for("site.home"))
    return render_template("auth/reset_password.html", form=form, user=user), 200, NO_STORE
