"""Hostile Markdown and HTML come out of the renderer inert: no script, no foreign URL, no overlay, text kept.

Every input of ``HOSTILE`` is rendered, and the HTML that would be stored is read back with the standard library's
HTML parser (not with regexes) and held to fixed rules: only harmless elements and
attributes, no event handler, no style, only http(s) and mailto links, only module-relative images. The harmless
text of each input must survive, so a sanitiser that deleted everything would fail too. ``HOSTILE`` is also what
``tests/browser/test_hostile_markdown_page.py`` puts on a real lesson page.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from learnapp.domain.markdown_render import render_markdown

# What a payload runs if it ever executes: a dialog, and a mark the browser test looks for.
PWN = "alert(1);window.top.__pwned.push(1)"
PWN_PAGE = base64.b64encode(f"<script>{PWN}</script>".encode()).decode()
PWN_SVG = base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWN}"/>'.encode()).decode()


@dataclass(frozen=True)
class Hostile:
    """A named hostile input and the harmless words of it that must still be seen."""

    name: str
    source: str
    keeps: tuple[str, ...] = field(default=())


HOSTILE: tuple[Hostile, ...] = (
    # Script elements, plain, split and upper-case.
    Hostile("script_tag", f"Before the script.\n\n<script>{PWN}</script>\n\nAfter the script.", ("After the script",)),
    Hostile("script_split_by_inner_script", f"Split <scr<script>ipt>{PWN}</scr</script>ipt> words", ("words",)),
    Hostile("script_upper_case_external", "Inline <SCRIPT SRC=//tracker.example/x.js></SCRIPT> words", ("words",)),
    # Event handlers on allowed and unknown elements.
    Hostile("img_onerror", f'Photo: <img src=x onerror="{PWN}" alt="broken photo">', ("Photo:", "broken photo")),
    Hostile("custom_element_pointer_handler", f'<x-card onpointerover="{PWN}">Hover card</x-card>', ("Hover card",)),
    Hostile("input_autofocus_onfocus", f'Name: <input autofocus onfocus="{PWN}" value="typed">', ("Name:",)),
    Hostile(
        "details_open_ontoggle",
        f'<details open ontoggle="{PWN}"><summary>More</summary>Hidden words</details>',
        ("More", "Hidden words"),
    ),
    # SVG and MathML.
    Hostile("svg_onload", f'Chart <svg onload="{PWN}"><circle r="5"/></svg> below', ("below",)),
    Hostile("svg_script", f"Chart <svg><script>{PWN}</script></svg> below", ("below",)),
    Hostile(
        "svg_xlink_href",
        '<svg><a xlink:href="javascript:alert(1)"><text y="20">svg link</text></a></svg>\n\nAfter the chart.',
        ("After the chart",),
    ),
    Hostile(
        "math_mglyph_style_mutation",
        "Formula:\n\n<math><mtext><table><mglyph><style><!--</style>"
        '<img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">\n\nSwallowed by the open math.',
        ("Formula:",),
    ),
    Hostile("math_href", f'<math href="javascript:{PWN}"><mi>x</mi></math>\n\nAfter the maths.', ("After the maths",)),
    # Embedded documents and plugins.
    Hostile(
        "iframe_srcdoc",
        f'<iframe srcdoc="&lt;script&gt;{PWN}&lt;/script&gt;"></iframe>\n\nAfter the frame.',
        ("After the frame",),
    ),
    Hostile("object_data", f'<object data="data:text/html;base64,{PWN_PAGE}"></object>\n\nAfter.', ("After",)),
    Hostile("embed_src", f'<embed src="javascript:{PWN}">\n\nAfter the embed.', ("After the embed",)),
    # Forms and their controls.
    Hostile(
        "form_action",
        f'<form action="javascript:{PWN}"><button>Send</button></form>\n\nAfter the form.',
        ("After the form",),
    ),
    Hostile("button_formaction", f'<button formaction="javascript:{PWN}">Click me</button>', ("Click me",)),
    Hostile(
        "textarea_breakout",
        f'<textarea></textarea><img src=x onerror="{PWN}" alt="out"></textarea> then text',
        ("then text",),
    ),
    Hostile("select_options", "<select><option>Pick me</option></select>\n\nAfter the list.", ("After the list",)),
    # javascript:, vbscript: and data: links in HTML, encoded and split.
    Hostile("html_link_javascript", f'<a href="javascript:{PWN}">plain</a>', ("plain",)),
    Hostile("html_link_decimal_entities", f'<a href="&#106;&#97;vascript:{PWN}">decimal</a>', ("decimal",)),
    Hostile("html_link_hex_entities", f'<a href="&#x6A;&#x61;&#x76;ascript:{PWN}">hex</a>', ("hex",)),
    Hostile(
        "html_link_padded_entities_without_semicolons",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
        f'&#0000058{PWN}">padded</a>',
        ("padded",),
    ),
    Hostile("html_link_tab_entity", f'<a href="java&#x09;script:{PWN}">tab</a>', ("tab",)),
    Hostile("html_link_newline_entity", f'<a href="jav&#x0A;ascript:{PWN}">newline</a>', ("newline",)),
    Hostile("html_link_colon_entity", f'<a href="javascript&colon;{PWN}">colon</a>', ("colon",)),
    Hostile("html_link_leading_controls", f'<a href=" &#1;\x01javascript:{PWN}">control</a>', ("control",)),
    Hostile("html_link_vbscript", '<a href="vbscript:msgbox(1)">vb</a>', ("vb",)),
    Hostile("html_link_data_html", f'<a href="data:text/html,<script>{PWN}</script>">data page</a>', ("data page",)),
    # The same in Markdown form.
    Hostile("md_link_decimal_entity", f"[md decimal](&#106;avascript:{PWN})", ("md decimal",)),
    Hostile("md_link_colon_entity", f"[md colon](javascript&colon;{PWN})", ("md colon",)),
    Hostile("md_link_leading_control", f"[md control](\x01javascript:{PWN})", ("md control",)),
    Hostile("md_link_angle_brackets", f"[md angle](<javascript:{PWN}>)", ("md angle",)),
    Hostile("md_link_data_html_base64", f"[md data](data:text/html;base64,{PWN_PAGE})", ("md data",)),
    Hostile("md_reference_link", f"Read [the guide][1].\n\n[1]: javascript:{PWN}", ("the guide",)),
    Hostile(
        "md_reference_link_angle_and_title",
        f'Read [the notes][evil].\n\n[evil]: <javascript:{PWN}> "Notes"',
        ("the notes",),
    ),
    Hostile("md_autolink_javascript", f"Go <javascript:{PWN}> now", ("now",)),
    Hostile("md_autolink_javascript_email", "Mail <javascript:alert(1)//@example.org> now", ("now",)),
    # Links to another host disguised as module paths.
    Hostile("md_link_dot_slash_protocol_relative", "[elsewhere](.///evil.example/)", ("elsewhere",)),
    Hostile("html_link_dot_slash_encoded_slash", '<a href="./&#x2F;/evil.example/">also elsewhere</a>', ("also",)),
    # Images: tracking pixels, other hosts, schemes hidden from the path checks.
    Hostile("md_image_tracker", "![tracker](https://tracker.example/p.gif) seen", ("tracker", "seen")),
    Hostile("md_image_protocol_relative", "![tracker](//tracker.example/p.gif) seen", ("tracker", "seen")),
    Hostile("md_image_backslash_host", "![tracker](/\\tracker.example/p.gif) seen", ("tracker", "seen")),
    Hostile("md_image_encoded_colon_host", "![tracker](https%3A//tracker.example/p.gif) seen", ("tracker", "seen")),
    Hostile("md_image_encoded_colon_script", f"![script](javascript%3A{PWN}) seen", ("script", "seen")),
    Hostile("md_image_data_svg", f"![svg](data:image/svg+xml;base64,{PWN_SVG}) seen", ("svg", "seen")),
    Hostile("html_image_tracker", '<img src="https://tracker.example/p.gif" alt="pixel"> seen', ("pixel", "seen")),
    Hostile(
        "html_image_srcset_tracker",
        '<img src="media/a.png" srcset="https://tracker.example/p.gif 1x" alt="set"> seen',
        ("set", "seen"),
    ),
    # Styles, overlays, imitation of the site's own controls.
    Hostile(
        "style_tag_overlay",
        "<style>body::after{content:'Session expired';position:fixed;inset:0}</style>\n\nAfter the style.",
        ("After the style",),
    ),
    Hostile(
        "style_attribute_overlay",
        '<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:#fff">'
        "Fake sign-in</div>",
        ("Fake sign-in",),
    ),
    Hostile("class_imitating_a_button", '<a class="button" href="https://x.example">Continue</a>', ("Continue",)),
    Hostile("link_stylesheet", '<link rel=stylesheet href="https://tracker.example/x.css">\n\nStyled.', ("Styled",)),
    # Document-level elements.
    Hostile("base_href", '<base href="https://evil.example/">\n\n[Handout](media/handout.pdf)', ("Handout",)),
    Hostile(
        "meta_refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n\nStill here.',
        ("Still here",),
    ),
    # Attribute lists (the extension is off: they must stay text).
    Hostile("attr_list_paragraph", f'A paragraph.\n{{: onclick="{PWN}" }}', ("A paragraph.",)),
    Hostile("attr_list_heading", f'## A heading {{: onclick="{PWN}" #main .button }}', ("A heading",)),
    Hostile(
        "attr_list_link", f'[a link](https://x.example){{: onclick="{PWN}" target=_blank }} ends', ("a link", "ends")
    ),
    # Markup hidden in comments, templates and noscript.
    Hostile("comment_closed_early", f"<!--><script>{PWN}</script>-->\n\nAfter the comment.", ("After the comment",)),
    Hostile(
        "comment_conditional",
        f"<!--[if IE]><script>{PWN}</script><![endif]-->\n\nAfter the condition.",
        ("After the condition",),
    ),
    Hostile("template_image", f'<template><img src=x onerror="{PWN}"></template>\n\nAfter.', ("After",)),
    Hostile(
        "noscript_title_breakout",
        f'<noscript><p title="</noscript><img src=x onerror={PWN.replace(";", "//")}>"></noscript>\n\nAfter.',
        ("After",),
    ),
    # Tabnabbing and tracking on allowed links.
    Hostile("target_blank_link", '<a target=_blank href="https://x.example">open</a>', ("open",)),
    Hostile("link_ping", '<a href="https://x.example" ping="https://tracker.example/">pinged</a>', ("pinged",)),
    # Hostile content inside the Markdown extensions authors do use.
    Hostile(
        "admonition_with_script",
        f'!!! warning "Careful"\n    <script>{PWN}</script>\n    Safe words.',
        ("Careful", "Safe words"),
    ),
    Hostile(
        "table_cell_onerror_image",
        f'| Who | Photo |\n|---|---|\n| Ana | <img src=x onerror="{PWN}" alt="cell photo"> |',
        ("Ana", "cell photo"),
    ),
    Hostile("footnote_javascript_link", f"Claim[^1].\n\n[^1]: [source](javascript:{PWN})", ("Claim", "source")),
)

SAFE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt"}
    | {"dd", "div", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "em", "strong", "b", "i", "u", "s"}
    | {"del", "ins", "mark", "small", "sub", "sup", "kbd", "q", "abbr", "span"}
)
NEVER_TAGS = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "form", "input", "button", "base", "meta", "link"}
    | {"svg", "math", "template", "textarea", "select", "noscript", "details"}
)
SAFE_ATTRIBUTES = frozenset({"href", "title", "src", "alt", "id", "class", "align", "start", "rel"})
SAFE_CLASSES = frozenset(
    {"admonition", "note", "tip", "warning", "important", "admonition-title", "footnote", "footnote-ref"}
    | {"footnote-backref"}
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([^/?#]*):")


class _Elements(HTMLParser):
    """The start tags, visible text and any comment or declaration of some HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.hidden: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.hidden.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.hidden.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.hidden.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.hidden.append(f"<![{data}]>")

    @property
    def visible(self) -> str:
        """The text a reader sees, with the alt text of images."""
        alts = [attrs.get("alt", "") for tag, attrs in self.elements if tag == "img"]
        return " ".join([*self.text, *alts])


