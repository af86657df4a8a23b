"""The trainers' studio: module drafts edited in the browser, checked, previewed, reviewed and published.

Trainers and administrators open every studio page; only a module's authors and administrators change anything
(each POST checks it). Non-authors read the draft and preview it, which is what "read and preview" means for staff
who already see every published module.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from learnapp.access import roles
from learnapp.accounts.sessions import signed_in_user
from learnapp.author import assessment_preview, operations, pages, queries
from learnapp.author.forms import (
    REVIEW_POLICY_LABELS,
    ActionForm,
    AuthorForm,
    FileForm,
    LessonNameForm,
    MediaForm,
    NewModuleForm,
    PublishForm,
    QuizSettingsForm,
    ReviewForm,
    ReviewRequestForm,
    SettingsForm,
    ZipForm,
)
from learnapp.author.preview_bar import asked_width, preview_bar
from learnapp.author.preview_links import DraftLessonAddresses
from learnapp.author.settings import form_settings, quiz_form_data, quiz_front_matter, settings_form_data
from learnapp.author.sources import version_files
from learnapp.domain import drafting
from learnapp.domain.drafting import DraftError
from learnapp.domain.media_upload import MAX_PDF_BYTES, MediaRefused, check_media, uses_of
from learnapp.domain.module_archive import ArchiveError, pack_module, unpack_module
from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.i18n import LANGUAGE_NAMES
from learnapp.labels import (
    CHANGE_LABELS,
    DECISION_LABELS,
    DIFF_LINE_LABELS,
    QUESTION_KIND_LABELS,
    REVIEW_STATE_LABELS,
    SEVERITY_LABELS,
)
from learnapp.models import Draft
from learnapp.request_input import accepts_body_up_to

blueprint = Blueprint("author", __name__, url_prefix="/studio", template_folder="templates")
STUDIO = (Role.TRAINER, Role.ADMIN)
MAX_ZIP_BYTES = 60 * 1024 * 1024


@blueprint.context_processor
def studio_labels() -> dict[str, Any]:
    """The translated labels every studio template may print."""
    return {
        "review_labels": REVIEW_STATE_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "decision_labels": DECISION_LABELS,
        "change_labels": CHANGE_LABELS,
        "diff_labels": DIFF_LINE_LABELS,
        "language_names": LANGUAGE_NAMES,
        "question_labels": QUESTION_KIND_LABELS,
    }


def _language() -> str:
    """The preview language: ``?lang=`` when it is a studio language, else the reader's."""
    asked = request.args.get("lang", "")
    return asked if asked in pages.STUDIO_LANGUAGES else str(get_locale())


def _draft_or_404(slug: str) -> Draft:
    return queries.draft(slug) or abort(404)


def _can_edit(draft: Draft) -> bool:
    user = signed_in_user()
    return user.role == Role.ADMIN.value or queries.is_author(draft.id, user.id)


def _editable_or_403(slug: str) -> Draft:
    draft = _draft_or_404(slug)
    if not _can_edit(draft):
        abort(403)
    return draft


def _refused(error: DraftError, slug: str) -> Response:
    flash(_("This change was not made: %(reason)s.", reason=str(error)), "error")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/")
@roles(*STUDIO)
def home() -> str:
    """The modules the trainer authors first, then every other module, each with its status."""
    rows = queries.studio_rows(signed_in_user().id)
    return render_template("author/home.html", rows=rows, language=str(get_locale()), zip_form=ZipForm())


@blueprint.route("/new", methods=["GET", "POST"])
@roles(*STUDIO)
def new_module() -> Response | str:
    """A new module: its id and titles; the studio writes module.yaml and a first lesson per language."""
    form = NewModuleForm()
    if form.validate_on_submit():
        slug = form.slug.data or ""
        if queries.draft(slug) is not None or queries.published(slug) is not None:
            form.slug.errors = [_("A module with this id already exists: choose another id.")]
        else:
            titles = {"en": form.title_en.data or ""}
            if form.title_ru.data:
                titles["ru"] = form.title_ru.data
            operations.create_module(slug, titles, signed_in_user().id)
            db.session.commit()
            flash(_("The module has been created. Nothing is published until you publish it."), "success")
            return redirect(url_for("author.show_module", slug=slug))
    return render_template("author/new_module.html", form=form)


