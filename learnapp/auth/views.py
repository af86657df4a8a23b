"""Sign in, sign out, change password, edit one's own profile."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from learnapp.access import public, signed_in
from learnapp.accounts.forms import ProfileForm
from learnapp.accounts.operations import end_all_sessions, update_profile
from learnapp.accounts.sessions import signed_in_user, start_session
from learnapp.auth import operations
from learnapp.auth.forms import PasswordChangeForm, SignInForm
from learnapp.domain.profiles import Role
from learnapp.domain.redirects import is_safe_next
from learnapp.extensions import db, limiter, sign_in_limit
from learnapp.i18n import SESSION_KEY as LANGUAGE_SESSION_KEY
from learnapp.observability import SIGN_IN_FAILURES

blueprint = Blueprint("auth", __name__, template_folder="templates")


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
    """Edit one's own profile: name, country, organisation, group, gender, language."""
    user = signed_in_user()
    form = ProfileForm(obj=user, gender=user.gender or "")
    if form.validate_on_submit():
        update_profile(user, form.record(user.email, Role(user.role)))
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.edit_profile"))
    return render_template("auth/profile.html", form=form)
