"""The attempt pages (take, confirm, review, thanks), assembled from queries into plain values for the templates.

Stored question HTML is marked safe with `stored_html` in the shared question forms (`learnapp.question_forms`:
fields and reviewed questions), which these pages use, and feedback in `lesson_links`, once its citations are
linked; templates only display.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import format_datetime, format_percent

from learnapp.catalogue import pick_value
from learnapp.domain.attempt_rules import QUIZ, seconds_left
from learnapp.domain.content import Band, Purpose, ReviewPolicy
from learnapp.domain.grading import QuizStanding, ReviewVisibility, band_text, review_visibility
from learnapp.domain.question_choice import ChoiceSpec
from learnapp.question_forms.fields import QuestionField, question_field
from learnapp.question_forms.review import ReviewedQuestion, points_text, reviewed_question
from learnapp.question_forms.widgets import FieldContext, choice_order
from learnapp.quiz.lesson_links import LessonAddresses
from learnapp.quiz.queries import AttemptBundle, OutlineModule, QuestionView, SavedAnswer

DEADLINE_FORMAT = "d MMMM, HH:mm zzz"
SUBMITTED_FORMAT = "d MMMM y, HH:mm zzz"


@dataclass(frozen=True)
class Heading:
    """What every attempt page shows at the top: the quiz or survey, its module, and where the module is."""

    title: str
    module_title: str
    module_url: str
    is_quiz: bool


@dataclass(frozen=True)
class PageLink:
    """A question's button in the one-question-per-page navigation."""

    number: int
    is_answered: bool
    is_current: bool


@dataclass(frozen=True)
class TakePage:
    """The questions of an attempt (all, or one page), filled with the saved answers."""

    heading: Heading
    attempt_id: int
    fields: list[QuestionField]
    page: int | None
    page_count: int
    answered_count: int
    pages: list[PageLink]
    deadline: str | None
    remaining_seconds: int | None
    remaining_minutes: int | None
    has_fallback: bool
    save_url: str
    submit_url: str

    @property
    def previous_page(self) -> int | None:
        """The page before this one, if any."""
        return self.page - 1 if self.page and self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        """The page after this one, if any."""
        return self.page + 1 if self.page and self.page < self.page_count else None


@dataclass(frozen=True)
class ConfirmPage:
    """The questions left unanswered, with links back to them, before a submit is confirmed."""

    heading: Heading
    missing: list[tuple[int, str]]
    submit_url: str
    back_url: str
    answered: int = 0
    total: int = 0


@dataclass(frozen=True)
class ReviewPage:
    """A submitted quiz attempt under its review policy."""

    heading: Heading
    number: int
    submitted_at: str
    visibility: ReviewVisibility
    score: str | None
    is_passed: bool | None
    pass_mark: str
    band_text: str | None
    questions: list[ReviewedQuestion]
    points: str | None = None
    try_again_url: str | None = None


def heading(bundle: AttemptBundle, language: str) -> Heading:
    """The quiz or survey's title and its module's, in the reader's language."""
    default, is_quiz = bundle.version.default_language, bundle.assessment.kind == QUIZ
    return Heading(
        title=pick_value(bundle.assessment.titles, language, default),
        module_title=pick_value(bundle.version.title, language, default),
        module_url=url_for("learn.show_module", slug=bundle.module.slug, _anchor="quiz" if is_quiz else None),
        is_quiz=is_quiz,
    )


def take_page(
    bundle: AttemptBundle,
    shown: Sequence[str],
    found: Mapping[str, QuestionView],
    answers: Mapping[str, SavedAnswer],
    page: int | None,
    language: str,
    now: datetime,
) -> TakePage:
    """The take page: the shown questions' fields, the page navigation and the time left."""
    attempt = bundle.attempt
    slugs = attempt.question_slugs
    fields = [_field(bundle, found[slug], answers, slugs.index(slug) + 1) for slug in shown if slug in found]
    remaining = seconds_left(attempt.deadline_at, now)
    return TakePage(
        heading=heading(bundle, language),
        attempt_id=attempt.id,
        fields=fields,
        page=page,
        page_count=len(slugs),
        answered_count=sum(1 for slug in slugs if slug in answers),
        pages=[PageLink(number, slug in answers, number == page) for number, slug in enumerate(slugs, start=1)],
        deadline=format_datetime(attempt.deadline_at, DEADLINE_FORMAT) if attempt.deadline_at else None,
        remaining_seconds=remaining,
        remaining_minutes=math.ceil(remaining / 60) if remaining is not None else None,
        has_fallback=any(field.is_fallback for field in fields),
        save_url=url_for("quiz.save_answers", attempt_id=attempt.id),
        submit_url=url_for("quiz.submit_quiz", attempt_id=attempt.id),
    )


