"""The privacy notice and its acceptance, download my data, and the administrator's erasure of a person."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from learnapp.access import public, roles, signed_in
from learnapp.accounts.sessions import signed_in_user
from learnapp.domain.profiles import Role
from learnapp.domain.redirects import is_safe_next
from learnapp.extensions import db
from learnapp.models import User
from learnapp.privacy import notice
from learnapp.privacy.erasure import erase_person
from learnapp.privacy.export import archive_name, export_archive, record_export
from learnapp.privacy.forms import AcceptNoticeForm, EraseForm

blueprint = Blueprint("privacy", __name__, template_folder="templates")

# Pages a trainee may open before accepting the notice: the notice itself, signing out, the language switch.
BEFORE_ACCEPTANCE = frozenset({"privacy.show_notice", "privacy.accept_notice", "auth.sign_out", "site.set_language"})


@blueprint.before_app_request
def ask_for_acceptance() -> Response | None:
    """Send a trainee who has not accepted the current notice to accept it first, then on to where they were going."""
    endpoint = request.endpoint or ""
    if endpoint in BEFORE_ACCEPTANCE or endpoint == "static" or endpoint.endswith(".static"):
        return None
    if not current_user.is_authenticated or not notice.needs_to_accept(signed_in_user()):
        return None
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("privacy.accept_notice", next=target))


def _notice_context() -> dict[str, object]:
    language = "ru" if str(get_locale()) == "ru" else "en"
    return {
        "notice_template": f"privacy/notice_{language}.html",
        "version": notice.NOTICE_VERSION,
        "date": format_date(notice.NOTICE_DATE, "long"),
    }


@blueprint.route("/privacy")
@public
def show_notice() -> str:
    """The privacy notice, in the reader's language: what is kept, why, who sees it, for how long, and one's rights."""
    return render_template("privacy/notice.html", **_notice_context())


@blueprint.route("/privacy/accept", methods=["GET", "POST"])
@signed_in
def accept_notice() -> Response | str:
    """Show the notice with an "I accept" button; accepting records the version and time, then goes on to `next`."""
    form = AcceptNoticeForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        notice.accept_notice(signed_in_user())
        db.session.commit()
        target = form.next.data
        return redirect(target if is_safe_next(target) else url_for("site.home"))
    return render_template("privacy/accept.html", form=form, **_notice_context())


@blueprint.route("/account/my-data.zip")
@signed_in
def download_my_data() -> Response:
    """Everything the platform keeps about the signed-in person, as a .zip of JSON and CSV files; audited."""
    user = signed_in_user()
    archive = export_archive(user)
    record_export(user, actor=user)
    db.session.commit()
    response = Response(archive, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{archive_name(user)}"'
    return response


@blueprint.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@roles(Role.ADMIN)
def erase_user(user_id: int) -> Response | tuple[str, int] | str:
    """Erase a person's data on their request, after the administrator types their email again."""
    user = db.session.get(User, user_id) or abort(404)
    if user.erased_at is not None:
        flash(_("This person's data has already been erased."), "info")
        return redirect(url_for("admin.list_users"))
    if user.id == signed_in_user().id:
        flash(_("You cannot erase your own account. Ask another administrator."), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    form = EraseForm()
    if form.validate_on_submit():
        if (form.email.data or "").strip().lower() != user.email:
            form.email.errors = [_("This is not the email of the account being erased.")]
            return render_template("privacy/erase.html", form=form, user=user), 400
        erase_person(user, actor=signed_in_user())
        db.session.commit()
        flash(_("The person's data has been erased. Their statistics remain, anonymous."), "success")
        return redirect(url_for("admin.list_users"))
    return render_template("privacy/erase.html", form=form, user=user)