@blueprint.route("/<slug>/")
@roles(*STUDIO)
def show_module(slug: str) -> str:
    """The module's desk: lessons by language, quiz and survey, media, problems, authors and the next steps."""
    draft = queries.draft(slug)
    if draft is None:
        module, version = queries.published(slug) or abort(404)
        return render_template(
            "author/no_draft.html",
            module=module,
            version=version,
            form=ActionForm(),
            is_admin=signed_in_user().role == Role.ADMIN.value,
        )
    published = queries.published(slug)
    return render_template(
        "author/module.html",
        desk=pages.desk(draft, _can_edit(draft)),
        version=published[1] if published else None,
        lesson_form=LessonNameForm(),
        action_form=ActionForm(),
        author_form=_author_form(draft),
        request_form=ReviewRequestForm(),
        publish_form=PublishForm(),
        media_form=MediaForm(),
    )


def _author_form(draft: Draft) -> AuthorForm | None:
    if signed_in_user().role != Role.ADMIN.value:
        return None
    form = AuthorForm()
    form.user_id.choices = [
        (person.id, f"{person.name} ({person.email})") for person in queries.trainers_not_authoring(draft.id)
    ]
    return form


@blueprint.route("/<slug>/draft", methods=["POST"])
@roles(*STUDIO)
def start_draft(slug: str) -> Response:
    """Start editing a published module: administrators only, until the module has authors."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if signed_in_user().role != Role.ADMIN.value:
        abort(403)
    if queries.draft(slug) is None:
        module, version = queries.published(slug) or abort(404)
        operations.start_draft(
            slug, version_files(version.id), signed_in_user().id, module_id=module.id, folder=version.source_folder
        )
        db.session.commit()
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/authors", methods=["POST"])
@roles(Role.ADMIN)
def add_author(slug: str) -> Response:
    """Make a trainer an author of the module."""
    draft = _draft_or_404(slug)
    form = _author_form(draft)
    if form is None or not form.validate_on_submit():
        flash(_("Choose a trainer to add."), "error")
    else:
        operations.add_author(draft, form.user_id.data)
        db.session.commit()
        flash(_("The trainer is now an author of this module."), "success")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/authors/<int:user_id>/remove", methods=["POST"])
@roles(Role.ADMIN)
def remove_author(slug: str, user_id: int) -> Response:
    """The trainer stops being an author of the module."""
    draft = _draft_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    operations.remove_author(draft, user_id)
    db.session.commit()
    flash(_("The trainer is no longer an author of this module."), "success")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/files/<path:path>")
@roles(*STUDIO)
def edit_file(slug: str, path: str) -> str:
    """A text file of the draft with line numbers and its problems; ``?twin=1`` shows the other language beside."""
    draft = _draft_or_404(slug)
    if not drafting.is_text(path):
        abort(404)
    page = pages.editor(draft, path, with_twin=request.args.get("twin") == "1", can_edit=_can_edit(draft))
    form = FileForm(data={"text": page.text, "revision": page.revision})
    if page.assessment_kind:
        form.offer_questions(graded=page.assessment_kind == "quiz")
    return render_template("author/editor.html", page=page, form=form)


@blueprint.route("/<slug>/files/<path:path>", methods=["POST"])
@roles(*STUDIO)
def save_file(slug: str, path: str) -> Response | tuple[str | Response, int]:
    """Save the text if nobody saved the file meanwhile; otherwise the conflict page with both texts, nothing lost."""
    draft = _editable_or_403(slug)
    form = FileForm()
    if not drafting.is_text(path) or not form.validate_on_submit():
        abort(400)
    text = form.text.data or ""
    if form.add_question.data:
        kind = form.question_kind.data or ""
        graded = path.startswith("quiz.")
        try:
            text = drafting.with_question(text, kind, graded=graded)
        except DraftError as error:
            return _refused(error, slug)
    try:
        conflict = operations.save_text(draft, path, text, _revision(form.revision.data), signed_in_user().id)
    except DraftError as error:
        return _refused(error, slug)
    if conflict is not None:
        db.session.rollback()
        if _wants_json():
            return jsonify(error="conflict"), 409
        diff = drafting.diff_lines(conflict.stored, conflict.sent)
        return render_template("author/conflict.html", draft=draft, conflict=conflict, diff=diff), 409
    db.session.commit()
    if _wants_json():
        return jsonify(
            revision=queries.file_entries(draft.id)[path].revision,
            errors=draft.error_count,
            warnings=draft.warning_count,
        ), 200
    if form.preview.data and path.startswith(drafting.LESSON_FOLDER):
        stem, _dot, language = path.removeprefix(f"{drafting.LESSON_FOLDER}/").removesuffix(".md").rpartition(".")
        return redirect(url_for("author.preview_lesson", slug=slug, stem=stem, lang=language))
    if form.preview.data:
        return redirect(url_for("author.preview_module", slug=slug))
    flash(_("Saved."), "success")
    return redirect(url_for("author.edit_file", slug=slug, path=path))


def _wants_json() -> bool:
    """Autosave (studio.js) asks for JSON; a form post without JavaScript gets pages and redirects."""
    return request.accept_mimetypes.best == "application/json"


def _revision(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        abort(400)


@blueprint.route("/<slug>/lessons", methods=["POST"])
@roles(*STUDIO)
def add_lesson(slug: str) -> Response:
    """A new lesson at the end, in English and Russian."""
    draft = _editable_or_403(slug)
    form = LessonNameForm()
    if not form.validate_on_submit():
        flash(_("The lesson was not added: %(reason)s", reason=" ".join(map(str, form.name.errors))), "error")
        return redirect(url_for("author.show_module", slug=slug))
    try:
        paths = operations.add_lesson(draft, form.name.data or "", pages.STUDIO_LANGUAGES, signed_in_user().id)
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    return redirect(url_for("author.edit_file", slug=slug, path=paths[0]))


@blueprint.route("/<slug>/lessons/<stem>/move", methods=["POST"])
@roles(*STUDIO)
def move_lesson(slug: str, stem: str) -> Response:
    """Move a lesson one place up or down (``direction``); positions are renumbered."""
    draft = _editable_or_403(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    offset = -1 if request.form.get("direction") == "up" else 1
    try:
        operations.move_lesson(draft, stem, offset, signed_in_user().id)
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    return redirect(url_for("author.show_module", slug=slug, _anchor="lessons"))


@blueprint.route("/<slug>/lessons/<stem>/rename", methods=["POST"])
@roles(*STUDIO)
def rename_lesson(slug: str, stem: str) -> Response:
    """Give a lesson a new name in every language."""
    draft = _editable_or_403(slug)
    form = LessonNameForm()
    if not form.validate_on_submit():
        flash(_("The lesson was not renamed: %(reason)s", reason=" ".join(map(str, form.name.errors))), "error")
        return redirect(url_for("author.show_module", slug=slug))
    try:
        operations.rename_lesson(draft, stem, form.name.data or "", signed_in_user().id)
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    return redirect(url_for("author.show_module", slug=slug, _anchor="lessons"))


@blueprint.route("/<slug>/lessons/<stem>/delete", methods=["POST"])
@roles(*STUDIO)
def delete_lesson(slug: str, stem: str) -> Response:
    """Remove a lesson in every language; the others are renumbered."""
    draft = _editable_or_403(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        operations.delete_lesson(draft, stem, signed_in_user().id)
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("The lesson has been deleted from the draft."), "success")
    return redirect(url_for("author.show_module", slug=slug, _anchor="lessons"))


@blueprint.route("/<slug>/settings", methods=["GET", "POST"])
@roles(*STUDIO)
def edit_settings(slug: str) -> Response | str:
    """module.yaml as a form; saving writes the file back (comments in it are not kept)."""
    draft = _draft_or_404(slug)
    current = queries.draft_file(draft.id, drafting.MODULE_FILE)
    settings = operations.read_settings(current.data if current else b"")
    if settings is None:
        flash(_("module.yaml cannot be read as settings: fix it in the text editor first."), "error")
        return redirect(url_for("author.edit_file", slug=slug, path=drafting.MODULE_FILE))
    form = SettingsForm(data=settings_form_data(settings, draft.review_required))
    if request.method == "POST":
        if not _can_edit(draft):
            abort(403)
        if form.validate_on_submit():
            operations.write_settings(draft, form_settings(form, settings), signed_in_user().id)
            operations.set_review_required(draft, bool(form.review_required.data))
            db.session.commit()
            flash(_("The settings have been saved to module.yaml."), "success")
            return redirect(url_for("author.show_module", slug=slug))
    return render_template("author/settings.html", draft=draft, form=form, can_edit=_can_edit(draft))


@blueprint.route("/<slug>/preview/")
@roles(*STUDIO)
def preview_module(slug: str) -> str:
    """The draft's module page as a trainee would first see it, in ``?lang=``."""
    page = pages.module_preview(_draft_or_404(slug), _language())
    return render_template("author/preview_module.html", page=page, **_preview_bar())


