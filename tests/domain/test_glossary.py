"""The glossary: parsed into plain values, checked at file and line, and used to find avoided Russian variants."""

from __future__ import annotations

from pathlib import Path

from learnapp.domain.glossary import check_text, find_variants, load_glossary, variant_pattern
from learnapp.domain.loader import load_tree
from tests.domain.module_tree import write_tree

ENTRY = """\
terms:
  - id: subjugation
    en: subjugation
    ru: подчинение
    avoid: ["порабощ*"]
    source:
      name: Plan of Action to Prevent Violent Extremism
      symbol: A/70/674
    note:
      en: Enslavement is too strong.
      ru: «Порабощение» — слишком сильно.
    definition:
      en: Being brought under another's control.
      ru: Подчинение чужой власти.
  - id: later-development
    en: later development
    ru: последующее развитие событий
    avoid: ["более поздн* развити*", "последующ* развити*"]
    allow: ["последующ* развити* событий"]
    source:
      name: Domain reference
      symbol: domain-facts.md
    note:
      en: After March 2016.
      ru: После марта 2016 года.
    definition:
      en: Dated after the workshop.
      ru: Позже семинара.
"""


def glossary_file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(content, encoding="utf-8")
    return path


def problems(tmp_path: Path, content: str) -> list[str]:
    result = load_glossary(glossary_file(tmp_path, content))
    return [str(problem).removeprefix(f"{tmp_path}/") for problem in result.problems]


def test_a_glossary_loads_into_terms_with_both_languages(tmp_path):
    result = load_glossary(glossary_file(tmp_path, ENTRY))
    assert result.problems == ()
    assert result.glossary is not None
    term = result.glossary.term("subjugation")
    assert term is not None
    assert (term.en, term.ru, term.avoid, term.source.symbol) == (
        "subjugation",
        "подчинение",
        ("порабощ*",),
        "A/70/674",
    )
    assert term.definition == {"en": "Being brought under another's control.", "ru": "Подчинение чужой власти."}
    assert term.line == 2
    assert [t.id for t in result.glossary.sorted_terms("ru")] == ["subjugation", "later-development"]
    assert [t.id for t in result.glossary.sorted_terms("en")] == ["later-development", "subjugation"]


def test_a_missing_language_and_key_are_reported_at_their_lines(tmp_path):
    broken = ENTRY.replace("      ru: Подчинение чужой власти.\n", "").replace("    en: subjugation\n", "")
    assert problems(tmp_path, broken) == [
        "glossary.yaml:2: missing required key 'en': add it",
        "glossary.yaml:11: 'definition' needs an 'ru:' text",
    ]


def test_a_bad_source_a_bad_pattern_and_an_unknown_key_are_reported(tmp_path):
    broken = ENTRY.replace("      symbol: A/70/674\n", "").replace('["порабощ*"]', '["по*раб"]')
    broken = broken.replace(
        "    ru: последующее развитие событий\n", "    ru: последующее развитие событий\n    colour: red\n"
    )
    found = problems(tmp_path, broken)
    assert found == [
        "glossary.yaml:5: 'avoid' item 1 'по*раб' must be words separated by spaces, each ending in '*' at most, "
        "like 'порабощ*'",
        "glossary.yaml:6: 'source' needs 'symbol:'",
        "glossary.yaml:17: unknown key 'colour': remove it or fix its spelling "
        "(allowed: id, en, ru, avoid, allow, source, note, definition)",
    ]


def test_a_variant_that_matches_the_term_itself_and_a_reused_id_are_errors(tmp_path):
    broken = ENTRY.replace('allow: ["последующ* развити* событий"]', "allow: []")
    broken = broken.replace("id: later-development", "id: subjugation")
    assert problems(tmp_path, broken) == [
        "glossary.yaml:18: the variant 'последующ* развити*' also matches the term to use «последующее развитие "
        "событий»: make the variant more specific, or list the right form under 'allow'",
    ]
    fixed = ENTRY.replace("id: later-development", "id: subjugation")
    assert problems(tmp_path, fixed) == [
        "glossary.yaml:15: term id 'subjugation' is already used on line 2: give each its own id",
    ]


