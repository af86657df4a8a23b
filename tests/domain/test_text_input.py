"""Which characters a field accepts (security review F1, F7)."""

from __future__ import annotations

import pytest

from learnapp.domain.text_input import forbidden_character


@pytest.mark.parametrize(
    ("text", "found"),
    [("Nul\x00Byte", "U+0000"), ("a\x01", "U+0001"), ("\x1b[0m", "U+001B"), ("v\x0bt", "U+000B"), ("\x7f", "U+007F")],
)
def test_control_characters_are_refused_in_every_field(text, found):
    assert forbidden_character(text) == found
    assert forbidden_character(text, multiline=True) == found


@pytest.mark.parametrize("text", ["a\tb", "two\nlines", "\r=1", "para\u2029graph"])
def test_tabs_and_line_breaks_only_in_multiline_fields(text):
    assert forbidden_character(text) is not None
    assert forbidden_character(text, multiline=True) is None


@pytest.mark.parametrize("text", ["Айгерим Жумабаева", "O'Brien-Smith", "", "Ташкент, ул. Навои 1"])
def test_ordinary_text_is_accepted(text):
    assert forbidden_character(text) is None
