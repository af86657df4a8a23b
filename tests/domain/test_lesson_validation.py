"""The checker reports what is wrong in lesson files, at the line of the file (front matter included)."""

from __future__ import annotations

from pathlib import Path

from tests.domain.module_tree import load, problems

EN = "01-alpha/lessons/01-intro.en.md"
RU = "01-alpha/lessons/01-intro.ru.md"
LESSON_EN = f"modules/{EN}"
LESSON_RU = f"modules/{RU}"
ID_RULE = "lowercase latin letters, digits and single hyphens, like 'scope-and-nature'"
SAME_BLOCKS = "use the same block kinds and ids, in the same order, in every language"
FIX_PATH = "add the file, or fix the path"
LIKE_MEDIA = "like media/NAME"
SCENARIO = "::: scenario step-1\nWhat would you do?\n--- commentary\nStay in contact.\n:::\n"


def lesson(body: str, front: str = "title: Introduction\n") -> str:
    """A lesson file: front matter (lines 1-3 with one key), a blank line 4, the body from line 5."""
    return f"---\n{front}---\n\n{body}"


def test_lesson_file_name_without_a_language_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/02-more.md": lesson("Text\n")})
    assert found == [
        "modules/01-alpha/lessons/02-more.md:1: the file name has no language: name it NAME.LANG.md, like 02-more.en.md"
    ]


def test_lesson_file_name_with_an_unknown_language_code_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/02-more.eng.md": lesson("Text\n")})
    assert found == [
        "modules/01-alpha/lessons/02-more.eng.md:1: unknown language code 'eng' in the file name: "
        "use an ISO 639-1 code such as en, ru, kk, ky, tg, tk or uz"
    ]


def test_every_central_asian_language_code_is_accepted(tmp_path: Path) -> None:
    codes = ("kk", "ky", "tg", "tk", "uz")
    files = {f"01-alpha/lessons/01-intro.{code}.md": lesson("Text\n") for code in codes}
    assert problems(tmp_path, files) == []


def test_lesson_file_name_that_is_not_a_valid_id_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/02_More.en.md": lesson("Text\n")})
    assert found == [
        "modules/01-alpha/lessons/02_More.en.md:1: "
        f"lesson id '02_More' (the file name without language and .md) must be {ID_RULE}"
    ]


def test_other_files_in_the_lessons_folder_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/diagram.png": b"png"})
    assert found == [
        "modules/01-alpha/lessons/diagram.png:1: only lessons belong in lessons/: "
        "name lessons NAME.LANG.md and put other files in media/"
    ]


def test_lesson_without_a_title_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n", front="minutes: 5\n")})
    assert found == [f"{LESSON_EN}:2: missing required key 'title': add it"]


def test_lesson_without_front_matter_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: "# Introduction\n\nText\n"})
    assert found == [
        f"{LESSON_EN}:1: the file has no front matter: start it with a '---' line, then 'title: ...', then '---'"
    ]


def test_unclosed_front_matter_is_reported_once(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: "---\ntitle: Introduction\n\nText\n"})
    assert found == [f"{LESSON_EN}:1: the front matter is not closed: add a '---' line after it"]


def test_unknown_key_in_lesson_front_matter_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n", front="title: Introduction\nauthor: Me\n")})
    assert found == [
        f"{LESSON_EN}:3: unknown key 'author': remove it or fix its spelling (allowed: title, minutes, summary)"
    ]


def test_file_that_is_not_utf8_is_reported_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: "---\ntitle: Intro\n---\n\nCafé\n".encode("latin-1")})
    assert found == [f"{LESSON_EN}:5: the file is not UTF-8: save it with UTF-8 encoding"]


def test_long_lesson_without_minutes_is_not_a_problem(tmp_path: Path) -> None:
    assert problems(tmp_path, {EN: lesson("word " * 5000 + "\n")}) == []


def test_scenario_without_commentary_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("::: scenario step-1\nWhat now?\n:::\n")})
    assert found == [
        f"{LESSON_EN}:5: scenario 'step-1' needs exactly one '--- commentary' line between the prompt "
        "and the commentary; found 0"
    ]


def test_scenario_with_two_commentaries_is_reported(tmp_path: Path) -> None:
    body = "::: scenario step-1\nQ\n--- commentary\nA\n--- commentary\nB\n:::\n"
    found = problems(tmp_path, {EN: lesson(body)})
    assert found == [
        f"{LESSON_EN}:5: scenario 'step-1' needs exactly one '--- commentary' line between the prompt "
        "and the commentary; found 2"
    ]


def test_commentary_outside_a_scenario_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("::: reflection think\nWhy?\n--- commentary\nBecause.\n:::\n")})
    assert found == [f"{LESSON_EN}:7: '--- commentary' belongs inside a '::: scenario ID' block: move it or remove it"]


def test_unclosed_block_is_reported_at_its_opening_line(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Intro\n\n::: reflection think\nThink.\n\nMore text.\n")})
    assert found == [f"{LESSON_EN}:7: reflection 'think' is not closed: add a line ':::' after its text"]


def test_block_closing_nothing_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n:::\n")})
    assert found == [f"{LESSON_EN}:6: ':::' closes no block: remove it, or open a block with '::: reflection ID'"]


def test_duplicate_block_ids_in_a_lesson_are_reported_at_the_second(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("::: reflection think\nA\n:::\n\n::: reflection think\nB\n:::\n")})
    assert found == [
        f"{LESSON_EN}:9: block id 'think' is already used on line 5: give each block in the lesson its own id"
    ]