def _field(
    bundle: AttemptBundle, question: QuestionView, answers: Mapping[str, SavedAnswer], number: int
) -> QuestionField:
    saved = answers.get(question.slug)
    context = FieldContext(
        number=number,
        slug=question.slug,
        seed=bundle.attempt.seed,
        is_shuffled=bundle.assessment.is_shuffled,
        is_graded=bundle.assessment.kind == QUIZ,
    )
    return question_field(question, saved.answer if saved else None, context, is_fallback=question.is_fallback)


def confirm_page(bundle: AttemptBundle, missing: Sequence[int], language: str) -> ConfirmPage:
    """The summary before submitting: how many questions are answered; each unanswered one links to its page."""
    attempt_id, total = bundle.attempt.id, len(bundle.attempt.question_slugs)
    return ConfirmPage(
        answered=total - len(missing),
        total=total,
        heading=heading(bundle, language),
        missing=[(number, url_for("quiz.take_quiz", attempt_id=attempt_id, page=number)) for number in missing],
        submit_url=url_for("quiz.submit_quiz", attempt_id=attempt_id),
        back_url=url_for("quiz.take_quiz", attempt_id=attempt_id),
    )


def review_page(
    bundle: AttemptBundle,
    found: Mapping[str, QuestionView],
    answers: Mapping[str, SavedAnswer],
    standing: QuizStanding,
    language: str,
    outline: Callable[[], list[OutlineModule]] = list,
) -> ReviewPage:
    """The review of a submitted quiz attempt: as much as the quiz's review policy shows, given the standing.

    Feedback that cites a lesson ("see lesson 2") links to it; `outline` gives the modules the reader may open.
    """
    attempt, assessment = bundle.attempt, bundle.assessment
    visibility = review_visibility(ReviewPolicy(assessment.review), standing)
    score = attempt.score or 0.0
    shows_pass = visibility.shows_score and assessment.purpose != Purpose.PRE_TEST
    questions = []
    if visibility.shows_correctness:
        addresses = LessonAddresses(bundle, outline)
        questions = [
            _reviewed(bundle, found[slug], answers.get(slug), number, visibility, addresses)
            for number, slug in enumerate(attempt.question_slugs, start=1)
            if slug in found
        ]
    return ReviewPage(
        heading=heading(bundle, language),
        number=attempt.number,
        submitted_at=str(format_datetime(attempt.submitted_at, SUBMITTED_FORMAT)) if attempt.submitted_at else "",
        visibility=visibility,
        score=_percent(score) if visibility.shows_score else None,
        is_passed=attempt.is_passed if shows_pass else None,
        pass_mark=_percent(assessment.pass_mark),
        # The band's advice says where to read again and gives no answer away, so it shows while answers wait.
        band_text=_band(bundle, language, score) if visibility.shows_feedback or visibility.is_held_back else None,
        questions=questions,
        points=_points(attempt.question_slugs, found, answers) if visibility.shows_score else None,
        try_again_url=_try_again_url(bundle, standing),
    )


def _points(slugs: Sequence[str], found: Mapping[str, QuestionView], answers: Mapping[str, SavedAnswer]) -> str:
    """What the attempt earned out of what its questions are worth ("9 of 16 points")."""
    shown = [found[slug] for slug in slugs if slug in found]
    earned = math.fsum(question.points * _fraction(answers.get(question.slug)) for question in shown)
    total = math.fsum(question.points for question in shown)
    return points_text(earned, total)


def _fraction(saved: SavedAnswer | None) -> float:
    return saved.fraction if saved is not None and saved.fraction is not None else 0.0


def _try_again_url(bundle: AttemptBundle, standing: QuizStanding) -> str | None:
    """Where "Try again" posts, while a quiz not passed has attempts left; a pre-test is not retaken for a grade."""
    is_pre_test = bundle.assessment.purpose == Purpose.PRE_TEST
    if is_pre_test or standing.has_passed or standing.attempts_left == 0:
        return None
    return url_for("quiz.start_quiz", slug=bundle.module.slug)


def _reviewed(
    bundle: AttemptBundle,
    question: QuestionView,
    saved: SavedAnswer | None,
    number: int,
    visibility: ReviewVisibility,
    addresses: LessonAddresses,
) -> ReviewedQuestion:
    context = FieldContext(number, question.slug, bundle.attempt.seed, bundle.assessment.is_shuffled, True)
    order = choice_order(question.spec, context) if isinstance(question.spec, ChoiceSpec) else ()
    answer = saved.answer if saved else None
    return reviewed_question(question, answer, number, order, visibility, link_feedback=addresses.linked)


def _percent(value: float) -> str:
    return str(format_percent(value / 100, "#,##0.#%"))


def _band(bundle: AttemptBundle, language: str, score: float) -> str | None:
    bands = bundle.assessment.bands
    chosen = bands.get(language) or bands.get(bundle.version.default_language) or []
    return band_text([Band(float(band["min"]), str(band["text"])) for band in chosen], score)


def thanks_page(bundle: AttemptBundle, language: str) -> Heading:
    """A survey's thank-you page shows only where it came from."""
    return heading(bundle, language)
