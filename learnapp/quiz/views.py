"""Taking a quiz or survey: start, answer (saved as the trainee goes), submit, review.

An attempt is only ever seen by its owner: anyone else, administrators included, gets 404. The server keeps the
time: once the deadline and its grace have passed, answers are refused and the attempt is graded with what was
saved, whichever of its pages the trainee opens next.
"""

from __future__ import annotations

import functools

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from learnapp.access import LEARNERS, roles
from learnapp.accounts.sessions import signed_in_user
from learnapp.catalogue import current_module_or_404, learner_scope, pick_value
from learnapp.domain.attempt_rules import QUIZ, Refusal, is_time_up, seconds_left, start_refusal, unanswered_numbers
from learnapp.extensions import db
from learnapp.models import User
from learnapp.models.types import utcnow
from learnapp.question_forms.reading import read_answers
from learnapp.quiz import operations as attempts
from learnapp.quiz import pages as quiz_pages
from learnapp.quiz import queries as quiz_queries
from learnapp.quiz.queries import AttemptBundle

blueprint = Blueprint("quiz", __name__, template_folder="templates")


@blueprint.route("/modules/<slug>/quiz/start", methods=["POST"])
@roles(*LEARNERS)
def start_quiz(slug: str) -> Response:
    """Start an attempt at the module's quiz, or resume the open one; explain why when it cannot start."""
    return _start(slug, "quiz")


@blueprint.route("/modules/<slug>/survey/start", methods=["POST"])
@roles(*LEARNERS)
def start_survey(slug: str) -> Response:
    """Start the module's survey, or resume it; a survey is answered once."""
    return _start(slug, "survey")


def _start(slug: str, kind: str) -> Response:
    module, version = current_module_or_404(slug, learner_scope(signed_in_user()))
    assessment = quiz_queries.assessment_of(version.id, kind) or abort(404)
    facts = quiz_queries.start_facts(_user().id, module, version, assessment)
    if facts.open_attempt is not None:
        return redirect(url_for("quiz.take_quiz", attempt_id=facts.open_attempt.id))
    refusal = start_refusal(facts.context)
    if refusal is not None:
        return _refuse(refusal, slug, facts)
    attempt = attempts.start_attempt(_user().id, module.id, assessment, facts.history, utcnow())
    db.session.commit()
    return redirect(url_for("quiz.take_quiz", attempt_id=attempt.id))


@blueprint.route("/attempts/<int:attempt_id>")
@roles(*LEARNERS)
def take_quiz(attempt_id: int) -> Response | str:
    """The questions, all on one page or one per page (``?page=N``), with the answers saved so far."""
    bundle = quiz_queries.owned_attempt_or_404(attempt_id, _user().id)
    closed = _close_if_over(bundle)
    if closed is not None:
        return closed
    page = _page_number(bundle)
    slugs = bundle.attempt.question_slugs
    shown = slugs if page is None else [slugs[page - 1]]
    found = quiz_queries.questions(bundle.assessment.id, shown, _language(), bundle.version.default_language)
    answers = quiz_queries.saved_answers(bundle.attempt.id)
    take = quiz_pages.take_page(bundle, shown, found, answers, page, _language(), utcnow())
    return render_template("quiz/take.html", take=take)


@blueprint.route("/attempts/<int:attempt_id>", methods=["POST"])
@roles(*LEARNERS)
def save_answers(attempt_id: int) -> Response | tuple[Response, int]:
    """Save every answer on the posted page; JSON for quiz.js (``Accept: application/json``), else redirect."""
    bundle = quiz_queries.owned_attempt_or_404(attempt_id, _user().id, lock=True)
    closed = _close_if_over(bundle)
    if closed is not None:
        return (_closed_json(bundle), 409) if _wants_json() else closed
    _save_posted(bundle)
    now, target = utcnow(), _take_url(bundle, request.form.get("go") or request.form.get("page", ""))
    remaining = seconds_left(bundle.attempt.deadline_at, now)
    wants_json = _wants_json()
    # Counted before the commit (which expires the rows read): over every page, for the page's "N answered".
    answered = len(quiz_queries.saved_answers(bundle.attempt.id)) if wants_json else 0
    db.session.commit()
    if wants_json:
        answered_text = _("%(answered)d answered", answered=answered)
        return jsonify(saved_at=now.isoformat(), remaining_seconds=remaining, answered_text=answered_text)
    if "go" not in request.form:
        flash(_("Your answers have been saved."), "success")
    return redirect(target)


@blueprint.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@roles(*LEARNERS)
def submit_quiz(attempt_id: int) -> Response | str:
    """Save the posted answers, then ask for confirmation on a summary page; submit once confirmed."""
    bundle = quiz_queries.owned_attempt_or_404(attempt_id, _user().id, lock=True)
    closed = _close_if_over(bundle)
    if closed is not None:
        return closed
    graded = _save_posted(bundle)
    saved = quiz_queries.saved_answers(bundle.attempt.id)
    missing = unanswered_numbers(bundle.attempt.question_slugs, saved.keys())
    # A graded quiz always asks on a summary page first (one mis-tap must not grade it); a survey only when unfinished.
    if (missing or bundle.assessment.kind == QUIZ) and request.form.get("confirm") != "1":
        confirm = quiz_pages.confirm_page(bundle, missing, _language())
        db.session.commit()
        return render_template("quiz/confirm.html", confirm=confirm)
    attempts.submit_attempt(bundle, _user(), utcnow(), graded, saved)
    return _commit_and_review(bundle)


