"""Pages rendered once with holes for what is personal: a template's immutable HTML kept, the reader's own filled in.

Jinja's cost on a content page is mostly in the content: escaping titles, looping over a lesson's blocks, translating
labels. When that part of a page is the same for every reader (a module version's lesson, in one language), it can be
rendered once and kept, if the template marks where the personal pieces go. A template does so by calling a
`Recorder` (passed to it as ``slots``) where it would otherwise write something personal:

- ``slots.token()``: the reader's CSRF token;
- ``slots.text(key)``: a text of the reader's (escaped when filled in), e.g. their answer to a block;
- ``slots.html(key)``: HTML made for this request (a page's content inside the site's frame, flash messages);
- ``slots.when(key, html)``: HTML shown only when the reader has ``key`` among their flags;
- ``slots.choose(key, shown, otherwise)``: one of two pieces of HTML, by the same test.

Each call writes a marker that no content can forge (NUL bytes around a random nonce drawn when the process
starts), and `render_frame` splits the rendered HTML at the markers into a `Frame`.
`Frame.fill` then builds the page for one reader from their `Personal` values in a single pass, with no Jinja.

Nothing personal is ever rendered into a frame: the template sees only the recorder, so a frame is safe to share
between readers under a key that holds what the content depends on (version, language, script root).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from learnapp.domain.sized_cache import SizedCache
from learnapp.navigation import NavItem, navigation_for

_NONCE = secrets.token_hex(8)
EMPTY_HTML = Markup("")
SITE_FRAME_TEMPLATE = "_site_frame.html"
MESSAGES_TEMPLATE = "_partials/messages.html"
CACHED_SITE_FRAME_BYTES = 1024 * 1024
_MARKER = re.compile(f"\x00{_NONCE}:([0-9]+)\x00")


@dataclass(frozen=True)
class Personal:
    """What one reader brings to a frame: their CSRF token, their texts, and the keys of their flags."""

    token: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)
    flags: frozenset[str] | set[str] = frozenset()
    html: Mapping[str, Markup] = field(default_factory=dict)


@dataclass(frozen=True)
class Slot:
    """A hole in a frame: which personal value goes there (``kind``) and, for flags, the HTML to choose from."""

    kind: str
    key: str = ""
    shown: Markup = EMPTY_HTML
    otherwise: Markup = EMPTY_HTML

    def fill(self, personal: Personal) -> str:
        """This slot's HTML for one reader."""
        if self.kind == "token":
            return str(escape(personal.token))
        if self.kind == "text":
            return str(escape(personal.texts.get(self.key, "")))
        if self.kind == "html":
            return personal.html.get(self.key, EMPTY_HTML)
        return self.shown if self.key in personal.flags else self.otherwise


@dataclass(frozen=True)
class Frame:
    """A rendered page piece: immutable HTML (``str``) and `Slot` s, in order."""

    pieces: tuple[str | Slot, ...]

    def fill(self, personal: Personal) -> Markup:
        """The piece as one reader sees it."""
        return Markup("".join(piece if type(piece) is str else piece.fill(personal) for piece in self.pieces))  # type: ignore[union-attr]

    @property
    def size(self) -> int:
        """About the characters the frame holds, for a cache bounded by memory."""
        return sum(
            len(piece) if isinstance(piece, str) else len(piece.shown) + len(piece.otherwise) + 64
            for piece in self.pieces
        )


class Recorder:
    """The ``slots`` object a template calls where something personal goes; each call writes a marker."""

    def __init__(self) -> None:
        self.slots: list[Slot] = []

    def _mark(self, slot: Slot) -> Markup:
        self.slots.append(slot)
        return Markup(f"\x00{_NONCE}:{len(self.slots) - 1}\x00")

    def token(self) -> Markup:
        """Where the reader's CSRF token goes."""
        return self._mark(Slot("token"))

    def text(self, key: str) -> Markup:
        """Where the reader's text ``key`` goes (empty if they have none), escaped."""
        return self._mark(Slot("text", key))

    def html(self, key: str) -> Markup:
        """Where the HTML ``key`` made for the request goes, as it is."""
        return self._mark(Slot("html", key))

    def when(self, key: str, html: str) -> Markup:
        """``html`` for a reader with flag ``key``, nothing otherwise."""
        return self._mark(Slot("flag", key, Markup(html)))

    def choose(self, key: str, shown: str, otherwise: str) -> Markup:
        """``shown`` for a reader with flag ``key``, ``otherwise`` for the others."""
        return self._mark(Slot("flag", key, Markup(shown), Markup(otherwise)))


def render_frame(render: Callable[[Recorder], str]) -> Frame:
    """Render once with a fresh `Recorder` (``render`` gives it to the template as ``slots``); split at its marks."""
    recorder = Recorder()
    parts = _MARKER.split(render(recorder))
    pieces: list[str | Slot] = []
    for index, part in enumerate(parts):
        if index % 2:
            pieces.append(recorder.slots[int(part)])
        elif part:
            pieces.append(part)
    return Frame(tuple(pieces))


# The site's frame (base.html) around a page, per language, script root and navigation: a few kilobytes each.
_site_frames: SizedCache[tuple[str, str, tuple[NavItem, ...]], Frame] = SizedCache(
    CACHED_SITE_FRAME_BYTES, lambda frame: frame.size
)


def render_in_site_frame(title: str, content: Markup) -> Markup:
    """A page of ``title`` and ``content`` inside base.html, as `render_template` would give it, without Jinja.

    base.html is rendered once per language, script root and navigation (the reader's role and the page's
    endpoint decide it) with holes for its personal parts: the title, the CSRF token of the header's forms, the
    address the language switch returns to, the flash messages, and the content.
    """
    language, script_root = str(get_locale()), request.script_root
    navigation = tuple(navigation_for(current_user, request.endpoint))
    frame = _site_frames.get_or_make((language, script_root, navigation), _render_site_frame)
    messages = render_template(MESSAGES_TEMPLATE) if "_flashes" in session else EMPTY_HTML
    here = request.full_path.rstrip("?")
    personal = Personal(
        generate_csrf(), {"title": title, "here": here}, html={"messages": Markup(messages), "content": content}
    )
    return frame.fill(personal)


def _render_site_frame() -> Frame:
    return render_frame(
        lambda slots: render_template(SITE_FRAME_TEMPLATE, slots=slots, csrf_token=slots.token, here=slots.text("here"))
    )


def forget_site_frames() -> None:
    """Empty the cache of site frames (tests start from a clean one)."""
    _site_frames.clear()
