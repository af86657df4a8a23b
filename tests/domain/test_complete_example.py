"""The complete example at the end of docs/authoring.md is a module that loads without a single problem."""

from __future__ import annotations

import re
from pathlib import Path

from learnapp.domain.loader import load_tree

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
FILE_BLOCK = re.compile(r"^File `([^`]+)`:\n\n```\w+\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_complete_example_loads_in_both_languages(tmp_path):
    files = FILE_BLOCK.findall(AUTHORING.read_text(encoding="utf-8"))
    assert len(files) == 5
    for name, body in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    result = load_tree(tmp_path)
    assert [str(problem) for problem in result.problems] == []
    (module,) = result.modules
    assert module.id == "example-module"
    assert set(module.lessons[0].texts) == {"en", "ru"}
    assert module.quiz is not None and module.quiz.question_ids == ("pillars-count", "consensus", "adoption-year")
