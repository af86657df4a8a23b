"""Deliberately broken modules: each is reported at its exact file and line, and a failed sync changes nothing.

Every case starts from a valid two-module tree that is already synced, breaks one thing, and runs
`flask modules sync`. The first expected line is the problem itself; the others are what it breaks elsewhere.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from learnapp.models import Module, ModuleVersion
from tests.support.module_tree import write_module


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_image_without_alt(root):
    (root / "01-alpha/media").mkdir()
    (root / "01-alpha/media/map.png").write_bytes(b"\x89PNG")
    edit(root / "01-alpha/lessons/01-intro.en.md", "Some **text**.", "![](media/map.png)")


BREAKAGES = {
    "yaml-syntax": lambda r: edit(r / "01-alpha/module.yaml", "order: 1", "order: [1"),
    "unknown-key": lambda r: edit(r / "01-alpha/module.yaml", "tags: [test]", "tags: [test]\ncolour: blue"),
    "missing-title": lambda r: edit(r / "01-alpha/module.yaml", "title:\n  en: Module alpha\n  ru: Модуль alpha\n", ""),
    "bad-sensitivity": lambda r: edit(r / "01-alpha/module.yaml", "sensitivity: programme", "sensitivity: secret"),
    "bad-id": lambda r: edit(r / "01-alpha/module.yaml", "id: alpha", "id: Alpha Module"),
    "duplicate-module-id": lambda r: edit(r / "02-beta/module.yaml", "id: beta", "id: alpha"),
    "unknown-prerequisite": lambda r: edit(r / "02-beta/module.yaml", "prerequisites: []", "prerequisites: [gamma]"),
    "cyclic-prerequisites": lambda r: (
        edit(r / "02-beta/module.yaml", "prerequisites: []", "prerequisites: [alpha]"),
        edit(r / "01-alpha/module.yaml", "prerequisites: []", "prerequisites: [beta]"),
    ),
    "restricted-prerequisite": lambda r: (
        edit(r / "01-alpha/module.yaml", "sensitivity: programme", "sensitivity: restricted"),
        edit(r / "02-beta/module.yaml", "prerequisites: []", "prerequisites: [alpha]"),
    ),
    "lesson-no-language": lambda r: (r / "01-alpha/lessons/01-intro.en.md").rename(r / "01-alpha/lessons/01-intro.md"),
    "lesson-unknown-language": lambda r: (r / "01-alpha/lessons/01-intro.ru.md").rename(
        r / "01-alpha/lessons/01-intro.xx.md"
    ),
    "lesson-missing-title": lambda r: edit(r / "01-alpha/lessons/01-intro.en.md", "title: Introduction\n", ""),
    "lesson-front-matter-yaml": lambda r: edit(
        r / "01-alpha/lessons/01-intro.en.md", "title: Introduction", "title: [Introduction"
    ),
    "unclosed-block": lambda r: edit(
        r / "01-alpha/lessons/01-intro.en.md", "What do you already know?\n:::", "What do you already know?"
    ),
    "scenario-without-commentary": lambda r: (
        edit(r / "01-alpha/lessons/01-intro.en.md", "::: reflection first-thoughts", "::: scenario first-thoughts"),
        edit(r / "01-alpha/lessons/01-intro.ru.md", "::: reflection first-thoughts", "::: scenario first-thoughts"),
    ),
    "block-ids-differ": lambda r: edit(
        r / "01-alpha/lessons/01-intro.ru.md", "::: reflection first-thoughts", "::: reflection other-thoughts"
    ),
    "image-without-alt": add_image_without_alt,
    "missing-image": lambda r: edit(
        r / "01-alpha/lessons/01-intro.en.md", "Some **text**.", "![A map](media/missing.png)"
    ),
    "remote-image": lambda r: edit(
        r / "01-alpha/lessons/01-intro.en.md", "Some **text**.", "![A map](https://tracker.example/p.png)"
    ),
    "javascript-link": lambda r: edit(
        r / "01-alpha/lessons/01-intro.en.md", "Some **text**.", "[click](javascript:alert(1))"
    ),
    "single-without-correct": lambda r: edit(r / "01-alpha/quiz.en.md", "- [x] Four", "- [ ] Four"),
    "single-two-correct": lambda r: edit(r / "01-alpha/quiz.en.md", "- [ ] Two", "- [x] Two"),
    "truefalse-bad-answer": lambda r: edit(r / "01-alpha/quiz.en.md", "Answer: false", "Answer: maybe"),
    "unknown-question-type": lambda r: edit(r / "01-alpha/quiz.en.md", "## jpoa (truefalse)", "## jpoa (essay)"),
    "duplicate-question-id": lambda r: edit(r / "01-alpha/quiz.en.md", "## jpoa (truefalse)", "## pillars (truefalse)"),
    "translation-question-ids-differ": lambda r: edit(
        r / "01-alpha/quiz.ru.md", "## jpoa (truefalse)", "## spd (truefalse)"
    ),
    "translation-correct-choice-differs": lambda r: (
        edit(r / "01-alpha/quiz.ru.md", "- [ ] Два", "- [x] Два"),
        edit(r / "01-alpha/quiz.ru.md", "- [x] Четыре", "- [ ] Четыре"),
    ),
    "settings-in-translation": lambda r: edit(
        r / "01-alpha/quiz.ru.md", "title: Проверка", "title: Проверка\npass_mark: 50"
    ),
    "bad-pass-mark": lambda r: edit(r / "01-alpha/quiz.en.md", "pass_mark: 70", "pass_mark: 170"),
    "band-min-differs": lambda r: edit(r / "01-alpha/quiz.ru.md", "  - min: 70", "  - min: 60"),
    "numeric-not-a-number": lambda r: edit(
        r / "01-alpha/quiz.en.md",
        "## jpoa (truefalse)\nAll five states adopted the JPoA in 2011.\n\nAnswer: false",
        "## jpoa (numeric)\nHow many states?\n\nAnswer: four",
    ),
    "no-module-yaml": lambda r: (r / "01-alpha/module.yaml").unlink(),
}

EXPECTED = {
    "yaml-syntax": [
        "01-alpha/module.yaml:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'; check the brackets, quotes, colons and indentation here",
    ],
    "unknown-key": [
        "01-alpha/module.yaml:8: unknown key 'colour': remove it or fix its spelling (allowed: id, order, default_language, estimated_minutes, sensitivity, prerequisites, tags, completion, title, summary, objectives)",
    ],
    "missing-title": [
        "01-alpha/module.yaml:1: missing required key 'title': add it",
    ],
    "bad-sensitivity": [
        "01-alpha/module.yaml:5: 'sensitivity' must be one of public | programme | restricted, not 'secret'",
    ],
    "bad-id": [
        "01-alpha/module.yaml:1: 'id' must be lowercase latin letters, digits and single hyphens, like 'scope-and-nature', not 'Alpha Module'",
    ],
    "duplicate-module-id": [
        "02-beta/module.yaml:1: module id 'alpha' is already used by 01-alpha/module.yaml: give each module its own id",
    ],
    "unknown-prerequisite": [
        "02-beta/module.yaml:6: prerequisite 'gamma' names no module: use the id from another module's module.yaml",
    ],
    "cyclic-prerequisites": [
        "01-alpha/module.yaml:6: prerequisites form a cycle: alpha -> beta -> alpha; remove one of them so the modules can be taken in some order",
    ],
    "restricted-prerequisite": [
        "02-beta/module.yaml:6: this programme module requires the restricted module 'alpha' (directly): trainees whose cohort is not assigned 'alpha' could never open it; make 'alpha' programme or public, make this module restricted too, or remove the prerequisite",
    ],
    "lesson-no-language": [
        "01-alpha/lessons/01-intro.md:1: the file name has no language: name it NAME.LANG.md, like 01-intro.en.md",
        "01-alpha/lessons/01-intro.ru.md:1: lesson '01-intro' has no text in the module's default language: add lessons/01-intro.en.md",
    ],
    "lesson-unknown-language": [
        "01-alpha/lessons/01-intro.xx.md:1: unknown language code 'xx' in the file name: use an ISO 639-1 code such as en, ru, kk, ky, tg, tk or uz",
    ],
    "lesson-missing-title": [
        "01-alpha/lessons/01-intro.en.md:2: missing required key 'title': add it",
        "01-alpha/lessons/01-intro.ru.md:1: lesson '01-intro' has no text in the module's default language: add lessons/01-intro.en.md",
    ],
    "lesson-front-matter-yaml": [
        "01-alpha/lessons/01-intro.en.md:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'; check the brackets, quotes, colons and indentation here",
        "01-alpha/lessons/01-intro.ru.md:1: lesson '01-intro' has no text in the module's default language: add lessons/01-intro.en.md",
    ],
    "unclosed-block": [
        "01-alpha/lessons/01-intro.en.md:7: reflection 'first-thoughts' is not closed: add a line ':::' after its text",
        "01-alpha/lessons/01-intro.ru.md:7: the blocks differ from lessons/01-intro.en.md: expected none, found reflection first-thoughts; use the same block kinds and ids, in the same order, in every language",
    ],
    "scenario-without-commentary": [
        "01-alpha/lessons/01-intro.en.md:7: scenario 'first-thoughts' needs exactly one '--- commentary' line between the prompt and the commentary; found 0",
        "01-alpha/lessons/01-intro.ru.md:7: scenario 'first-thoughts' needs exactly one '--- commentary' line between the prompt and the commentary; found 0",
    ],
    "block-ids-differ": [
        "01-alpha/lessons/01-intro.ru.md:7: the blocks differ from lessons/01-intro.en.md: expected reflection first-thoughts, found reflection other-thoughts; use the same block kinds and ids, in the same order, in every language",
    ],
    "image-without-alt": [
        "01-alpha/lessons/01-intro.en.md:5: image 'media/map.png' has no alt text: describe the image, as in ![Pathways diagram](media/pathways.png)",
    ],
    "missing-image": [
        "01-alpha/lessons/01-intro.en.md:5: image 'media/missing.png' is not in the module folder: add the file, or fix the path (it is relative to the module folder, like media/NAME)",
    ],
    "remote-image": [
        "01-alpha/lessons/01-intro.en.md:5: image 'https://tracker.example/p.png' is on another host: save the image into the module's media/ folder and write media/NAME",
    ],
    "javascript-link": [
        "01-alpha/lessons/01-intro.en.md:5: link 'javascript:alert(1)' uses 'javascript:', which is not allowed: use http:, https:, mailto: or a module-relative path",
    ],
    "single-without-correct": [
        "01-alpha/quiz.en.md:15: a single question needs exactly one correct choice '- [x]'; found 0",
        "01-alpha/quiz.ru.md:10: question 'pillars' has 2 choices (correct: 2) here but 2 choices (correct: none) in quiz.en.md: keep the choices and correct answers the same in every language",
    ],
    "single-two-correct": [
        "01-alpha/quiz.en.md:15: a single question needs exactly one correct choice '- [x]'; found 2",
        "01-alpha/quiz.ru.md:10: question 'pillars' has 2 choices (correct: 2) here but 2 choices (correct: 1, 2) in quiz.en.md: keep the choices and correct answers the same in every language",
    ],
    "truefalse-bad-answer": [
        "01-alpha/quiz.en.md:24: a truefalse question needs a line 'Answer: true' or 'Answer: false'",
        "01-alpha/quiz.ru.md:16: question 'jpoa' is not in quiz.en.md: every language needs the same question ids",
    ],
    "unknown-question-type": [
        "01-alpha/quiz.en.md:21: unknown question type 'essay': use one of single, multiple, truefalse, short, numeric, matching, ordering, rating, text",
        "01-alpha/quiz.ru.md:16: question 'jpoa' is not in quiz.en.md: every language needs the same question ids",
    ],
    "duplicate-question-id": [
        "01-alpha/quiz.en.md:21: question id 'pillars' is already used on line 15: give each question its own id",
        "01-alpha/quiz.ru.md:16: question 'jpoa' is not in quiz.en.md: every language needs the same question ids",
    ],
    "translation-question-ids-differ": [
        "01-alpha/quiz.ru.md:1: question 'jpoa' of quiz.en.md is missing here: translate it with the same id",
        "01-alpha/quiz.ru.md:16: question 'spd' is not in quiz.en.md: every language needs the same question ids",
    ],
    "translation-correct-choice-differs": [
        "01-alpha/quiz.ru.md:10: question 'pillars' has 2 choices (correct: 1) here but 2 choices (correct: 2) in quiz.en.md: keep the choices and correct answers the same in every language",
    ],
    "settings-in-translation": [
        "01-alpha/quiz.ru.md:3: setting 'pass_mark' belongs in quiz.en.md (the default language file): remove it here",
    ],
    "bad-pass-mark": [
        "01-alpha/quiz.en.md:4: 'pass_mark' must be between 0 and 100, not 170",
    ],
    "band-min-differs": [
        "01-alpha/quiz.ru.md:3: band 'min' values [0, 60] differ from [0, 70] in quiz.en.md: use the same min values in every language",
    ],
    "numeric-not-a-number": [
        "01-alpha/quiz.en.md:24: a numeric question needs 'Answer: <number>', like 'Answer: 2011' or 'Answer: 3.5'",
        "01-alpha/quiz.ru.md:16: question 'jpoa' is not in quiz.en.md: every language needs the same question ids",
    ],
    "no-module-yaml": [
        "01-alpha/module.yaml:1: this module folder has no module.yaml: add one (see docs/authoring.md) or move the folder out of the modules folder",
    ],
}


def snapshot(db):
    return (
        db.session.execute(
            sa.select(Module.slug, Module.is_archived, Module.current_version_id).order_by(Module.slug)
        ).all(),
        db.session.execute(sa.select(ModuleVersion.id, ModuleVersion.content_hash).order_by(ModuleVersion.id)).all(),
    )


def test_there_are_at_least_25_broken_modules():
    assert len(BREAKAGES) >= 25 and set(BREAKAGES) == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_broken_module_is_reported_exactly_and_the_database_is_unchanged(runner, db, tmp_path, case):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    write_module(root, "beta", order=2)
    assert runner.invoke(args=["modules", "sync", str(root)]).exit_code == 0
    before = snapshot(db)
    BREAKAGES[case](root)
    result = runner.invoke(args=["modules", "sync", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # The test modules' two-choice question draws a quality warning; this test is about the errors.
    reported = [
        line.replace(f"{root}/", "") for line in lines if line.startswith(str(root)) and ": warning: " not in line
    ]
    assert reported == EXPECTED[case]
    assert "the database was not changed" in result.output
    db.session.expire_all()
    assert snapshot(db) == before


GLOSSARY = """\
terms:
  - id: subjugation
    en: subjugation
    ru: подчинение
    avoid: ["порабощ*"]
    source: {name: Plan of Action to Prevent Violent Extremism, symbol: A/70/674}
    note: {en: Enslavement is too strong., ru: Слишком сильно.}
    definition: {en: Being brought under another's control., ru: Подчинение чужой власти.}
"""


def test_an_avoided_term_is_a_warning_that_fails_only_a_strict_check(runner, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    edit(root / "01-alpha/lessons/01-intro.ru.md", "Some **text**.", "Обиды, вызванные порабощением.")
    edit(root / "01-alpha/quiz.en.md", "- [x] Four\n", "- [x] Four\n- [ ] Seven\n")  # no two-choice warning
    edit(root / "01-alpha/quiz.ru.md", "- [x] Четыре\n", "- [x] Четыре\n- [ ] Семь\n")
    warning = "01-alpha/lessons/01-intro.ru.md:5: warning: «порабощением»: use «подчинение» (subjugation; see glossary.yaml, 'subjugation')"
    result = runner.invoke(args=["modules", "check", str(root)])
    assert result.exit_code == 0
    assert warning in result.output.replace(f"{root}/", "")
    assert "1 module(s) checked, no problems (1 warning(s))." in result.output
    strict = runner.invoke(args=["modules", "check", "--strict", str(root)])
    assert strict.exit_code == 1
    assert "1 warning(s)" in strict.output and "(--strict)" in strict.output


def test_a_broken_glossary_is_an_error_at_its_line(runner, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    (root / "glossary.yaml").write_text(GLOSSARY.replace("    en: subjugation\n", ""), encoding="utf-8")
    result = runner.invoke(args=["modules", "check", str(root)])
    assert result.exit_code == 1
    assert "glossary.yaml:2: missing required key 'en': add it" in result.output.replace(f"{root}/", "")


def test_a_glossary_beside_the_modules_is_no_module_and_an_unchanged_tree_is_still_left_alone(runner, db, tmp_path):
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1)
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    first = runner.invoke(args=["modules", "sync", str(root)])
    assert first.exit_code == 0 and "new: alpha" in first.output
    assert runner.invoke(args=["modules", "sync", str(root)]).output.strip() == "unchanged: alpha"
