"""The checker reports what is wrong in module.yaml and across modules, as ``path:line: message``."""

from __future__ import annotations

from pathlib import Path

from tests.domain.module_tree import LESSON, MODULE_YAML, problems

YAML = "modules/01-alpha/module.yaml"
ID_RULE = "lowercase latin letters, digits and single hyphens, like 'scope-and-nature'"


def beta(extra: str = "") -> dict[str, str]:
    """A second module, 'beta', that may add lines to its module.yaml."""
    return {
        "02-beta/module.yaml": MODULE_YAML.replace("id: alpha", "id: beta") + extra,
        "02-beta/lessons/01-intro.en.md": LESSON,
    }


def test_valid_module_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, {}) == []


def test_bad_yaml_is_reported_at_the_line_of_the_open_bracket(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("order: 1", "order: [1")})
    assert found == [
        f"{YAML}:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'; "
        "check the brackets, quotes, colons and indentation here"
    ]


def test_unknown_key_is_reported_with_the_allowed_keys(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML + "colour: red\n"})
    assert found == [
        f"{YAML}:17: unknown key 'colour': remove it or fix its spelling (allowed: id, order, default_language, "
        "estimated_minutes, sensitivity, prerequisites, tags, completion, title, summary, objectives)"
    ]


def test_key_written_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML + "order: 2\n"})
    assert found == [f"{YAML}:17: key 'order' appears twice: keep only one"]


def test_missing_required_key_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("estimated_minutes: 30\n", "")})
    assert found == [f"{YAML}:1: missing required key 'estimated_minutes': add it"]


def test_value_of_the_wrong_type_is_reported_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("order: 1", "order: first")})
    assert found == [f"{YAML}:2: 'order' must be a whole number, not 'first'"]


def test_value_outside_its_choices_is_reported_with_the_choices(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("public", "secret")})
    assert found == [f"{YAML}:5: 'sensitivity' must be one of public | programme | restricted, not 'secret'"]


def test_bad_module_id_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("id: alpha", "id: Alpha_1")})
    assert found == [f"{YAML}:1: 'id' must be {ID_RULE}, not 'Alpha_1'"]


def test_unknown_language_code_in_a_per_language_key_is_reported_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("  ru: Альфа", "  xx: Альфа")})
    assert found == [f"{YAML}:8: 'title' has an unknown language code 'xx': use ISO 639-1 codes (en, ru, kk...)"]


def test_norwegian_language_code_no_is_text_not_false(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("  ru: Альфа", "  no: Alfa")})
    assert found == []


def test_title_without_the_default_language_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("  en: Alpha\n", "")})
    assert found == [f"{YAML}:6: 'title' needs an entry for the default language: add 'en: ...' under it"]


def test_unknown_default_language_is_reported(tmp_path: Path) -> None:
    found = problems(
        tmp_path, {"01-alpha/module.yaml": MODULE_YAML.replace("default_language: en", "default_language: english")}
    )
    assert found == [f"{YAML}:3: 'default_language' must be an ISO 639-1 language code such as en or ru, not 'english'"]


def test_completion_that_needs_a_quiz_in_a_module_without_one_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML + "completion: lessons_and_quiz\n"})
    assert found == [
        f"{YAML}:17: 'completion' is lessons_and_quiz but the module has no quiz: "
        "add quiz.en.md or use 'completion: lessons'"
    ]


def test_module_with_neither_lessons_nor_quiz_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/01-intro.en.md": None})
    assert found == [f"{YAML}:1: the module has neither lessons nor a quiz: add lessons/NAME.LANG.md files"]


def test_duplicate_module_ids_across_the_tree_are_reported_at_the_second(tmp_path: Path) -> None:
    files = {**beta(), "02-beta/module.yaml": MODULE_YAML}
    found = problems(tmp_path, files)
    assert found == [
        f"modules/02-beta/module.yaml:1: module id 'alpha' is already used by {tmp_path}/{YAML}: "
        "give each module its own id"
    ]


def test_prerequisite_that_names_no_module_is_reported_at_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path, {"01-alpha/module.yaml": MODULE_YAML + "prerequisites:\n  - beta\n  - orientation\n"} | beta()
    )
    assert found == [
        f"{YAML}:19: prerequisite 'orientation' names no module: use the id from another module's module.yaml"
    ]


def test_cyclic_prerequisites_are_reported_once_with_the_cycle(tmp_path: Path) -> None:
    files = {"01-alpha/module.yaml": MODULE_YAML + "prerequisites: [beta]\n"} | beta("prerequisites: [alpha]\n")
    assert problems(tmp_path, files) == [
        f"{YAML}:17: prerequisites form a cycle: alpha -> beta -> alpha; "
        "remove one of them so the modules can be taken in some order"
    ]


def test_module_that_requires_itself_is_a_cycle(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/module.yaml": MODULE_YAML + "prerequisites: [alpha]\n"})
    assert found == [
        f"{YAML}:17: prerequisites form a cycle: alpha -> alpha; "
        "remove one of them so the modules can be taken in some order"
    ]


def test_folder_without_module_yaml_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"03-draft/lessons/01-a.en.md": LESSON})
    assert found == [
        "modules/03-draft/module.yaml:1: this module folder has no module.yaml: "
        "add one (see docs/authoring.md) or move the folder out of the modules folder"
    ]


def test_missing_modules_folder_is_reported(tmp_path: Path) -> None:
    assert problems(tmp_path, {}, base=False) == ["modules:1: the modules folder does not exist: check the path"]


def test_checker_collects_every_problem_instead_of_stopping_at_the_first(tmp_path: Path) -> None:
    broken = MODULE_YAML.replace("order: 1", "order: first").replace("public", "secret") + "colour: red\n"
    files = {
        "01-alpha/module.yaml": broken,
        "01-alpha/lessons/02-more.md": LESSON,
        "01-alpha/lessons/03-end.en.md": "---\nminutes: 5\n---\n\nText\n",
    }
    found = problems(tmp_path, files)
    assert [line.split(": ")[0] for line in found] == [
        "modules/01-alpha/lessons/02-more.md:1",
        "modules/01-alpha/lessons/03-end.en.md:2",
        f"{YAML}:2",
        f"{YAML}:5",
        f"{YAML}:17",
    ]
