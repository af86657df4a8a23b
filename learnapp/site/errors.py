"""Error pages that say what happened in the user's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from learnapp.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is larger than 2 MB. Send a smaller file.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened. It has been logged; please try again.")),
}


def _render(status: int, message: object | None = None) -> tuple[str, int]:
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", title=title, message=message or default_message), status


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    """Any HTTP error, with its own title and message."""
    return _render(error.code or 500)


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    """A form posted without a valid token: usually an old page or a cookie that was cleared."""
    return _render(
        400, _l("This form has expired or was not sent from this site. Go back, reload the page and try again.")
    )


def handle_server_error(error: Exception) -> tuple[str, int]:
    """Roll back whatever the failed request had written, then show a plain page."""
    db.session.rollback()
    return _render(500)


def register(app: Flask) -> None:
    """Attach the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(500, handle_server_error)