def as_browser_reads(url: str) -> str:
    """The URL (already entity-decoded by the parser) without any whitespace or control character, lower-cased."""
    return "".join(char for char in url if ord(char) > 0x20 and ord(char) != 0x7F).lower()


def scheme_of(url: str) -> str | None:
    """Whatever precedes a colon in the first path segment is a scheme, valid or not."""
    match = _SCHEME.match(url)
    return match.group(1) if match else None


def assert_safe_href(href: str) -> None:
    url = as_browser_reads(href)
    assert scheme_of(url) in LINK_SCHEMES | {None}, href
    assert not url.startswith("//"), href
    assert "\\" not in url, href


def assert_safe_src(src: str) -> None:
    url = as_browser_reads(src)
    assert scheme_of(url) is None and ":" not in url, src
    assert not url.startswith(("//", "/")), src
    assert "\\" not in url, src
    assert ".." not in url.split("/"), src


def assert_safe_element(tag: str, attrs: dict[str, str]) -> None:
    assert tag in SAFE_TAGS and tag not in NEVER_TAGS, tag
    assert not any(name.startswith("on") for name in attrs), attrs
    assert "style" not in attrs, attrs
    assert set(attrs) <= SAFE_ATTRIBUTES, attrs
    assert set(attrs.get("class", "").split()) <= SAFE_CLASSES, attrs
    if "href" in attrs:
        assert_safe_href(attrs["href"])
    if "src" in attrs:
        assert_safe_src(attrs["src"])
    if tag == "a" and scheme_of(as_browser_reads(attrs.get("href", ""))) in ("http", "https"):
        assert "noopener" in attrs.get("rel", "").split(), attrs


