"""Error pages that say what happened in the user's language."""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from learnapp.extensions import db
from learnapp.observability import current_request_id

logger = logging.getLogger(__name__)
# The last resort when even the error page cannot be rendered (its layout reads the signed-in user from a database
# that is gone): still ours, in both languages, with the reference to quote. Never gunicorn's bare page.
BARE_ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>
<body><h1>Something went wrong</h1><p>An unexpected error happened. It has been logged; please try again.</p>
<p lang="ru">Произошла непредвиденная ошибка. Она записана в журнал; попробуйте ещё раз.</p>
<p>Reference / Номер: <code>{reference}</code></p></body></html>"""

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is too large. Send a smaller file.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened. It has been logged; please try again.")),
}


def _render(status: int, message: object | None = None) -> tuple[str, int]:
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    page = render_template(
        "errors/error.html", title=title, message=message or default_message, reference=current_request_id()
    )
    return page, status


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    """Any HTTP error, with its own title and message; a 429 is logged, without the address or the account."""
    if error.code == 429:
        logger.warning("Rate limit reached on %s %s", request.method, request.url_rule.rule if request.url_rule else "")
    if error.code == 413 and request.max_content_length:
        # The route's limit (MAX_CONTENT_LENGTH, or a studio upload's own) in whole megabytes.
        megabytes = request.max_content_length // (1024 * 1024)
        return _render(
            413, _l("What you sent is larger than %(megabytes)d MB. Send a smaller file.", megabytes=megabytes)
        )
    return _render(error.code or 500)


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    """A form posted without a valid token: usually an old page or a cookie that was cleared."""
    return _render(
        400, _l("This form has expired or was not sent from this site. Go back, reload the page and try again.")
    )


def handle_server_error(error: Exception) -> tuple[str, int]:
    """Roll back whatever the failed request had written, then show a plain page.

    The database may be the thing that failed: if the rollback or the page itself fails too, the session is
    dropped and a fixed page of ours is sent instead, never gunicorn's.
    """
    try:
        db.session.rollback()
        return _render(500)
    except Exception:
        logger.exception("The error page itself failed")
        try:
            db.session.remove()
        except SQLAlchemyError:
            logger.warning("Could not close the database session after an error")
        return BARE_ERROR_PAGE.format(reference=escape(current_request_id() or "-")), 500


def register(app: Flask) -> None:
    """Attach the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
