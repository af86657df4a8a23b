"""Helpers that write small module trees into a temporary folder and load them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from learnapp.domain.loader import LoadResult, load_tree

MODULE_YAML = """\
id: alpha
order: 1
default_language: en
estimated_minutes: 30
sensitivity: public
title:
  en: Alpha
  ru: Альфа
summary:
  en: The first module.
  ru: Первый модуль.
objectives:
  en:
    - Explain the basics.
  ru:
    - Объяснять основы.
"""

LESSON = """\
---
title: Introduction
---

Some text.
"""

QUIZ = """\
---
title: Check
pass_mark: 70
---

## pick-one (single)
Pick one.

- [ ] Wrong
- [x] Right
"""

QUIZ_RU = """\
---
title: Проверка
---

## pick-one (single)
Выберите один.

- [ ] Неверно
- [x] Верно
"""

BASE_FILES: Mapping[str, str] = {
    "01-alpha/module.yaml": MODULE_YAML,
    "01-alpha/lessons/01-intro.en.md": LESSON,
}


def write_tree(tmp_path: Path, files: Mapping[str, str | bytes | None], *, base: bool = True) -> Path:
    """Write ``modules/`` under tmp_path: the base module (unless ``base`` is False) plus ``files``.

    A file given as None is left out, so a test can remove one of the base files.
    """
    root = tmp_path / "modules"
    merged: dict[str, str | bytes | None] = {**(BASE_FILES if base else {}), **files}
    for name, content in merged.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load(tmp_path: Path, files: Mapping[str, str | bytes | None], *, base: bool = True) -> LoadResult:
    """Write a tree and load it."""
    return load_tree(write_tree(tmp_path, files, base=base))


def problems(tmp_path: Path, files: Mapping[str, str | bytes | None], *, base: bool = True) -> list[str]:
    """Write a tree, load it, and render its problems as ``modules/...:line: message``."""
    result = load(tmp_path, files, base=base)
    return [str(problem).removeprefix(f"{tmp_path}/") for problem in result.problems]


def quiz_file(*questions: str, front: str = "title: Check\npass_mark: 70\n") -> str:
    """A quiz file with the given front matter and question sections."""
    return f"---\n{front}---\n\n" + "\n".join(questions)
