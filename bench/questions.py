"""Time per 1,000 questions of a GIFT import (and export) on a generated 5,000-question file.

The file mixes every question type GIFT and our format share (single, multiple, true/false, short, numeric,
matching, ordering), in English and Russian, with feedback and escapes. The import is the whole pipeline the
command runs: decode, parse, give ids, and check that each question writes back to our quiz Markdown; then the
Markdown is written. The goal, from issue 14: a 5,000-question file in "under a few seconds" on this machine.

Run ``python -m bench.questions`` (options: ``--help``). It exits 0 whatever the numbers: it is a benchmark, not
a test. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Sequence

from learnapp.domain.question_exchange import ExchangeFormat, export_questions, import_questions, quiz_markdown
from learnapp.domain.question_source import read_source_quiz

GOAL_SECONDS = 3.0
TEMPLATES = (
    "::q{n}::[markdown]How many pillars does the **Strategy** have? (variant {n}){{\n=Four#Correct.\n~Two#No.\n"
    "~Seven#No\\: that is the Plan's number.\n####See lesson 2.\n}}\n",
    "::q{n}::[markdown]Which of these are push factors? ({n}){{\n~%50%Marginalisation\n~%50%Poor governance\n"
    "~%-100%Propaganda#That is a pull factor.\n}}\n",
    "::q{n}::Все пять государств приняли СПД в 2011 году ({n}).{{FALSE####Узбекистан — наблюдатель.}}\n",
    "::q{n}::Which resolution deals with foreign terrorist fighters? ({n}){{=2178 =S/RES/2178 =S/RES/2178 (2014)}}\n",
    "::q{n}::In which year was the Strategy adopted? ({n}){{#2006:0}}\n",
    "::q{n}::Сопоставьте документ и тему ({n}).{{\n=Римский меморандум -> реабилитация\n"
    "=Анкарский меморандум -> многосекторный подход\n=Абу-Дабийский меморандум -> образование\n}}\n",
    "// learnapp:ordering\n::q{n}::Put in order ({n}).{{\n=Strategy -> 1\n=JPoA -> 2\n=Resolution 2178 -> 3\n}}\n",
)


def generated_gift(count: int) -> bytes:
    """``count`` questions cycling through the templates, as UTF-8 GIFT."""
    return "\n".join(TEMPLATES[n % len(TEMPLATES)].format(n=n) for n in range(count)).encode("utf-8")


def time_import(data: bytes) -> tuple[float, int, int]:
    """Seconds to import ``data`` and write the Markdown; the number of questions and of problems."""
    start = time.perf_counter()
    result = import_questions(data, ExchangeFormat.GIFT)
    quiz_markdown(result, "Bench")
    return time.perf_counter() - start, len(result.questions), len(result.problems)


def time_export(data: bytes) -> float:
    """Seconds to read the imported Markdown back and export it as GIFT."""
    markdown = quiz_markdown(import_questions(data, ExchangeFormat.GIFT), "Bench")
    start = time.perf_counter()
    export_questions(read_source_quiz(markdown).questions, ExchangeFormat.GIFT)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=5000, help="questions in the generated file (5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the median is printed (3)")
    args = parser.parse_args(argv)
    data = generated_gift(args.questions)
    runs = [time_import(data) for _ in range(args.runs)]
    seconds = statistics.median(run[0] for run in runs)
    _, imported, problems = runs[0]
    export_seconds = statistics.median(time_export(data) for _ in range(args.runs))
    per_thousand = seconds / args.questions * 1000
    print(
        f"GIFT file: {args.questions} questions, {len(data) / 1024:.0f} KiB; imported {imported}, problems {problems}"
    )
    print(f"import: {seconds:.2f} s in all, {per_thousand:.3f} s per 1,000 questions (median of {args.runs})")
    print(f"export (Markdown read + GIFT write): {export_seconds / args.questions * 1000:.3f} s per 1,000 questions")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average while measuring: {load} (on {os.cpu_count()} cores; a busy machine stretches every figure)")
    verdict = "met" if seconds <= GOAL_SECONDS else "missed"
    print(f"goal: the whole file in {GOAL_SECONDS:.0f} s or less: {verdict}")


if __name__ == "__main__":
    main()