@blueprint.route("/<slug>/preview/lessons/<stem>")
@roles(*STUDIO)
def preview_lesson(slug: str, stem: str) -> str:
    """A draft lesson rendered by the same renderer, sanitiser and lesson partial as the trainee's page."""
    page = pages.lesson_preview(_draft_or_404(slug), stem, _language())
    return render_template("author/preview_lesson.html", page=page, **_preview_bar())


def _preview_bar(endpoint: str | None = None, **args: Any) -> dict[str, Any]:
    """The preview language and the bar's links (language, phone or full width) for a preview template."""
    language = _language()
    return {"language": language, "bar": preview_bar(language, pages.STUDIO_LANGUAGES, endpoint, **args)}


@blueprint.route("/<slug>/media/<path:path>")
@roles(*STUDIO)
def draft_media(slug: str, path: str) -> Response:
    """An image or attachment of the draft, for the preview."""
    draft = _draft_or_404(slug)
    file = queries.draft_file(draft.id, path)
    if file is None or drafting.is_text(path):
        abort(404)
    media_type = drafting.media_type(path)
    response = Response(file.data, mimetype=media_type)
    response.headers["Content-Disposition"] = "inline" if media_type.startswith("image/") else "attachment"
    return response


@blueprint.route("/<slug>/review", methods=["GET", "POST"])
@roles(*STUDIO)
def review(slug: str) -> Response | str:
    """The change against the published version, the comments, and (for another author or an admin) a decision."""
    draft = _draft_or_404(slug)
    form = ReviewForm()
    if request.method == "POST":
        if not _can_edit(draft):
            abort(403)
        if form.validate_on_submit():
            try:
                operations.review(draft, signed_in_user().id, form.decision.data or "comment", form.body.data or "")
            except DraftError as error:
                flash(_("This change was not made: %(reason)s.", reason=str(error)), "error")
                return redirect(url_for("author.review", slug=slug))
            db.session.commit()
            flash(_("Your review has been recorded."), "success")
            return redirect(url_for("author.review", slug=slug))
    published = queries.published(slug)
    old = version_files(published[1].id) if published else {}
    changes = drafting.diff_files(old, queries.file_contents(draft.id))
    return render_template(
        "author/review.html",
        draft=draft,
        changes=changes,
        comments=queries.comments(draft.id),
        form=form,
        can_review=_can_edit(draft),
        may_approve=operations.may_approve(draft, signed_in_user().id),
    )


