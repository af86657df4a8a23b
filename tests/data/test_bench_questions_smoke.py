"""The GIFT benchmark's file is valid and covers every shared type; its report prints. No timing is asserted."""

from __future__ import annotations

from bench.questions import TEMPLATES, generated_gift, main
from learnapp.domain.question_exchange import ExchangeFormat, import_questions


def test_the_generated_file_imports_whole_with_every_type():
    result = import_questions(generated_gift(len(TEMPLATES) * 2), ExchangeFormat.GIFT)
    assert result.problems == ()
    assert result.losses == ()
    kinds = {item.question.kind for item in result.questions}
    assert kinds == {"single", "multiple", "truefalse", "short", "numeric", "matching", "ordering"}
    assert len({item.question.id for item in result.questions}) == len(TEMPLATES) * 2


def test_the_benchmark_prints_time_per_thousand_questions(capsys):
    main(["--questions", "70", "--runs", "1"])
    out = capsys.readouterr().out
    assert "GIFT file: 70 questions" in out and "imported 70, problems 0" in out
    assert "s per 1,000 questions" in out