@blueprint.route("/attempts/<int:attempt_id>/review")
@roles(*LEARNERS)
def review_quiz(attempt_id: int) -> Response | str:
    """What the review policy allows after submitting (score, right or wrong, feedback); a survey says thanks."""
    bundle = quiz_queries.owned_attempt_or_404(attempt_id, _user().id)
    if bundle.attempt.submitted_at is None:
        return _close_if_over(bundle) or redirect(url_for("quiz.take_quiz", attempt_id=attempt_id))
    if bundle.assessment.kind == "survey":
        return render_template("quiz/thanks.html", thanks=quiz_pages.thanks_page(bundle, _language()))
    slugs = bundle.attempt.question_slugs
    found = quiz_queries.questions(bundle.assessment.id, slugs, _language(), bundle.version.default_language)
    answers = quiz_queries.saved_answers(bundle.attempt.id)
    standing = quiz_queries.quiz_standing(_user().id, bundle.module.id, bundle.assessment.attempts_allowed)
    outline = functools.partial(quiz_queries.curriculum_outline, learner_scope(_user()))  # read on a first citation
    review = quiz_pages.review_page(bundle, found, answers, standing, _language(), outline)
    return render_template("quiz/review.html", review=review)


def _user() -> User:
    return signed_in_user()


def _language() -> str:
    return str(get_locale())


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _page_number(bundle: AttemptBundle) -> int | None:
    """``?page=N`` (from 1) shows one question; no page shows them all; a page that does not exist is 404."""
    if "page" not in request.args:
        return None
    page = request.args.get("page", type=int)
    if page is None or not 1 <= page <= len(bundle.attempt.question_slugs):
        abort(404)
    return page


def _take_url(bundle: AttemptBundle, go: str) -> str:
    """Where a saved page leads: page N (``N``), or all the questions (anything else, such as ``all``)."""
    count = len(bundle.attempt.question_slugs)
    page = int(go) if go.isascii() and go.isdigit() and 1 <= int(go) <= count else None
    return url_for("quiz.take_quiz", attempt_id=bundle.attempt.id, page=page)


def _save_posted(bundle: AttemptBundle) -> dict[str, quiz_queries.QuestionView]:
    """Save the answers on the posted page; return the attempt's questions, read to check the answers' shapes."""
    graded = quiz_queries.graded_questions(bundle)
    specs = {slug: question.spec for slug, question in graded.items()}
    attempts.save_answers(bundle.attempt, read_answers(request.form, specs), utcnow())
    return graded


def _close_if_over(bundle: AttemptBundle) -> Response | None:
    """Send a submitted attempt to its review; grade an attempt whose time is up and say so; else None."""
    if bundle.attempt.submitted_at is not None:
        return _review_redirect(bundle)
    if not is_time_up(bundle.attempt.deadline_at, utcnow()):
        return None
    attempts.submit_attempt(bundle, _user(), utcnow())
    flash(_("Time is up. The answers you saved before the deadline have been submitted."), "error")
    return _commit_and_review(bundle)


def _review_redirect(bundle: AttemptBundle) -> Response:
    return redirect(url_for("quiz.review_quiz", attempt_id=bundle.attempt.id))


def _commit_and_review(bundle: AttemptBundle) -> Response:
    """Commit the request's one transaction, then go to the review (its URL made first: commit expires rows)."""
    response = _review_redirect(bundle)
    db.session.commit()
    return response


def _closed_json(bundle: AttemptBundle) -> Response:
    """What quiz.js gets for a closed attempt (time up, or submitted elsewhere): where to go instead."""
    return jsonify(error="closed", review_url=url_for("quiz.review_quiz", attempt_id=bundle.attempt.id))


def _refuse(refusal: Refusal, slug: str, facts: quiz_queries.StartFacts) -> Response:
    """Say why a new attempt cannot start, on the module page where the trainee can act on it."""
    if refusal is Refusal.PRE_TEST_FIRST and facts.pre_test is not None:
        flash(_("Please take the pre-test first: it records what you know before the training."), "error")
        return redirect(url_for("learn.show_module", slug=facts.pre_test.slug, _anchor="quiz"))
    if refusal is Refusal.LOCKED:
        titles = ", ".join(pick_value(ref.titles, _language(), ref.default_language) for ref in facts.missing)
        flash(_("This module opens once you have completed: %(titles)s.", titles=titles), "error")
    elif refusal is Refusal.NO_ATTEMPTS_LEFT:
        flash(_("You have used all the attempts this quiz allows."), "error")
    else:
        flash(_("You have already answered this survey. Thank you!"), "error")
    anchor = "quiz" if facts.context.kind == "quiz" else None
    return redirect(url_for("learn.show_module", slug=slug, _anchor=anchor))
