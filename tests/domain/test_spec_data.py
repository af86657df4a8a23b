"""Question specs survive the trip to the database and back unchanged, for every question type."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from learnapp.domain.loader import load_tree
from learnapp.domain.question_typed import Numeric
from learnapp.domain.spec_data import spec_from_data, spec_to_data

CURRICULUM = Path(__file__).resolve().parents[2] / "modules"


def test_every_question_of_the_curriculum_round_trips_through_json():
    result = load_tree(CURRICULUM)
    assert result.is_ok
    questions = [
        question
        for module in result.modules
        for assessment in (module.quiz, module.survey)
        if assessment is not None
        for text in assessment.texts.values()
        for question in text.questions
    ]
    kinds = {question.kind for question in questions}
    assert kinds >= {"single", "multiple", "truefalse", "short", "numeric", "matching", "ordering", "rating", "text"}
    for question in questions:
        data = json.loads(json.dumps(spec_to_data(question.spec)))
        assert spec_from_data(question.kind, data) == question.spec, question.id


def test_decimals_are_kept_exactly():
    spec = Numeric(answer=Decimal("2.10"), tolerance=Decimal("0.05"))
    assert spec_to_data(spec)["answer"] == "2.10"
    assert spec_from_data("numeric", spec_to_data(spec)) == spec