def test_block_without_an_id_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("::: reflection\nWhy?\n:::\n")})
    assert found == [f"{LESSON_EN}:5: a reflection needs an id: write '::: reflection some-id'"]


def test_indented_block_fence_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("- item\n\n    ::: reflection think\n")})
    assert found == [f"{LESSON_EN}:7: a ':::' line must start at the beginning of the line: remove the indentation"]


def test_unknown_block_kind_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("::: quiz q1\nA\n:::\n")})
    assert found == [f"{LESSON_EN}:5: unknown block 'quiz': write '::: reflection ID' or '::: scenario ID'"]


def test_translation_with_other_block_ids_is_reported(tmp_path: Path) -> None:
    files = {
        EN: lesson("::: reflection think\nA\n:::\n\n" + SCENARIO),
        RU: lesson("::: reflection think\nА\n:::\n\n" + SCENARIO.replace("step-1", "step-2")),
    }
    assert problems(tmp_path, files) == [
        f"{LESSON_RU}:9: the blocks differ from lessons/01-intro.en.md: "
        f"expected reflection think, scenario step-1, found reflection think, scenario step-2; {SAME_BLOCKS}"
    ]


def test_translation_missing_a_block_is_reported(tmp_path: Path) -> None:
    files = {EN: lesson("::: reflection think\nA\n:::\n"), RU: lesson("Текст\n")}
    assert problems(tmp_path, files) == [
        f"{LESSON_RU}:1: the blocks differ from lessons/01-intro.en.md: "
        f"expected reflection think, found none; {SAME_BLOCKS}"
    ]


def test_translated_lesson_without_a_default_language_lesson_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {"01-alpha/lessons/02-more.ru.md": lesson("Текст\n")})
    assert found == [
        "modules/01-alpha/lessons/02-more.ru.md:1: "
        "lesson '02-more' has no text in the module's default language: add lessons/02-more.en.md"
    ]


def test_lesson_that_lacks_a_translation_is_not_a_problem(tmp_path: Path) -> None:
    result = load(tmp_path, {"01-alpha/lessons/02-more.en.md": lesson("Text\n")})
    assert result.problems == ()


def test_image_without_alt_text_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n\n![](media/a.png)\n"), "01-alpha/media/a.png": b"png"})
    assert found == [
        f"{LESSON_EN}:7: image 'media/a.png' has no alt text: describe the image, "
        "as in ![Pathways diagram](media/pathways.png)"
    ]


def test_image_missing_from_the_module_folder_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n\n![Diagram](media/missing.png)\n")})
    assert found == [
        f"{LESSON_EN}:7: image 'media/missing.png' is not in the module folder: "
        f"{FIX_PATH} (it is relative to the module folder, {LIKE_MEDIA})"
    ]


def test_link_to_a_file_missing_from_the_module_folder_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("See [the handout](media/handout.pdf).\n")})
    assert found == [
        f"{LESSON_EN}:5: link 'media/handout.pdf' names a file that is not in the module folder: "
        f"{FIX_PATH} (relative to the module folder)"
    ]


def test_image_in_a_scenario_block_is_checked_at_its_line(tmp_path: Path) -> None:
    body = "Intro\n\n::: scenario s\nLook: ![Map](media/nope.png)\n--- commentary\nC\n:::\n"
    found = problems(tmp_path, {EN: lesson(body)})
    assert found == [
        f"{LESSON_EN}:8: image 'media/nope.png' is not in the module folder: "
        f"{FIX_PATH} (it is relative to the module folder, {LIKE_MEDIA})"
    ]


def test_image_outside_the_module_folder_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("![Diagram](../02-beta/media/a.png)\n")})
    assert found == [
        f"{LESSON_EN}:5: image '../02-beta/media/a.png' points outside the module folder: "
        "paths are relative to the module folder, like media/NAME"
    ]


def test_image_on_another_host_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("![Diagram](https://example.org/a.png)\n")})
    assert found == [
        f"{LESSON_EN}:5: image 'https://example.org/a.png' is on another host: "
        "save the image into the module's media/ folder and write media/NAME"
    ]


def test_data_image_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("![Dot](data:image/png;base64,AAAA)\n")})
    assert found == [
        f"{LESSON_EN}:5: image 'data:image/png;base64,AAAA' is not a file path "
        "(data: and other schemes are not allowed): save it into media/ instead"
    ]


def test_absolute_and_script_links_are_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson("Text\n\n[Other](/etc/passwd) and [js](javascript:alert(1))\n")})
    assert found == [
        f"{LESSON_EN}:7: link '/etc/passwd' is an absolute path: write it relative to the module folder, {LIKE_MEDIA}",
        f"{LESSON_EN}:7: link 'javascript:alert(1)' uses 'javascript:', which is not allowed: "
        "use http:, https:, mailto: or a module-relative path",
    ]


def test_unknown_admonition_kind_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, {EN: lesson('Text\n\n!!! danger "Careful"\n    Inside.\n')})
    assert found == [
        f"{LESSON_EN}:7: unknown admonition 'danger': "
        "use note, tip, warning or important, as in '!!! note \"Key point\"'"
    ]


def test_existing_media_and_web_links_are_fine(tmp_path: Path) -> None:
    links = "[Handout](media/h.pdf), [UN](https://un.org), [Mail](mailto:a@b.org), [Top](#top)"
    body = f"![Map](media/map.png)\n\n{links}\n"
    files = {EN: lesson(body), "01-alpha/media/map.png": b"png", "01-alpha/media/h.pdf": b"pdf"}
    assert problems(tmp_path, files) == []
