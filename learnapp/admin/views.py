"""Managing users and roles (administrators only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from werkzeug.wrappers import Response

from learnapp.access import roles
from learnapp.accounts import operations
from learnapp.accounts.operations import set_password
from learnapp.accounts.resets import create_reset, reset_link_page
from learnapp.accounts.sessions import signed_in_user
from learnapp.admin import queries
from learnapp.admin.forms import UserForm
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.labels import COUNTRY_LABELS, ROLE_LABELS, STAKEHOLDER_LABELS
from learnapp.models import User
from learnapp.request_input import page_argument

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@blueprint.route("/users")
@roles(Role.ADMIN)
def list_users() -> str:
    """Users, filtered by role and by a name or email fragment, 50 to a page."""
    role = request.args.get("role") if request.args.get("role") in ROLE_LABELS else None
    search = request.args.get("q", "").strip()[:100]
    page = queries.users_page(page_argument(), role, search)
    return render_template(
        "admin/users.html",
        page=page,
        role=role,
        search=search,
        role_labels=ROLE_LABELS,
        country_labels=COUNTRY_LABELS,
        group_labels=STAKEHOLDER_LABELS,
    )


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_user() -> Response | str:
    """Create an account with a role and a profile."""
    form = UserForm()
    if form.validate_on_submit():
        user = operations.create_user(_record(form), form.new_password.data or None)
        operations.set_active(user, form.is_active.data)
        db.session.commit()
        flash(_("The account for %(email)s has been created.", email=user.email), "success")
        return redirect(url_for("admin.list_users"))
    return render_template("admin/user_form.html", form=form, user=None)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_user(user_id: int) -> Response | tuple[str, int] | str:
    """Change an account's profile, role, status or password. Administrators cannot lock themselves out."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(user=user)
    is_self = user.id == signed_in_user().id
    if form.validate_on_submit():
        if is_self and (form.role.data != user.role or not form.is_active.data):
            flash(_("You cannot change your own role or deactivate your own account."), "error")
            return render_template("admin/user_form.html", form=form, user=user), 400
        if user.erased_at is not None and form.is_active.data:
            # Erasure is final: the account is anonymous and must stay unable to sign in (docs/privacy.md).
            flash(_("This account's data has been erased: it cannot be made active again."), "error")
            return render_template("admin/user_form.html", form=form, user=user), 400
        _apply(form, user)
        db.session.commit()
        if is_self:
            login_user(user)  # a new password rotated the session token; keep this device signed in
        flash(_("The account for %(email)s has been saved.", email=user.email), "success")
        return redirect(url_for("admin.list_users"))
    return render_template("admin/user_form.html", form=form, user=user)


@blueprint.route("/users/<int:user_id>/reset-link", methods=["POST"])
@roles(Role.ADMIN)
def reset_user_password(user_id: int) -> tuple[str, int, dict[str, str]]:
    """Make a one-time password reset link for any account, and show it once (emailed too, if set up)."""
    user = db.session.get(User, user_id) or abort(404)
    token = create_reset(user, issued_by=signed_in_user())
    db.session.commit()
    back = url_for("admin.edit_user", user_id=user.id)
    return reset_link_page(user, token, back, _("Back to the account"))


def _apply(form: UserForm, user: User) -> None:
    record = _record(form)
    user.email = record.email
    operations.update_profile(user, record)
    operations.set_role(user, record.role.value, actor_id=signed_in_user().id)
    operations.set_active(user, form.is_active.data, actor_id=signed_in_user().id)
    if form.new_password.data:
        set_password(user, form.new_password.data)


def _record(form: UserForm) -> UserRecord:
    return form.record(form.email.data or "", Role(form.role.data))