def test_the_corpus_is_large_and_every_input_has_its_own_name() -> None:
    names = [hostile.name for hostile in HOSTILE]
    assert len(names) >= 35
    assert len(set(names)) == len(names)
    assert all(hostile.keeps for hostile in HOSTILE)


def test_the_elements_that_must_never_appear_are_outside_the_safe_set() -> None:
    assert not SAFE_TAGS & NEVER_TAGS


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.name)
def test_hostile_input_renders_to_inert_html_that_keeps_its_harmless_text(hostile: Hostile) -> None:
    html = render_markdown(hostile.source).html
    parsed = _Elements(html)
    for tag, attrs in parsed.elements:
        assert_safe_element(tag, attrs)
    assert parsed.hidden == []
    for words in hostile.keeps:
        assert words in parsed.visible, (words, html)


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.name)
def test_hostile_input_served_from_a_module_media_folder_stays_on_that_folder(hostile: Hostile) -> None:
    parsed = _Elements(render_markdown(hostile.source, media_base="/media/alpha/").html)
    for src in (attrs["src"] for tag, attrs in parsed.elements if "src" in attrs):
        assert src.startswith("/media/alpha/"), src
        assert_safe_src(src.removeprefix("/media/alpha/"))


@pytest.mark.parametrize(
    "source",
    ["![tracker](https%3A//tracker.example/p.gif)", "![script](javascript%3Aalert(1))", "[away](.///evil.example/)"],
)
def test_a_target_disguised_as_a_module_path_is_reported_to_the_author_not_kept(source: str) -> None:
    rendered = render_markdown(source)
    assert [refused.target for refused in rendered.refused] == [source.split("(", 1)[1][:-1]]
    assert rendered.images == rendered.files == ()
