"""Trainer Markdown becomes safe HTML: the features authors need survive, anything dangerous does not."""

from __future__ import annotations

import pytest

from learnapp.domain.markdown_render import render_inline, render_markdown


def html_of(text: str) -> str:
    return render_markdown(text).html


def test_tables_survive_with_their_alignment() -> None:
    html = html_of("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert '<td align="right">2</td>' in html


def test_footnotes_survive_with_their_links_back_and_forth() -> None:
    html = html_of("Text[^1].\n\n[^1]: The note.\n")
    assert '<a class="footnote-ref" href="#fn:1"' in html
    assert '<div class="footnote">' in html
    assert 'href="#fnref:1"' in html


def test_admonitions_survive_with_their_kind_and_title() -> None:
    html = html_of('!!! warning "Careful"\n    Inside the note.\n')
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Careful</p>' in html


def test_headings_get_anchors_also_in_cyrillic() -> None:
    assert '<h2 id="факторы">Факторы</h2>' in html_of("## Факторы\n")


def test_definition_lists_and_abbreviations_survive() -> None:
    html = html_of("JPoA is new.\n\nTerm\n:   Definition\n\n*[JPoA]: Joint Plan of Action\n")
    assert '<abbr title="Joint Plan of Action">JPoA</abbr>' in html
    assert "<dt>Term</dt>" in html


def test_links_get_noopener_noreferrer() -> None:
    assert 'href="https://un.org" rel="noopener noreferrer"' in html_of("[UN](https://un.org)")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<style>body { display: none }</style>",
        "<iframe src='https://evil.example'>alert</iframe>",
        "<form action='https://evil.example'><input name=alert></form>",
    ],
)
def test_scripts_styles_iframes_and_forms_are_removed_with_their_content(text: str) -> None:
    html = html_of(f"Before\n\n{text}\n\nAfter")
    for tag in ("<script", "<style", "<iframe", "<form", "<input", "alert", "display"):
        assert tag not in html
    assert "After" in html


def test_event_attributes_are_removed() -> None:
    html = html_of('<img src="media/a.png" alt="a" onerror="alert(1)"> <span onclick="alert(1)">x</span>')
    assert "onerror" not in html
    assert "onclick" not in html


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:x"])
def test_script_links_lose_their_target(href: str) -> None:
    rendered = render_markdown(f"[click]({href})")
    assert "href" not in rendered.html
    assert rendered.refused[0].kind == "link"


def test_entity_encoded_javascript_link_loses_its_target() -> None:
    assert "href" not in html_of('<a href="&#106;avascript:alert(1)">x</a>')


def test_style_attributes_are_removed() -> None:
    assert "style" not in html_of('<span style="position:fixed">x</span>')


@pytest.mark.parametrize(
    "src",
    [
        "data:image/png;base64,AAAA",
        "https://evil.example/pixel.png",
        "//evil.example/pixel.png",
        "../other-module/media/a.png",
        "media/../../secret.png",
        "/etc/passwd",
        "media%2F..%2F..%2Fsecret.png",
        "file:///etc/passwd",
    ],
)
def test_images_outside_the_module_folder_are_refused(src: str) -> None:
    rendered = render_markdown(f"![alt]({src})")
    assert "src=" not in rendered.html
    assert rendered.images == ()
    assert [refused.target for refused in rendered.refused] == [src]


def test_module_images_are_kept_reported_and_served_from_the_media_base() -> None:
    rendered = render_markdown("![Pathways](./media/pathways.png)", media_base="/media/scope/")
    assert '<img alt="Pathways" src="/media/scope/media/pathways.png">' in rendered.html
    assert rendered.images == ("media/pathways.png",)


def test_image_without_alt_text_is_reported() -> None:
    assert render_markdown("![](media/a.png)").missing_alt == ("media/a.png",)


def test_links_to_module_files_are_reported_and_anchors_are_left_alone() -> None:
    rendered = render_markdown("[Handout](media/handout.pdf#page=2) [Top](#top)", media_base="/m/")
    assert rendered.files == ("media/handout.pdf",)
    assert 'href="/m/media/handout.pdf#page=2"' in rendered.html
    assert 'href="#top"' in rendered.html


def test_links_outside_the_module_folder_lose_their_target() -> None:
    rendered = render_markdown("[Other](../02-drivers/lessons/x.md)")
    assert "href" not in rendered.html
    assert "outside the module folder" in rendered.refused[0].reason


def test_inline_rendering_drops_the_wrapping_paragraph() -> None:
    assert render_inline("**Four** pillars").html == "<strong>Four</strong> pillars"


def test_harmless_inline_html_survives() -> None:
    assert "<kbd>Ctrl</kbd>" in html_of("Press <kbd>Ctrl</kbd>.")
