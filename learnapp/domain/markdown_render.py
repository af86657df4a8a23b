"""The one function that turns trainer Markdown into safe HTML.

Pipeline: python-markdown (tables, footnotes, heading anchors, definition lists, abbreviations,
admonitions), then nh3 with an allow-list. ``attr_list`` is deliberately off: it would let authors set ids,
classes and arbitrary attributes (``{: .btn onclick=...}``); the sanitiser would strip the dangerous ones,
but classes and ids could still imitate the site's own controls, and authors do not need it. No extension
that reads files (such as ``pymdownx.snippets``) is ever enabled.

Before sanitising, every image and link is audited, so the loader can report refused URLs, images without
alt text and references to files that do not exist, instead of letting them vanish silently.

Speed: a studio save loads the whole draft, and most of its blocks are unchanged since the last save. The result
of a text is a pure function of the text and ``media_base`` and is immutable, so recent results are kept per
process, up to ``RENDER_CACHE_BYTES`` (`sized_cache.SizedCache`). A text not seen before goes through one
``markdown.Markdown`` per thread, reset between texts, instead of a new one each time (building one registers
every extension: most of its cost).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from learnapp.domain.sized_cache import SizedCache

RENDER_CACHE_BYTES = 16_000_000
ADMONITION_KINDS = frozenset({"note", "tip", "warning", "important"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_EXTENSIONS = ["tables", "footnotes", "toc", "def_list", "abbr", "admonition"]
_EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    "tables": {"use_align_attribute": True},
    "toc": {"slugify": slugify_unicode, "permalink": False},
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAGS = _HEADINGS | {
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "img",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "kbd",
    "q",
    "abbr",
    "span",
}
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "noscript",
    "template",
    "textarea",
    "select",
    "svg",
    "math",
}
_ATTRIBUTES = {
    **{heading: {"id"} for heading in _HEADINGS},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"id"},
}
_CLASSES = {
    "div": {"admonition", "footnote", *ADMONITION_KINDS},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
# Whatever precedes the first colon of the first path segment counts as a scheme, valid or not: a browser
# may read "java    script:" (Markdown expands tabs) differently from us, so it is refused, not a path.
_SCHEME = re.compile(r"([^/?#]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_CONTROLS_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SINGLE_PARAGRAPH = re.compile(r"<p>((?:(?!<p[ >]).)*)</p>", re.DOTALL)


@dataclass(frozen=True)
class Refused:
    """An image or link the sanitiser removed, and why (phrased to follow ``image 'x'`` or ``link 'x'``)."""

    kind: str
    target: str
    reason: str


@dataclass(frozen=True)
class Rendered:
    """Safe HTML and what it refers to: module-relative image and file paths, refusals, alt-less images."""

    html: str
    images: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    refused: tuple[Refused, ...] = ()
    missing_alt: tuple[str, ...] = ()


_converters = threading.local()
# Results by (text, media base): a result depends on nothing else, and it is immutable. Each is counted as twice its
# HTML (the text it came from is about as long; a count of entries would bound nothing, as a text may be 400 kB);
# the whole curriculum counts about 3.4 MB.
_rendered: SizedCache[tuple[str, str], Rendered] = SizedCache(
    RENDER_CACHE_BYTES, lambda rendered: 2 * len(rendered.html)
)


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter, reset for a new text (footnotes, heading ids and abbreviations cleared)."""
    converter: markdown.Markdown | None = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
        _converters.markdown = converter
    return converter.reset()


def render_markdown(text: str, *, media_base: str = "") -> Rendered:
    """Render trainer Markdown to sanitised HTML; module-relative paths get ``media_base`` in front."""
    return _rendered.get_or_make((text, media_base), lambda: _render(text, media_base))


def _render(text: str, media_base: str) -> Rendered:
    raw = _converter().convert(text)
    audit = _Audit()
    audit.feed(raw)
    audit.close()
    return audit.result(sanitise_html(raw, media_base=media_base))


