"""The examples in docs/authoring.md, put together into a module, load without a single problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnapp.domain.content import Module
from tests.domain.module_tree import LESSON, MODULE_YAML, load

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def examples(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(AUTHORING.read_text(encoding="utf-8")) if lang == language]


def example_starting(language: str, start: str) -> str:
    return next(body for body in examples(language) if body.startswith(start))


def example_module_files() -> dict[str, str | bytes | None]:
    """The doc's module.yaml, a lesson made of its lesson examples, and a quiz made of its quiz examples."""
    image = re.search(r"`(!\[[^`]*\]\(media/[^`]*\))`", AUTHORING.read_text(encoding="utf-8"))
    assert image is not None
    lesson = "\n".join(
        [
            example_starting("markdown", "---\ntitle:"),
            example_starting("markdown", "!!! note"),
            example_starting("markdown", "::: reflection"),
            image.group(1),
        ]
    )
    questions = [body for body in examples("markdown") if body.startswith("## ")]
    quiz = "\n".join([example_starting("markdown", "---\ntitle: Check"), *questions])
    orientation = MODULE_YAML.replace("id: alpha", "id: orientation")
    return {
        "00-orientation/module.yaml": orientation,
        "00-orientation/lessons/01-intro.en.md": LESSON,
        "01-scope/module.yaml": example_starting("yaml", "id: scope-and-nature"),
        "01-scope/lessons/01-definitions.en.md": lesson,
        "01-scope/quiz.en.md": quiz,
        "01-scope/media/pathways.png": b"\x89PNG",
    }


@pytest.fixture
def example_module(tmp_path: Path) -> Module:
    result = load(tmp_path, example_module_files(), base=False)
    assert [str(problem) for problem in result.problems] == []
    return next(module for module in result.modules if module.id == "scope-and-nature")


def test_documented_example_module_loads_without_problems(example_module: Module) -> None:
    assert example_module.prerequisites == ("orientation",)
    assert example_module.title["ru"] == "Масштабы и характер радикализации в Центральной Азии"


def test_documented_lesson_keeps_its_reflection_and_scenario(example_module: Module) -> None:
    text = example_module.lessons[0].texts["en"]
    kinds_and_ids = [(block.kind, block.id) for block in text.blocks]
    assert kinds_and_ids == [("reflection", "first-signs"), ("scenario", "step-1")]
    assert "expert" not in text.blocks[1].prompt_html
    assert "stay in contact" in text.blocks[1].commentary_html
    assert 'alt="Pathways diagram"' in text.html
    assert '<div class="admonition note">' in text.html


def test_documented_quiz_questions_grade_as_the_doc_describes(example_module: Module) -> None:
    assert example_module.quiz is not None
    questions = {question.id: question for question in example_module.quiz.texts["en"].questions}
    assert list(questions) == [
        "pillars-count",
        "jpoa-all-five",
        "ftf-resolution",
        "documents-topics",
        "adoption-order",
    ]
    assert questions["pillars-count"].grade(1).is_correct
    assert questions["jpoa-all-five"].grade(False).is_correct
    assert questions["ftf-resolution"].grade("s/res/2178").is_correct
    assert questions["documents-topics"].grade([0, 1, 2]).is_correct
    assert questions["adoption-order"].grade([0, 1, 3, 2]).fraction == 0.5
