"""`flask questions import` and `flask questions export`: GIFT and Aiken in and out, never half an import."""

from __future__ import annotations

from pathlib import Path

from learnapp.domain.question_source import read_source_quiz

ROOT = Path(__file__).resolve().parents[2]
GOOD = "::Pillars::How many pillars?{=Four ~Two}\n\n::Year::Adopted in?{#2006}\n"
BAD = GOOD + "\n::Broken::Who?{=A ~B\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_import_prints_our_quiz_markdown_which_loads(runner, tmp_path):
    source = write(tmp_path, "bank.gift", GOOD)
    result = runner.invoke(args=["questions", "import", str(source), "--format", "gift", "--language", "en"])
    assert result.exit_code == 0, result.output
    quiz = read_source_quiz(result.stdout)
    assert quiz.problems == ()
    assert [(q.id, q.kind) for q in quiz.questions] == [("pillars", "single"), ("year", "numeric")]
    assert quiz.title == "bank"


def test_a_bad_question_stops_the_import_and_names_its_line(runner, tmp_path):
    source = write(tmp_path, "bank.gift", BAD)
    into = tmp_path / "quiz.en.md"
    args = ["questions", "import", str(source), "--format", "gift", "--language", "en", "--into", str(into)]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert f"{source}:5: the answer block '{{' is not closed: add '}}' after the answers" in result.output
    assert "nothing was written (--skip-bad imports the other 2)" in result.output
    assert not into.exists()


def test_skip_bad_imports_the_good_questions(runner, tmp_path):
    source = write(tmp_path, "bank.gift", BAD)
    into = tmp_path / "quiz.en.md"
    args = ["questions", "import", str(source), "--format", "gift", "--language", "en", "--into", str(into)]
    result = runner.invoke(args=[*args, "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert [q.id for q in read_source_quiz(into.read_text(encoding="utf-8")).questions] == ["pillars", "year"]


def test_importing_into_an_existing_quiz_appends_with_fresh_ids(runner, tmp_path):
    source = write(tmp_path, "bank.gift", GOOD)
    into = tmp_path / "quiz.en.md"
    args = ["questions", "import", str(source), "--format", "gift", "--language", "en", "--into", str(into)]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "2 question(s) added to" in result.output
    ids = [q.id for q in read_source_quiz(into.read_text(encoding="utf-8")).questions]
    assert ids == ["pillars", "year", "pillars-2", "year-2"]


def test_dry_run_writes_nothing(runner, tmp_path):
    source = write(tmp_path, "bank.gift", GOOD)
    into = tmp_path / "quiz.en.md"
    args = ["questions", "import", str(source), "--format", "gift", "--language", "en", "--into", str(into)]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0
    assert f"{source}:1: would import 'pillars' (single)" in result.output
    assert not into.exists()


def test_losses_are_listed_as_warnings(runner, tmp_path):
    source = write(tmp_path, "bank.gift", "::T::Sky?{T#No#Yes}\n")
    result = runner.invoke(args=["questions", "import", str(source), "--format", "gift", "--language", "en"])
    assert result.exit_code == 0
    assert f"{source}:1: warning: the feedback for each true/false answer is dropped" in result.output


def test_aiken_with_bom_and_windows_line_endings(runner, tmp_path):
    source = write(tmp_path, "bank.txt", "\ufeffКто?\r\nA. Анна\r\nB. Борис\r\nANSWER: B\r\n".encode())
    result = runner.invoke(args=["questions", "import", str(source), "--format", "aiken", "--language", "ru"])
    assert result.exit_code == 0, result.output
    assert "## kto (single)\nКто?\n\n- [ ] Анна\n- [x] Борис\n" in result.stdout


def test_a_file_that_is_not_utf8_is_a_clear_error(runner, tmp_path):
    source = write(tmp_path, "bank.txt", "Кто?\nA. Анна\n".encode("cp1251"))
    result = runner.invoke(args=["questions", "import", str(source), "--format", "aiken", "--language", "ru"])
    assert result.exit_code == 1
    assert f"{source}:1: the file is not UTF-8 (byte 0xca): save it as UTF-8" in result.output


def test_utf16_is_named(runner, tmp_path):
    source = write(tmp_path, "bank.gift", "Who?{T}".encode("utf-16"))
    result = runner.invoke(args=["questions", "import", str(source), "--format", "gift", "--language", "en"])
    assert f"{source}:1: the file is UTF-16: save it as UTF-8 (with or without BOM)" in result.output


def test_language_must_match_the_target_file(runner, tmp_path):
    source = write(tmp_path, "bank.gift", GOOD)
    args = ["questions", "import", str(source), "--format", "gift", "--language", "en"]
    result = runner.invoke(args=[*args, "--into", str(tmp_path / "quiz.ru.md")])
    assert result.exit_code == 2
    assert "is a 'ru' file but --language is 'en'" in result.output


def test_export_lists_what_aiken_cannot_hold(runner):
    quiz = ROOT / "modules" / "01-scope" / "quiz.en.md"
    result = runner.invoke(args=["questions", "export", str(quiz), "--format", "aiken"])
    assert result.exit_code == 0
    assert "ANSWER: " in result.stdout
    assert f"{quiz}:" in result.output and ": not expressible in Aiken (truefalse)" in result.output
    assert "7 of 14 question(s) exported." in result.output


def test_export_to_gift_and_back_gives_the_same_file(runner, tmp_path):
    quiz = ROOT / "modules" / "04-narratives" / "quiz.ru.md"
    gift = tmp_path / "narratives.gift"
    result = runner.invoke(args=["questions", "export", str(quiz), "--format", "gift", "--output", str(gift)])
    assert result.exit_code == 0, result.output
    back = runner.invoke(args=["questions", "import", str(gift), "--format", "gift", "--language", "ru"])
    assert back.exit_code == 0, back.output
    original = read_source_quiz(quiz.read_text(encoding="utf-8"))
    imported = read_source_quiz(back.stdout)
    assert [(q.id, q.spec, q.text_html, q.feedback_html, q.points) for q in imported.questions] == [
        (q.id, q.spec, q.text_html, q.feedback_html, q.points) for q in original.questions
    ]
    assert imported.title == original.title