def test_a_file_that_is_not_a_glossary_is_refused(tmp_path):
    assert problems(tmp_path, "- just a list\n") == [
        "glossary.yaml:1: expected 'key: value' lines here; see docs/authoring.md for the keys",
    ]
    assert problems(tmp_path, "terms: [\n") == [
        "glossary.yaml:2: invalid YAML: while parsing a flow node, expected the node content, but found "
        "'<stream end>'; check the brackets, quotes, colons and indentation here",
    ]


def test_inflected_forms_are_found_by_their_stem_whatever_the_case_and_e_with_diaeresis(tmp_path):
    glossary = load_glossary(glossary_file(tmp_path, ENTRY)).glossary
    assert glossary is not None
    text = "Первая строка.\nОбиды, вызванные ПОРАБОЩЕНИЕМ.\nО порабощённых народах; о рабстве нет.\n"
    assert [(use.line, use.found, use.term.id) for use in find_variants(text, glossary)] == [
        (2, "ПОРАБОЩЕНИЕМ", "subjugation"),
        (3, "порабощённых", "subjugation"),
    ]


def test_phrases_match_across_punctuation_and_line_breaks_but_not_inside_an_allowed_phrase(tmp_path):
    glossary = load_glossary(glossary_file(tmp_path, ENTRY)).glossary
    assert glossary is not None
    text = "*Более позднее\nразвитие:* ...\nПоследующее развитие событий: ...\nпоследующему развитию сотрудничества\n"
    found = [(use.line, use.found) for use in find_variants(text, glossary)]
    assert found == [(1, "Более позднее\nразвитие"), (4, "последующему развитию")]


def test_a_whole_word_must_match_whole_and_a_stem_must_start_a_word():
    assert variant_pattern("НЭРВТ").search("нэрвт.") is not None
    assert variant_pattern("НЭРВТ").search("нэрвты") is None
    assert variant_pattern("отрасл*").search("ит-отрасль") is None
    assert variant_pattern("отрасл*").search("в отраслях") is not None


def test_each_use_is_a_warning_at_its_path_and_line_that_says_what_to_use(tmp_path):
    glossary = load_glossary(glossary_file(tmp_path, ENTRY)).glossary
    assert glossary is not None
    assert [str(problem) for problem in check_text("lessons/01.ru.md", "a\nпорабощение\n", glossary)] == [
        "lessons/01.ru.md:2: warning: «порабощение»: use «подчинение» (subjugation; see glossary.yaml, 'subjugation')"
    ]


def test_the_loader_reports_variants_as_warnings_and_glossary_errors_as_problems(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "glossary.yaml": ENTRY,
            "01-alpha/lessons/01-intro.ru.md": "---\ntitle: Введение\n---\n\nПорабощение.\n",
        },
    )
    result = load_tree(root)
    assert result.is_ok and [module.id for module in result.modules] == ["alpha"]
    assert [str(w).removeprefix(f"{root}/") for w in result.warnings] == [
        "01-alpha/lessons/01-intro.ru.md:5: warning: «Порабощение»: use «подчинение» "
        "(subjugation; see glossary.yaml, 'subjugation')"
    ]
    (root / "glossary.yaml").write_text("terms: 3\n", encoding="utf-8")
    result = load_tree(root)
    assert not result.is_ok and result.warnings == ()
    assert [str(p).removeprefix(f"{root}/") for p in result.problems] == [
        "glossary.yaml:1: 'terms' must be a list like [a, b], not 3"
    ]


def test_a_tree_without_a_glossary_has_no_warnings(tmp_path):
    result = load_tree(
        write_tree(tmp_path, {"01-alpha/lessons/01-intro.ru.md": "---\ntitle: В\n---\n\nПорабощение.\n"})
    )
    assert result.is_ok and result.warnings == ()


def test_the_words_found_are_exact_even_after_letters_whose_lower_case_is_longer(tmp_path):
    glossary = load_glossary(glossary_file(tmp_path, ENTRY)).glossary
    assert glossary is not None
    found = find_variants("İİİ: порабощение", glossary)
    assert [use.found for use in found] == ["порабощение"]
