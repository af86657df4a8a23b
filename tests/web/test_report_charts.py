"""The SVG charts alone: well-formed, no script, labels escaped, narrow enough for a phone, suppressed not drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import flask_babel

from learnapp.reports.charts import (
    BAR_AREA,
    CHAR_WIDTH,
    LABEL_CHARS,
    LABEL_LINES,
    WIDTH,
    Series,
    bar_chart,
    bar_length,
    paired_bar_chart,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SERIES = (Series("Before: pre-test", is_hatched=True), Series("After: post-test", is_hatched=False))


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def test_short_labels_stay_whole_and_long_ones_wrap_at_spaces():
    assert wrap_label("Kazakhstan") == ["Kazakhstan"]
    lines = wrap_label("Организация гражданского общества или религиозная организация")
    assert lines == ["Организация гражданского общества или", "религиозная организация"]
    assert wrap_label("") == [""]


def test_a_label_too_long_for_three_lines_is_cut_with_an_ellipsis():
    lines = wrap_label("word " * 40)
    assert len(lines) == LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= LABEL_CHARS for line in lines)
    assert all(len(line) <= LABEL_CHARS for line in wrap_label("x" * 200))


def test_bars_are_clamped_to_0_and_100_percent():
    assert (bar_length(-5), bar_length(0), bar_length(50), bar_length(100), bar_length(250)) == (
        0,
        0,
        BAR_AREA // 2,
        BAR_AREA,
        BAR_AREA,
    )
    assert BAR_AREA + 4 + CHAR_WIDTH * len("100 %") <= WIDTH, "the longest value must fit"


def test_bar_chart_is_an_accessible_image_with_title_and_description():
    root = parsed(bar_chart([("Kazakhstan", 50.0)], "Completion rate", "One bar per country.", chart_id="c"))

    assert root.get("role") == "img" and root.get("class") == "chart"
    assert (root.get("aria-labelledby"), root.get("aria-describedby")) == ("c-title", "c-desc")
    assert root.find(f"{SVG}title").get("id") == "c-title" and root.find(f"{SVG}title").text == "Completion rate"
    assert root.find(f"{SVG}desc").text == "One bar per country."
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}" and root.get("width") == str(WIDTH)


def test_bar_chart_escapes_labels_title_and_id_and_has_no_script():
    markup = str(bar_chart([(HOSTILE, 10), ("ok", HOSTILE)], HOSTILE, HOSTILE, chart_id='x" onload="alert(1)'))

    root = parsed(markup)  # well-formed: nothing broke out of its element or attribute
    assert "<script" not in markup and "<img" not in markup
    assert not [element for element in root.iter() if element.tag.endswith(("script", "foreignObject", "a"))]
    assert not [name for element in root.iter() for name in element.attrib if name.lower().startswith("on")]
    assert HOSTILE in "".join(texts(root))


def test_numbers_are_drawn_and_anything_else_is_written():
    root = parsed(bar_chart([("a", 25), ("b", "<5"), ("c", None), ("d", 100.0)], "t"))

    assert [int(rect.get("width")) for rect in bars(root)] == [bar_length(25), BAR_AREA]
    assert texts(root) == ["a", "25 %", "b", "<5", "c", "—", "d", "100 %"]


def test_every_element_fits_the_width():
    root = parsed(bar_chart([("word " * 30, 100), ("x" * 80, 3)], "t"))

    for text in root.iter(f"{SVG}text"):
        x, width = int(text.get("x")), CHAR_WIDTH * len(text.text or "")
        start, end = (x - width, x) if text.get("text-anchor") == "end" else (x, x + width)
        assert start >= BAR_AREA if text.get("text-anchor") == "end" else start >= 0, text.text
        assert end <= WIDTH + CHAR_WIDTH, text.text
    assert all(int(rect.get("x")) + int(rect.get("width")) <= BAR_AREA for rect in root.iter(f"{SVG}rect"))


def test_paired_chart_tells_the_series_apart_by_fill_and_legend():
    root = parsed(paired_bar_chart([("Kazakhstan", 40, 80.5), ("Kyrgyzstan", 60.0, 70.0)], "Gain", SERIES))

    assert texts(root)[:2] == ["Before: pre-test", "After: post-test"]
    swatches = [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "swatch"]
    assert swatches == ["url(#paired-chart-hatch)", "#1f5f8b"]
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "paired-chart-hatch"
    assert [rect.get("fill") for rect in bars(root)] == ["url(#paired-chart-hatch)", "#1f5f8b"] * 2
    assert [int(rect.get("width")) for rect in bars(root)] == [bar_length(v) for v in (40, 80.5, 60, 70)]
    assert "40 %" in texts(root) and "80.5 %" in texts(root)


def test_paired_chart_writes_suppressed_groups_and_escapes_everything():
    series = (Series(HOSTILE, is_hatched=True), Series("after", is_hatched=False))
    markup = str(paired_bar_chart([(HOSTILE, "<5", "<5")], HOSTILE, series, chart_id="g"))

    root = parsed(markup)
    assert "<script" not in markup and bars(root) == []
    assert texts(root)[0] == HOSTILE and " ".join(texts(root)[2:4]) == HOSTILE  # the label wrapped at a space
    assert texts(root)[4:] == ["<5", "<5"]


def test_a_long_legend_goes_on_two_lines():
    series = (Series("До обучения: входной тест", True), Series("После обучения: итоговый тест", False))
    root = parsed(paired_bar_chart([("Казахстан", 50, 75)], "t", series))

    first, second = [text for text in root.iter(f"{SVG}text")][:2]
    assert first.get("x") == second.get("x") and int(second.get("y")) > int(first.get("y"))


def test_values_are_written_with_the_decimal_separator_of_the_page_language(app):
    for language, expected in (("en", ["a", "12.5 %", "b", "100 %"]), ("ru", ["a", "12,5 %", "b", "100 %"])):
        with app.test_request_context(headers={"Accept-Language": language}):
            flask_babel.refresh()  # the locale is kept per application context, which the app fixture holds open
            root = parsed(bar_chart([("a", 12.5), ("b", 100.0)], "t"))
            paired = parsed(paired_bar_chart([("g", 33.3, "<5")], "t", SERIES))

        assert texts(root) == expected
        assert f"33{',' if language == 'ru' else '.'}3 %" in texts(paired)
