"""Ids for imported questions: Latin slugs from titles or stems, stable and unique."""

from __future__ import annotations

import pytest

from learnapp.domain.schema import is_id
from learnapp.domain.slugs import MAX_LENGTH, question_id, slugify, unique_ids


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Щука и ёж", "shchuka-i-yozh"),
        ("Қазақстан Республикасы", "qazaqstan-respublikasy"),
        ("Ўзбекистон", "ozbekiston"),
        ("Ҷумҳурии Тоҷикистон", "jumhurii-tojikiston"),
        ("Кыргыз Республикасы: 2016-жыл", "kyrgyz-respublikasy-2016-zhyl"),
        ("Café **bold** `code` <b>tag</b>", "cafe-bold-code-tag"),
        ("???", "question"),
        ("العربية", "question"),
    ],
)
def test_slugs_are_latin_ids(text, slug):
    assert slugify(text) == slug
    assert is_id(slugify(text))


def test_a_long_title_is_cut_at_a_word():
    slug = slugify("word " * 40)
    assert len(slug) <= MAX_LENGTH and slug.endswith("word") and is_id(slug)


def test_the_title_wins_over_the_stem_and_stems_keep_six_words():
    assert question_id("Pillars", "How many pillars?") == "pillars"
    assert question_id("", "one two three four five six seven eight") == "one-two-three-four-five-six"


def test_an_id_is_its_own_slug_so_exported_titles_come_back_unchanged():
    for value in ["pillars-count", "a1", "x-2-y"]:
        assert slugify(value) == value


def test_ids_are_made_unique_in_order():
    assert unique_ids(["a", "a", "b", "a"], taken=["b"]) == ["a", "a-2", "b-2", "a-3"]
