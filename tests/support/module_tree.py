"""Writing small module folders for tests."""

from __future__ import annotations

from pathlib import Path

MODULE_YAML = """\
id: {id}
order: {order}
default_language: en
estimated_minutes: 30
sensitivity: programme
prerequisites: []
tags: [test]
completion: lessons_and_quiz
title:
  en: {title}
  ru: Модуль {id}
summary:
  en: A module for tests.
  ru: Модуль для тестов.
objectives:
  en:
    - Know the basics.
  ru:
    - Знать основы.
"""

LESSON = """\
---
title: {title}
---

{body}

::: reflection first-thoughts
What do you already know?
:::
"""

QUIZ_EN = """\
---
title: Check
purpose: knowledge_check
pass_mark: 70
attempts: 3
grading: highest
review: full
bands:
  - min: 0
    text: Read again.
  - min: 70
    text: Well done.
---

## pillars (single)
How many pillars does the Strategy have?

- [ ] Two
- [x] Four

## jpoa (truefalse)
All five states adopted the JPoA in 2011.

Answer: false
"""

QUIZ_RU = """\
---
title: Проверка
bands:
  - min: 0
    text: Перечитайте уроки.
  - min: 70
    text: Отлично.
---

## pillars (single)
Сколько основных направлений у Стратегии?

- [ ] Два
- [x] Четыре

## jpoa (truefalse)
Все пять государств приняли СПД в 2011 году.

Answer: false
"""


def write_module(root: Path, module_id: str, order: int = 1, body: str = "Some **text**.") -> Path:
    """A valid module with one lesson and a two-question quiz, in English and Russian."""
    folder = root / f"{order:02d}-{module_id}"
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "module.yaml").write_text(MODULE_YAML.format(id=module_id, order=order, title=f"Module {module_id}"))
    (folder / "lessons" / "01-intro.en.md").write_text(LESSON.format(title="Introduction", body=body))
    (folder / "lessons" / "01-intro.ru.md").write_text(LESSON.format(title="Введение", body="Немного текста."))
    (folder / "quiz.en.md").write_text(QUIZ_EN)
    (folder / "quiz.ru.md").write_text(QUIZ_RU)
    return folder
