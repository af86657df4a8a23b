"""`flask questions import` and `flask questions export`: GIFT and Aiken in and out of our quiz Markdown.

Thin wrappers over ``learnapp.domain.question_exchange`` (docs/questions.md has the mapping and the losses).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.domain.interchange import DecodeError, decode_text
from learnapp.domain.languages import is_language
from learnapp.domain.question_exchange import (
    ExchangeFormat,
    category_title,
    export_questions,
    import_questions,
    quiz_markdown,
)
from learnapp.domain.question_source import read_source_quiz

questions_cli = AppGroup("questions", help="Import and export quiz questions as GIFT or Aiken (docs/questions.md).")
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice([fmt.value for fmt in ExchangeFormat]),
    help="gift (Moodle GIFT) or aiken.",
)


@questions_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORMAT_OPTION
@click.option("--language", required=True, help="The questions' language, an ISO 639-1 code such as en or ru.")
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A quiz file (quiz.LANG.md) to write, or to add the questions to; without it they go to standard output.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be imported and write nothing.")
@click.option("--skip-bad", is_flag=True, help="Import the good questions even when some cannot be imported.")
def import_command(file: Path, fmt: str, language: str, into: Path | None, dry_run: bool, skip_bad: bool) -> None:
    """Convert the GIFT or Aiken FILE into our quiz Markdown.

    Every question that cannot be imported is listed as FILE:LINE: why, and nothing is written unless
    --skip-bad is given. What a question loses on the way is listed as FILE:LINE: warning: ...
    """
    _check_language(language, into)
    existing = _existing(into)
    taken = [question.id for question in read_source_quiz(existing).questions] if existing is not None else []
    result = import_questions(file.read_bytes(), ExchangeFormat(fmt), taken)
    for note in result.problems:
        click.echo(f"{file}:{note}", err=True)
    for note in result.losses:
        click.echo(f"{file}:{note.line}: warning: {note.message}", err=True)
    if result.problems and not skip_bad:
        raise click.ClickException(
            f"{len(result.problems)} question(s) cannot be imported; nothing was written "
            f"(--skip-bad imports the other {len(result.questions)})."
        )
    title = category_title(result.categories[0]) if result.categories else file.stem
    text = quiz_markdown(result, title, existing)
    if dry_run:
        for item in result.questions:
            click.echo(f"{file}:{item.line}: would import '{item.question.id}' ({item.question.kind})", err=True)
        click.echo(text, nl=False)
    elif into is None:
        click.echo(text, nl=False)
    else:
        into.write_text(text, encoding="utf-8")
        verb = "added to" if existing is not None else "written to"
        click.echo(f"{len(result.questions)} question(s) {verb} {into}.", err=True)


@questions_cli.command("export")
@click.argument("quiz_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORMAT_OPTION
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of to standard output."
)
def export_command(quiz_file: Path, fmt: str, output: Path | None) -> None:
    """Write the questions of QUIZ_FILE (quiz.LANG.md) as GIFT or Aiken.

    Questions the format cannot hold are left out, each listed as QUIZ_FILE:LINE: not expressible in ... (why).
    """
    try:
        source = read_source_quiz(decode_text(quiz_file.read_bytes()))
    except DecodeError as error:
        raise click.ClickException(f"{quiz_file}:{error.note}") from error
    if source.problems:
        for note in source.problems:
            click.echo(f"{quiz_file}:{note}", err=True)
        raise click.ClickException(f"{len(source.problems)} problem(s) in {quiz_file}: run 'flask modules check'.")
    result = export_questions(source.questions, ExchangeFormat(fmt), category=source.title)
    for note in result.notes:
        click.echo(f"{quiz_file}:{note}", err=True)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        output.write_text(result.text, encoding="utf-8")
    click.echo(f"{result.count} of {len(source.questions)} question(s) exported.", err=True)


def _check_language(language: str, into: Path | None) -> None:
    if not is_language(language):
        raise click.BadParameter(f"'{language}' is not an ISO 639-1 code such as en or ru", param_hint="--language")
    parts = into.name.split(".") if into is not None else []
    if len(parts) == 3 and parts[2] == "md" and parts[1] != language:
        raise click.BadParameter(
            f"{into} is a '{parts[1]}' file but --language is '{language}': name the file quiz.{language}.md",
            param_hint="--into",
        )


def _existing(into: Path | None) -> str | None:
    if into is None or not into.exists():
        return None
    try:
        return decode_text(into.read_bytes())
    except DecodeError as error:
        raise click.ClickException(f"{into}:{error.note}") from error
