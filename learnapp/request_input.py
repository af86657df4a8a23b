"""What the app accepts from a request before any view sees it (security review F1, F2, F7, F8).

- Ids in URLs are bounded (`BoundedIntegerConverter`, the ``int`` converter of every route) and so is ``?page=``
  (`page_argument`): a number beyond what the database can hold is no page (404), never an overflow (500).
- No form or query value may hold a control character (NUL included), except tab and line breaks, which
  multi-line fields need; one-line fields refuse those too, in their forms (`accounts.forms.OneLine`).
- ``MAX_CONTENT_LENGTH`` (config) bounds every request body; a larger one gets the 413 page. A route that takes
  larger files (the studio's uploads) says so with `accepts_body_up_to`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter
from werkzeug.routing.map import Map

from learnapp.domain.text_input import forbidden_character

# PostgreSQL's integer, the type of every id column.
MAX_ID = 2**31 - 1

# Room for a multipart body's other fields and boundaries besides the file itself (under 1 MB, so that the body
# limit in whole megabytes is still the file's: the 413 page names it).
FORM_OVERHEAD_BYTES = 64 * 1024
_BODY_LIMIT = "learnapp_body_limit"

View = TypeVar("View", bound=Callable[..., Any])


def accepts_body_up_to(file_bytes: int) -> Callable[[View], View]:
    """Let a route's requests carry a file of up to `file_bytes` instead of ``MAX_CONTENT_LENGTH`` in all.

    The view then checks the file's own size and says what its limit is; a body larger still gets the 413 page.
    """

    def mark(view: View) -> View:
        setattr(view, _BODY_LIMIT, file_bytes + FORM_OVERHEAD_BYTES)
        return view

    return mark


def apply_body_limit() -> None:
    """``before_request``, ahead of anything that reads the body (the CSRF check): a marked route's own limit."""
    limit = getattr(current_app.view_functions.get(request.endpoint or ""), _BODY_LIMIT, None)
    if limit is not None:
        request.max_content_length = limit


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` from 0 to `MAX_ID` unless a route says otherwise."""

    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def page_argument() -> int:
    """``?page=N`` from 1 to `MAX_ID`; anything else reads as page 1."""
    page = request.args.get("page", 1, type=int)
    return page if page is not None and 1 <= page <= MAX_ID else 1


# The bodies Werkzeug parses into `request.form`.
FORM_MEDIA_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def refuse_control_characters() -> tuple[str, int] | None:
    """A 400 page naming the field, when a form or query value holds a control character; else None.

    The form is read only when the request sends one: Werkzeug's form is empty for any other body, and parsing
    nothing still cost a GET a few dozen microseconds.
    """
    sources = (request.args, request.form) if request.mimetype in FORM_MEDIA_TYPES else (request.args,)
    for source in sources:
        for name, value in source.items(multi=True):
            character = forbidden_character(value, multiline=True)
            if character is not None:
                message = _(
                    "The field “%(field)s” contains a control character (%(code)s), which is not accepted. "
                    "Remove it and send the form again.",
                    field=name[:60],
                    code=character,
                )
                return render_template("errors/error.html", title=_("Bad request"), message=message), 400
    return None
