"""The region's own organisations, frameworks and terms: named in both languages, and one Russian terminology.

The texts checked are the lessons as the loader renders them (HTML prose, blocks left out), so a name that only
appears in a comment or a broken link does not count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnapp.domain.glossary import GLOSSARY_FILE, load_glossary
from learnapp.domain.loader import load_tree

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "modules"

# (English name, Russian name) pairs that each module must name in the lessons of that language.
REGIONAL_ARCHITECTURE = [
    ("RATS", "РАТС"),
    ("Shanghai Cooperation Organisation", "Шанхайская организация сотрудничества"),
    ("Tashkent", "Ташкент"),
    ("CIS Anti-Terrorism Center", "АТЦ СНГ"),
    ("CSTO", "ОДКБ"),
    ("OSCE", "ОБСЕ"),
    ("violent extremism and radicalization that lead to terrorism", "радикализация, которые приводят к терроризму"),
    ("OSCE Academy in Bishkek", "Академия ОБСЕ в Бишкеке"),
    ("EU", "ЕС"),
    ("BOMCA", "БОМКА"),
    ("UNODC", "УНП ООН"),
    ("UNRCCA", "РЦПДЦА"),
    ("Afghanistan", "Афганистан"),
]
NATIONAL_FRAMEWORKS = [
    ("State Programme on Countering Religious Extremism and Terrorism for 2013–2017", "на 2013–2017 годы"),
    ("On Countering Extremist Activity", "О противодействии экстремистской деятельности"),
    (
        "Concept of State Policy in the Religious Sphere",
        "Концепция государственной политики Кыргызской Республики в религиозной сфере",
    ),
    ("muftiate", "муфтият"),
    ("Committee on Religious Affairs", "Комитет по делам религий"),
    ("State Commission on Religious Affairs", "Государственная комиссия по делам религий"),
    ("Later developments", "Последующее развитие событий"),
]
REGIONAL_PROGRAMME = [
    ("State Programme on Countering Religious Extremism and Terrorism for 2013–2017", "на 2013–2017 годы"),
    ("Akniet", "Акниет"),
    ("Later development: repatriation", "Последующее развитие событий: возвращение граждан"),
    ("Zhusan", "Жусан"),
]
REQUIRED_TERMS = [
    "violent-extremism",
    "radicalisation",
    "verlt",
    "later-development",
    "pillar-iii",
    "resolution-2250-pillars",
    "disengagement",
    "de-radicalisation",
    "reintegration",
    "foreign-terrorist-fighter",
    "counter-narrative",
    "strategic-communications",
    "messenger",
    "subjugation",
    "social-networks",
    "social-media",
    "workshop-title",
    "gctf-women-good-practices",
    "syria-calling",
    "horgan-quote",
]


@pytest.fixture(scope="module")
def curriculum():
    result = load_tree(MODULES)
    assert [str(problem) for problem in result.problems] == []
    return result


def text_of(result, module_id: str, language: str) -> str:
    module = next(module for module in result.modules if module.id == module_id)
    return re.sub(r"\s+", " ", "\n".join(lesson.texts[language].html for lesson in module.lessons))


@pytest.mark.parametrize(
    ("module_id", "names"),
    [
        ("regional-cooperation", REGIONAL_ARCHITECTURE),
        ("prevention", NATIONAL_FRAMEWORKS),
        ("disengagement-and-reintegration", REGIONAL_PROGRAMME),
    ],
)
def test_the_regional_organisations_and_frameworks_are_named_in_both_languages(curriculum, module_id, names):
    english, russian = text_of(curriculum, module_id, "en"), text_of(curriculum, module_id, "ru")
    missing = [en for en, _ in names if en not in english] + [ru for _, ru in names if ru not in russian]
    assert missing == [], module_id


def test_module_6_has_a_lesson_on_the_regional_architecture_in_both_languages(curriculum):
    module = next(module for module in curriculum.modules if module.id == "regional-cooperation")
    lesson = next(lesson for lesson in module.lessons if lesson.id == "05-regional-architecture")
    assert set(lesson.texts) == {"en", "ru"}


def test_the_glossary_has_every_required_term_with_both_languages():
    result = load_glossary(MODULES / GLOSSARY_FILE)
    assert result.problems == ()
    assert result.glossary is not None
    for ident in REQUIRED_TERMS:
        term = result.glossary.term(ident)
        assert term is not None, ident
        assert term.en and term.ru and term.source.name and term.source.symbol, ident
        assert set(term.note) >= {"en", "ru"} and set(term.definition) >= {"en", "ru"}, ident


def test_the_glossary_picks_the_osce_term_and_explains_the_un_2015_one():
    glossary = load_glossary(MODULES / GLOSSARY_FILE).glossary
    assert glossary is not None
    term = glossary.term("violent-extremism")
    assert term is not None and term.ru == "насильственный экстремизм"
    assert "воинствующий экстремизм" in term.note["ru"] and "A/70/674" in term.source.symbol


def test_the_lessons_and_module_settings_use_no_avoided_variant(curriculum):
    assert [str(warning) for warning in curriculum.warnings if "/quiz." not in warning.path] == []