@blueprint.route("/<slug>/review/request", methods=["POST"])
@roles(*STUDIO)
def request_review(slug: str) -> Response:
    """Ask for a review of the draft as it stands."""
    draft = _editable_or_403(slug)
    form = ReviewRequestForm()
    if not form.validate_on_submit():
        flash(_("Say what changed, for the reviewer."), "error")
        return redirect(url_for("author.show_module", slug=slug))
    try:
        operations.request_review(draft, signed_in_user().id, form.request_note.data or "")
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("A review has been requested."), "success")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/media", methods=["POST"])
@roles(*STUDIO)
@accepts_body_up_to(MAX_PDF_BYTES)
def upload_media(slug: str) -> Response:
    """Add an image (alt text required, to write its Markdown) or a PDF attachment to the draft."""
    draft = _editable_or_403(slug)
    form = MediaForm()
    upload = form.file.data
    if not form.validate_on_submit() or upload is None:
        flash(_("Choose a file to upload."), "error")
        return redirect(url_for("author.show_module", slug=slug, _anchor="media"))
    data = upload.read(MAX_PDF_BYTES + 1)
    alt = " ".join((form.alt.data or "").replace("[", "(").replace("]", ")").split())
    try:
        checked = check_media(upload.filename or "", data)
    except MediaRefused as error:
        flash(_("The file was not added: %(reason)s.", reason=str(error)), "error")
        return redirect(url_for("author.show_module", slug=slug, _anchor="media"))
    if checked.is_image and not alt:
        flash(
            _("The image was not added: describe it in the alternative text, for readers who cannot see it."), "error"
        )
        return redirect(url_for("author.show_module", slug=slug, _anchor="media"))
    operations.put_media(draft, checked.path, data, signed_in_user().id)
    db.session.commit()
    snippet = f"![{alt}]({checked.path})" if checked.is_image else f"[{upload.filename}]({checked.path})"
    flash(_("Added. Insert it in a lesson with: %(markdown)s", markdown=snippet), "success")
    return redirect(url_for("author.show_module", slug=slug, _anchor="media"))


