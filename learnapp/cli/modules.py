"""`flask modules check` and `flask modules sync`: thin wrappers over the loader and the sync operation."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.author.fingerprint import unchanged_tree
from learnapp.author.sync import MEDIA_BASE, SyncReport, sync_modules
from learnapp.domain.curriculum_stats import module_stats, stats_table
from learnapp.domain.loader import LoadResult, load_tree
from learnapp.domain.summary import summarize
from learnapp.extensions import db

modules_cli = AppGroup("modules", help="Check and load training modules written as files (docs/authoring.md).")
DEFAULT_PATH = Path("modules")
PATH_ARGUMENT = click.argument(
    "path", required=False, default=DEFAULT_PATH, type=click.Path(file_okay=False, path_type=Path)
)


def _load_and_report(path: Path) -> LoadResult:
    result = load_tree(path, media_base=MEDIA_BASE)
    for module in result.modules:
        click.echo(str(summarize(module)))
    for problem in (*result.problems, *result.warnings):
        click.echo(str(problem), err=True)
    return result


@modules_cli.command("check")
@PATH_ARGUMENT
@click.option("--strict", is_flag=True, help="Fail on warnings (terms the glossary says to avoid) too.")
def check(path: Path, strict: bool) -> None:
    """Validate every module under PATH (default: modules/) and write nothing. Exit status 1 on any problem.

    Warnings are printed but do not fail the check, unless --strict is given.
    """
    result = _load_and_report(path)
    if not result.is_ok:
        raise click.ClickException(f"{len(result.problems)} problem(s) in {path}; nothing was changed.")
    if strict and result.warnings:
        raise click.ClickException(f"{len(result.warnings)} warning(s) in {path} (--strict); nothing was changed.")
    warned = f" ({len(result.warnings)} warning(s))" if result.warnings else ""
    click.echo(f"{len(result.modules)} module(s) checked, no problems{warned}.")


@modules_cli.command("sync")
@PATH_ARGUMENT
def sync(path: Path) -> None:
    """Load every module under PATH into the database, all or nothing; unchanged modules are left alone.

    When no module folder changed since the last sync (same folders, same content hashes), nothing is loaded.
    """
    unchanged = unchanged_tree(path)
    if unchanged is not None:
        _echo_report(SyncReport(unchanged=unchanged))
        return
    result = _load_and_report(path)
    if not result.is_ok:
        raise click.ClickException(f"{len(result.problems)} problem(s) in {path}; the database was not changed.")
    report = sync_modules(result.modules)
    db.session.commit()
    _echo_report(report)


def _echo_report(report: SyncReport) -> None:
    for label, ids in (
        ("new", report.created),
        ("new version", report.updated),
        ("archived", report.archived),
        ("restored", report.restored),
        ("unchanged", report.unchanged),
    ):
        if ids:
            click.echo(f"{label}: {', '.join(ids)}")


@modules_cli.command("stats")
@PATH_ARGUMENT
@click.option("--languages", default="en,ru", show_default=True, help="Comma-separated language codes to count.")
def stats(path: Path, languages: str) -> None:
    """Lessons, words and quiz questions of every module under PATH, per language."""
    result = load_tree(path, media_base=MEDIA_BASE)
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    click.echo(stats_table(row for module in result.modules for row in module_stats(module, codes)))
