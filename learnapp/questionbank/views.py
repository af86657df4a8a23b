"""Question bank pages for trainers and administrators: GIFT and Aiken in, our quiz Markdown out, and back.

Nothing is stored: an upload is converted and previewed; the download sends the same text back and converts it
again, so what is downloaded is always what the converter makes of the file, never text taken from the form.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from flask import Blueprint, abort, render_template
from flask_babel import ngettext
from werkzeug.wrappers import Response

from learnapp.access import roles
from learnapp.domain.interchange import DecodeError, ImportResult, decode_text
from learnapp.domain.profiles import Role
from learnapp.domain.question_exchange import (
    ExchangeFormat,
    category_title,
    export_questions,
    import_questions,
    quiz_markdown,
)
from learnapp.labels import LANGUAGE_LABELS
from learnapp.questionbank import queries
from learnapp.questionbank.forms import DownloadForm, ImportForm
from learnapp.questionbank.pages import preview

blueprint = Blueprint("questionbank", __name__, url_prefix="/question-bank", template_folder="templates")
AUTHORS = (Role.TRAINER, Role.ADMIN)
logger = logging.getLogger(__name__)


def _index(form: ImportForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "questionbank/index.html", form=form, downloads=queries.quiz_downloads(), language_labels=LANGUAGE_LABELS
    )
    return page, status


@blueprint.get("/")
@roles(*AUTHORS)
def index() -> tuple[str, int]:
    """The upload form and the published quizzes to download."""
    return _index(ImportForm())


@blueprint.post("/import")
@roles(*AUTHORS)
def preview_import() -> tuple[str, int]:
    """Convert an uploaded file and show its questions, its problems as ``line: why``, and what it loses."""
    form = ImportForm()
    if not form.validate_on_submit() or form.file.data is None:
        return _index(form, 400)
    upload = form.file.data
    name = PurePath(upload.filename or "questions").name
    data = upload.read()
    try:
        source = decode_text(data)
    except DecodeError as error:
        result, source = ImportResult((), (error.note,)), ""
    else:
        result = import_questions(source.encode("utf-8"), ExchangeFormat(form.file_format.data))
    download = DownloadForm(
        formdata=None,
        source=source,
        file_format=form.file_format.data,
        language=form.language.data,
        name=name[:200],
    )
    page = render_template(
        "questionbank/preview.html",
        name=name,
        result=result,
        questions=preview(result),
        download=download,
        language_labels=LANGUAGE_LABELS,
        summary=_summary(result),
    )
    return page, 200 if result.questions or not result.problems else 422


def _summary(result: ImportResult) -> str:
    good = ngettext("%(num)d question can be imported.", "%(num)d questions can be imported.", len(result.questions))
    bad = ngettext(
        "%(num)d question cannot be imported.", "%(num)d questions cannot be imported.", len(result.problems)
    )
    return f"{good} {bad}" if result.problems else good


@blueprint.post("/import/markdown")
@roles(*AUTHORS)
def download_markdown() -> Response | tuple[str, int]:
    """The previewed questions as our quiz Markdown (``quiz.LANG.md``); refused while any question is bad."""
    form = DownloadForm()
    if not form.validate_on_submit():
        abort(400)
    fmt = ExchangeFormat(form.file_format.data or "")
    result = import_questions((form.source.data or "").encode("utf-8"), fmt)
    if (result.problems and not form.skip_bad.data) or not result.questions:
        abort(400)
    stem = PurePath(form.name.data or "questions").stem
    title = category_title(result.categories[0]) if result.categories else stem
    language = form.language.data or "en"
    logger.info("question file converted: %d questions, format %s", len(result.questions), fmt.value)
    return Response(
        quiz_markdown(result, title),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="quiz.{language}.md"'},
    )


@blueprint.get("/modules/<slug>/quiz.<string(length=2):language>.<any(gift, aiken):file_format>")
@roles(*AUTHORS)
def download_quiz(slug: str, language: str, file_format: str) -> Response:
    """A published module's quiz in one language as GIFT (texts as HTML) or Aiken.

    What the format cannot hold is left out; a GIFT file lists it in comments at its top.
    """
    found = queries.published_quiz(slug, language)
    if found is None:
        abort(404)
    title, questions = found
    fmt = ExchangeFormat(file_format)
    result = export_questions(questions, fmt, text_format="html", category=title)
    text = result.text
    if fmt is ExchangeFormat.GIFT and result.notes:
        text = "".join(f"// question {note.line}: {note.message}\n" for note in result.notes) + "\n" + text
    filename = f"{slug}-quiz.{language}{fmt.suffix}"
    return Response(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