@blueprint.route("/<slug>/media/<path:path>/delete", methods=["POST"])
@roles(*STUDIO)
def delete_media(slug: str, path: str) -> Response | str:
    """Remove a media file; when lessons or quizzes use it, first a warning that lists them."""
    draft = _editable_or_403(slug)
    if not ActionForm().validate_on_submit() or drafting.is_text(path):
        abort(400)
    texts = {name: data.decode("utf-8", errors="replace") for name, data in queries.text_contents(draft.id).items()}
    used_in = uses_of(path, texts)
    if used_in and request.form.get("confirm") != "1":
        return render_template("author/media_in_use.html", draft=draft, path=path, used_in=used_in, form=ActionForm())
    operations.delete_file(draft, path, signed_in_user().id)
    db.session.commit()
    flash(_("%(path)s has been deleted from the draft.", path=path), "success")
    return redirect(url_for("author.show_module", slug=slug, _anchor="media"))


@blueprint.route("/<slug>/publish", methods=["POST"])
@roles(*STUDIO)
def publish(slug: str) -> Response:
    """Publish the draft as the next version, with its change note; refused while errors remain or review is due."""
    draft = _editable_or_403(slug)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Write a change note: it tells trainers and reviewers what this version changes."), "error")
        return redirect(url_for("author.show_module", slug=slug, _anchor="publish"))
    published = queries.published(slug)
    try:
        version = operations.publish(
            draft, form.note.data or "", signed_in_user().id, published[1].content_hash if published else None
        )
    except DraftError as error:
        return _refused(error, slug)
    db.session.commit()
    flash(_("Version %(number)d is published: trainees see it now.", number=version.number), "success")
    return redirect(url_for("author.history", slug=slug))


@blueprint.route("/<slug>/history")
@roles(*STUDIO)
def history(slug: str) -> str:
    """Every published version: who, when, the note and the content hash, with diffs and restore."""
    module, _version = queries.published(slug) or abort(404)
    draft = queries.draft(slug)
    return render_template(
        "author/history.html",
        module=module,
        draft=draft,
        versions=queries.versions(module.id),
        form=ActionForm(),
        can_edit=draft is not None and _can_edit(draft),
    )


def _files_of(module_id: int, which: str, draft: Draft | None) -> dict[str, bytes]:
    """A version's files (``which`` is its number) or the draft's (``which`` is "draft")."""
    if which == "draft":
        return queries.file_contents(draft.id) if draft is not None else abort(404)
    if not which.isdigit():
        abort(404)
    found = queries.version_id(module_id, int(which)) or abort(404)
    return version_files(found)


@blueprint.route("/<slug>/diff")
@roles(*STUDIO)
def diff(slug: str) -> str:
    """Two versions (or a version and the draft) compared file by file: ``?from=1&to=2`` or ``to=draft``."""
    module, _version = queries.published(slug) or abort(404)
    draft = queries.draft(slug)
    old, new = request.args.get("from", ""), request.args.get("to", "")
    changes = drafting.diff_files(_files_of(module.id, old, draft), _files_of(module.id, new, draft))
    return render_template("author/diff.html", module=module, old=old, new=new, changes=changes)


@blueprint.route("/<slug>/versions/<int:number>/restore", methods=["POST"])
@roles(*STUDIO)
def restore(slug: str, number: int) -> Response:
    """Make the draft hold this version's files again; publishing it makes a new version."""
    draft = _editable_or_403(slug)
    if not ActionForm().validate_on_submit() or draft.module_id is None:
        abort(400)
    found = queries.version_id(draft.module_id, number) or abort(404)
    operations.restore(draft, version_files(found), number, signed_in_user().id)
    db.session.commit()
    flash(_("The draft now holds version %(number)d. Publish it to make it current again.", number=number), "success")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/download")