def sanitise_html(html: str, *, media_base: str = "") -> str:
    """Clean HTML with the lessons' allow-list (the last step of ``render_markdown``), for HTML from elsewhere."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=lambda tag, name, value: _filter(tag, name, value, media_base),
        link_rel="noopener noreferrer",
        url_schemes=set(LINK_SCHEMES),
        allowed_classes=_CLASSES,
    )


def render_inline(text: str, *, media_base: str = "") -> Rendered:
    """Render a one-line text (a choice, a matching side) without the wrapping paragraph."""
    rendered = render_markdown(text, media_base=media_base)
    match = _SINGLE_PARAGRAPH.fullmatch(rendered.html.strip())
    if match is None:
        return rendered
    return Rendered(match.group(1), rendered.images, rendered.files, rendered.refused, rendered.missing_alt)


def image_refusal(src: str) -> str | None:
    """Say why an image source is refused, or None: images are only files inside the module folder."""
    target = _clean_url(src)
    scheme = _scheme(target)
    if scheme in ("http", "https") or target.startswith("//"):
        return "is on another host: save the image into the module's media/ folder and write media/NAME"
    if scheme is not None or ":" in target:
        return "is not a file path (data: and other schemes are not allowed): save it into media/ instead"
    if not target:
        return "has no path: write the image's path, like media/NAME"
    if ":" in module_path(target):  # the src written out is percent-decoded: https%3A// would become https:/
        return "has an encoded ':' (%3A), which makes it a scheme, not a file path: save it into media/ instead"
    return _outside_refusal(target)


def link_refusal(href: str) -> str | None:
    """Say why a link target is refused, or None: http, https, mailto, anchors and module-relative paths."""
    target = _clean_url(href)
    scheme = _scheme(target)
    if target.startswith("#") or scheme in LINK_SCHEMES:
        return None
    if scheme is not None:
        return f"uses '{scheme}:', which is not allowed: use http:, https:, mailto: or a module-relative path"
    if target.startswith("//"):
        return "has no scheme: write the full address, starting with https://"
    return _outside_refusal(target.removeprefix("./"))  # judged as written out: .//host would become //host


def module_path(target: str) -> str:
    """Return the module-relative file path a relative URL names, without query, fragment or ``./``."""
    path = unquote(urlsplit(_clean_url(target)).path)
    return str(PurePosixPath(path)) if path else ""


def _clean_url(url: str) -> str:
    """Strip what browsers strip (surrounding spaces and controls, tabs and newlines anywhere)."""
    return _IGNORED_IN_URLS.sub("", url).strip(_CONTROLS_AND_SPACE)


def _scheme(target: str) -> str | None:
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else None


def _outside_refusal(target: str) -> str | None:
    path = unquote(urlsplit(target).path)
    if "\\" in path:
        return "contains a backslash: use forward slashes, like media/NAME"
    if path.startswith("/"):
        return "is an absolute path: write it relative to the module folder, like media/NAME"
    if ".." in path.split("/"):
        return "points outside the module folder: paths are relative to the module folder, like media/NAME"
    return None


def _is_file_link(href: str) -> bool:
    return not _clean_url(href).startswith("#") and _scheme(_clean_url(href)) is None


def _filter(tag: str, name: str, value: str, media_base: str) -> str | None:
    if tag == "img" and name == "src":
        return None if image_refusal(value) else media_base + module_path(value)
    if tag == "a" and name == "href":
        if link_refusal(value):
            return None
        return media_base + _clean_url(value).removeprefix("./") if _is_file_link(value) else value
    return value


class _Audit(HTMLParser):
    """Collects the images and links of the unsanitised HTML, judged by the same rules as the filter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[str] = []
        self.files: list[str] = []
        self.refused: list[Refused] = []
        self.missing_alt: list[str] = []

    def result(self, html: str) -> Rendered:
        """What was found, with the sanitised HTML."""
        found = (tuple(self.images), tuple(self.files), tuple(self.refused), tuple(self.missing_alt))
        return Rendered(html, *found)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img":
            self._image(values.get("src", ""), values.get("alt", "").strip())
        elif tag == "a" and "href" in values:
            self._link(values["href"])

    def _image(self, src: str, alt: str) -> None:
        reason = image_refusal(src)
        if reason:
            self.refused.append(Refused("image", src, reason))
            return
        self.images.append(module_path(src))
        if not alt:
            self.missing_alt.append(module_path(src))

    def _link(self, href: str) -> None:
        reason = link_refusal(href)
        if reason:
            self.refused.append(Refused("link", href, reason))
        elif _is_file_link(href) and module_path(href):
            self.files.append(module_path(href))
