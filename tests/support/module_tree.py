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


def write_module(
    root: Path,
    module_id: str,
    order: int = 1,
    body: str = "Some **text**.",
    lessons: int = 1,
    quiz_settings: str = "",
    prerequisites: tuple[str, ...] = (),
    completion: str = "lessons_and_quiz",
    with_quiz: bool = True,
    media: dict[str, bytes] | None = None,
) -> Path:
    """A valid module, in English and Russian: `lessons` lessons and (optionally) a two-question quiz.

    `quiz_settings` are extra YAML lines for the quiz front matter (``"time_limit_minutes: 10\npool: 1"``).
    """
    folder = root / f"{order:02d}-{module_id}"
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    meta = MODULE_YAML.format(id=module_id, order=order, title=f"Module {module_id}")
    meta = meta.replace("prerequisites: []", f"prerequisites: [{', '.join(prerequisites)}]")
    meta = meta.replace("completion: lessons_and_quiz", f"completion: {completion}")
    (folder / "module.yaml").write_text(meta)
    for number in range(1, lessons + 1):
        name = "01-intro" if number == 1 else f"{number:02d}-lesson-{number}"
        title = "Introduction" if number == 1 else f"Lesson {number}"
        (folder / "lessons" / f"{name}.en.md").write_text(LESSON.format(title=title, body=body))
        (folder / "lessons" / f"{name}.ru.md").write_text(LESSON.format(title=f"Урок {number}", body=body))
    for name, data in (media or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    if with_quiz:
        settings = f"review: full\n{quiz_settings.strip()}\n" if quiz_settings else "review: full\n"
        (folder / "quiz.en.md").write_text(QUIZ_EN.replace("review: full\n", settings))
        (folder / "quiz.ru.md").write_text(QUIZ_RU)
    return folder
