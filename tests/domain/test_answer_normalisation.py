"""Short answers match whatever keyboard layout, case or spacing the trainee typed them with."""

from __future__ import annotations

import pytest

from learnapp.domain.normalise import answers_match, normalise_answer


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("OБСЕ", "ОБСЕ"),  # Latin O in a Cyrillic word
        ("ОSCE", "OSCE"),  # Cyrillic О in a Latin word
        ("osce", "OSCE"),
        ("Ёлка", "елка"),
        ("ёж", "ЕЖ"),
        ("  s / res / 2178  ", "S/RES/2178"),
        ("Joint Plan of Action!", "joint plan of action"),
        ("СВЕТ", "CBET"),  # every letter typed on the Latin layout
    ],
)
def test_typed_answer_matches_despite_trivial_differences(typed: str, accepted: str) -> None:
    assert answers_match(typed, accepted)


@pytest.mark.parametrize(("typed", "accepted"), [("2170", "2178"), ("ОБСЕ", "ООН"), ("", ""), ("?!", "?!")])
def test_different_or_empty_answers_do_not_match(typed: str, accepted: str) -> None:
    assert not answers_match(typed, accepted)


def test_normalised_form_keeps_only_letters_and_digits_in_one_alphabet() -> None:
    assert normalise_answer("S/RES/2178 (2014)") == normalise_answer("ѕ-res-2178-2014")
    assert normalise_answer("a b\tc\n") == "авс"