@roles(*STUDIO)
def download(slug: str) -> Response:
    """The module as a .zip in the modules/ layout: the draft (``?what=draft``) or the published version."""
    draft = queries.draft(slug)
    if request.args.get("what") == "draft":
        draft = draft or abort(404)
        folder, files = draft.folder, queries.file_contents(draft.id)
    else:
        _module, version = queries.published(slug) or abort(404)
        folder, files = version.source_folder, version_files(version.id)
    response = Response(pack_module(folder, files), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{folder}.zip"'
    return response


@blueprint.route("/upload", methods=["POST"])
@roles(*STUDIO)
@accepts_body_up_to(MAX_ZIP_BYTES)
def upload_module() -> Response:
    """A module .zip: a new module, or the draft of an existing one (its authors and admins only)."""
    form = ZipForm()
    upload = form.file.data
    if not form.validate_on_submit() or upload is None:
        flash(_("Choose a .zip file to upload."), "error")
        return redirect(url_for("author.home"))
    try:
        folder, files = unpack_module(upload.read(MAX_ZIP_BYTES + 1))
    except ArchiveError as error:
        flash(_("The module was not uploaded, and nothing was changed: %(reason)s.", reason=str(error)), "error")
        return redirect(url_for("author.home"))
    try:
        slug = operations.upload(folder, files, signed_in_user())
    except DraftError as error:
        flash(_("The module was not uploaded, and nothing was changed: %(reason)s.", reason=str(error)), "error")
        return redirect(url_for("author.home"))
    except PermissionError:
        abort(403)
    db.session.commit()
    flash(_("The module has been uploaded as a draft. Check its problems, then publish it."), "success")
    return redirect(url_for("author.show_module", slug=slug))


@blueprint.route("/<slug>/preview/<any(quiz, survey):kind>")
@roles(*STUDIO)
def preview_assessment(slug: str, kind: str) -> str:
    """The draft's quiz or survey as the trainee's form, to answer and check; the key follows, for authors."""
    page = assessment_preview.form_page(assessment_preview.assessment(_draft_or_404(slug), kind, _language()))
    action = url_for("author.grade_preview", slug=slug, kind=kind, lang=_language(), width=asked_width())
    return render_template("author/preview_assessment.html", page=page, action=action, **_preview_bar())


@blueprint.route("/<slug>/preview/<any(quiz, survey):kind>", methods=["POST"])
@roles(*STUDIO)
def grade_preview(slug: str, kind: str) -> str:
    """The answers read and graded as a trainee's would be, shown as their review; nothing is stored."""
    draft = _draft_or_404(slug)
    shown = assessment_preview.assessment(draft, kind, _language())
    addresses = DraftLessonAddresses(draft, shown.module_order, _language(), asked_width())
    result = assessment_preview.result_page(shown, request.form, addresses.linked)
    again = url_for("author.preview_assessment", slug=slug, kind=kind, lang=_language(), width=asked_width())
    return render_template(
        "author/preview_result.html",
        result=result,
        again_url=again,
        review_policy_labels=REVIEW_POLICY_LABELS,
        **_preview_bar("author.preview_assessment", slug=slug, kind=kind),
    )


@blueprint.route("/<slug>/quiz-settings", methods=["GET", "POST"])
@roles(*STUDIO)
def edit_quiz_settings(slug: str) -> Response | str:
    """The quiz settings (front matter of the default-language quiz file) as a form; the questions are kept."""
    draft = _draft_or_404(slug)
    module_yaml = queries.draft_file(draft.id, drafting.MODULE_FILE)
    settings = operations.read_settings(module_yaml.data if module_yaml else b"") or {}
    path = f"quiz.{settings.get('default_language', 'en')}.md"
    current = queries.draft_file(draft.id, path)
    parsed = operations.read_front_matter(current.data if current else b"---\ntitle: Quiz\n---\n")
    if parsed is None:
        flash(_("The quiz settings cannot be read: fix the front matter in the text editor first."), "error")
        return redirect(url_for("author.edit_file", slug=slug, path=path))
    front, body = parsed
    form = QuizSettingsForm(data=quiz_form_data(front))
    if request.method == "POST":
        if not _can_edit(draft):
            abort(403)
        if form.validate_on_submit():
            try:
                values = quiz_front_matter(form, front)
            except ValueError as error:
                form.bands.errors = [str(error)]
            else:
                operations.write_quiz_settings(draft, path, values, body, signed_in_user().id)
                db.session.commit()
                flash(_("The quiz settings have been saved to %(path)s.", path=path), "success")
                return redirect(url_for("author.edit_file", slug=slug, path=path))
    return render_template("author/quiz_settings.html", draft=draft, form=form, path=path, can_edit=_can_edit(draft))
