"""A frame renders once and fills in each reader's own values, escaped, in the places its template marked."""

from __future__ import annotations

from jinja2 import Environment

from learnapp.frames import Personal, render_frame

TEMPLATE = Environment(autoescape=True).from_string(
    '<form><input value="{{ slots.token() }}"><textarea>{{ slots.text("a") }}</textarea>'
    '{% set note %}<p>{{ title }}</p>{% endset %}{{ slots.when("saved", note) }}'
    '{{ slots.choose("answered", "<i>commentary</i>", "<i>hint</i>") }}</form>'
)


def frame_of(title):
    return render_frame(lambda slots: TEMPLATE.render(slots=slots, title=title))


def test_a_frame_shows_each_reader_their_own_values_escaped():
    frame = frame_of("Saved & kept")
    first = frame.fill(Personal("t1", {"a": "<script>x</script>"}, {"saved", "answered"}))
    second = frame.fill(Personal("t2", {}, set()))
    assert first == (
        '<form><input value="t1"><textarea>&lt;script&gt;x&lt;/script&gt;</textarea>'
        "<p>Saved &amp; kept</p><i>commentary</i></form>"
    )
    assert second == '<form><input value="t2"><textarea></textarea><i>hint</i></form>'


def test_content_that_looks_like_a_marker_stays_content():
    frame = frame_of("\x00abc:0\x00")
    assert frame.fill(Personal("t", {}, {"saved"})).count("\x00abc:0\x00") == 1
    assert frame.size > 0
