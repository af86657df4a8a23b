"""Modules and lessons: the module page, the lesson page, marking read, private reflections, module files."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from learnapp.access import LEARNERS, roles
from learnapp.accounts.sessions import signed_in_user
from learnapp.catalogue import current_module_or_404, current_version_or_404, learner_scope
from learnapp.extensions import db
from learnapp.frames import render_in_site_frame
from learnapp.learn import operations, queries
from learnapp.learn.forms import ReflectionForm, has_unsaved_answers, unsaved_answers
from learnapp.learn.pages import glossary_entries, lesson_page, module_page
from learnapp.models import Lesson, Module

blueprint = Blueprint("learn", __name__, template_folder="templates")


@blueprint.route("/modules/<slug>")
@roles(*LEARNERS)
def show_module(slug: str) -> str:
    """Objectives, time, lessons with their status, the quiz, and what still locks the module."""
    user = signed_in_user()
    page = module_page(current_version_or_404(slug, learner_scope(user)), user.id, str(get_locale()))
    return render_in_site_frame(page.content.title, Markup(render_template("learn/_module_body.html", page=page)))


@blueprint.route("/modules/<slug>/lessons/<lesson_slug>")
@roles(*LEARNERS)
def show_lesson(slug: str, lesson_slug: str) -> str:
    """The lesson as stored (rendered and sanitised at sync time), with its place in the module."""
    user = signed_in_user()
    current = current_version_or_404(slug, learner_scope(user))
    # ``saved``: the block whose answer was just saved (save_reflection), confirmed inside that block.
    page = lesson_page(current, lesson_slug, user.id, str(get_locale()), request.args.get("saved", ""))
    return render_in_site_frame(page.content.title, page.body)


@blueprint.route("/modules/<slug>/lessons/<lesson_slug>/read", methods=["POST"])
@roles(*LEARNERS)
def mark_read(slug: str, lesson_slug: str) -> Response:
    """Record the lesson as read, then go to the next lesson (or back to the module)."""
    module, version = current_module_or_404(slug, learner_scope(signed_in_user()))
    lesson = queries.lesson(version.id, lesson_slug) or abort(404)
    if _save_unsaved_answers(module, lesson):
        flash(_("Your answers in this lesson have been saved. Only you can see them."), "success")
    if operations.mark_read(signed_in_user(), module, version, lesson.slug):
        flash(_("You have completed this module. Your certificate is ready."), "success")
    db.session.commit()
    following = queries.next_lesson_slug(version.id, lesson.position)
    if following is not None:
        return redirect(url_for("learn.show_lesson", slug=slug, lesson_slug=following))
    return redirect(url_for("learn.show_module", slug=slug))


@blueprint.route("/modules/<slug>/lessons/<lesson_slug>/answers/<block_slug>", methods=["POST"])
@roles(*LEARNERS)
def save_reflection(slug: str, lesson_slug: str, block_slug: str) -> Response:
    """Keep a private answer; for a scenario step, the expert commentary then appears."""
    module, version = current_module_or_404(slug, learner_scope(signed_in_user()))
    lesson = queries.lesson(version.id, lesson_slug) or abort(404)
    block = queries.lesson_block(lesson.id, block_slug) or abort(404)
    form = ReflectionForm()
    if not form.validate_on_submit():
        flash(_("Your answer is too long: keep it under 10,000 characters."), "error")
        return redirect(url_for("learn.show_lesson", slug=slug, lesson_slug=lesson.slug, _anchor=f"block-{block.slug}"))
    _save_unsaved_answers(module, lesson)
    operations.save_reflection(signed_in_user(), module, lesson.slug, block.slug, form.text.data or "")
    db.session.commit()
    # The confirmation shows inside the block (``saved``), where the page scrolls to, not at the top of the page.
    anchor = f"block-{block.slug}"
    return redirect(url_for("learn.show_lesson", slug=slug, lesson_slug=lesson.slug, saved=block.slug, _anchor=anchor))


def _save_unsaved_answers(module: Module, lesson: Lesson) -> bool:
    """Keep the answers typed in the lesson's other blocks but not saved; True if there were any."""
    if not has_unsaved_answers(request.form):
        return False
    answers = unsaved_answers(request.form, queries.lesson_block_slugs(lesson.id))
    operations.save_reflections(signed_in_user(), module, lesson.slug, answers)
    return bool(answers)


@blueprint.route("/media/<slug>/<path:path>")
@roles(*LEARNERS)
def module_file(slug: str, path: str) -> Response:
    """An image or attachment of the module's current version."""
    _, version = current_module_or_404(slug, learner_scope(signed_in_user()))
    file = queries.module_file(version.id, path) or abort(404)
    response = Response(file.data, mimetype=file.media_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["Content-Disposition"] = "inline" if file.media_type.startswith("image/") else "attachment"
    return response


@blueprint.route("/glossary")
@roles(*LEARNERS)
def show_glossary() -> str:
    """The curriculum's terms in the reader's language, each with the other language's term and a definition."""
    entries = glossary_entries(current_app.config["MODULES_DIR"], str(get_locale()))
    return render_template("learn/glossary.html", entries=entries)
