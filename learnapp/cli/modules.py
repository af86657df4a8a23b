"""`flask modules check`, `sync` and `export`: thin wrappers over the loader, the sync and the export."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.author import export as exporting
from learnapp.author.fingerprint import unchanged_tree
from learnapp.author.sync import MEDIA_BASE, SyncReport, WebChangesError, sync_modules
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
@click.option("--strict", is_flag=True, help="Fail on warnings (terms the glossary says to avoid, quiz quality) too.")
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
@click.option("--force", is_flag=True, help="Replace or archive modules last published on the web too.")
def sync(path: Path, force: bool) -> None:
    """Load every module under PATH into the database, all or nothing; unchanged modules are left alone.

    When no module folder changed since the last sync (same folders, same content hashes), nothing is loaded.
    A module whose current version was published in the studio is not replaced by different files, nor archived
    because its folder is missing, unless --force is given: export it first (flask modules export) to keep it.
    """
    unchanged = unchanged_tree(path)
    if unchanged is not None:
        _echo_report(SyncReport(unchanged=unchanged))
        return
    result = _load_and_report(path)
    if not result.is_ok:
        raise click.ClickException(f"{len(result.problems)} problem(s) in {path}; the database was not changed.")
    try:
        report = sync_modules(result.modules, force=force)
    except WebChangesError as refused:
        for change in refused.changes:
            click.echo(str(change), err=True)
        raise click.ClickException(
            f"{len(refused.changes)} module(s) were last published on the web and the files would replace them; "
            "the database was not changed. Export them first (flask modules export SLUG DIR) to keep the web "
            "changes, or sync with --force to let the files win."
        ) from None
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


@modules_cli.command("export")
@click.argument("targets", nargs=-1, metavar="[SLUG] DIR")
@click.option("--all", "export_all", is_flag=True, help="Export every module that is not archived.")
@click.option("--version", "number", type=click.IntRange(min=1), help="Export this version number of SLUG.")
@click.option("--overwrite", is_flag=True, help="Replace folders that exist in DIR (their files become the version's).")
def export(targets: tuple[str, ...], export_all: bool, number: int | None, overwrite: bool) -> None:
    """Write published versions as module folders under DIR: `export SLUG DIR` or `export --all DIR`.

    Each module is written into a folder of the name it was published from, byte for byte: syncing DIR again
    gives the same content hashes. Nothing is written when any module cannot be exported.
    """
    expected = 1 if export_all else 2
    if len(targets) != expected or (export_all and number is not None):
        raise click.UsageError("give SLUG and DIR, or --all and DIR (--version goes with SLUG only)")
    directory = Path(targets[-1])
    try:
        versions = exporting.versions_to_export(None if export_all else targets[0], number)
        prepared = exporting.prepare(versions, directory, overwrite=overwrite)
    except exporting.ExportError as refused:
        raise click.ClickException(f"{refused}; nothing was written.") from None
    if not prepared:
        raise click.ClickException("no module is published yet; nothing was written.")
    for item in prepared:
        target = exporting.write(item, directory)
        click.echo(f"{item.slug}: version {item.number} -> {target}")


@modules_cli.command("stats")
@PATH_ARGUMENT
@click.option("--languages", default="en,ru", show_default=True, help="Comma-separated language codes to count.")
def stats(path: Path, languages: str) -> None:
    """Lessons, words and quiz questions of every module under PATH, per language."""
    result = load_tree(path, media_base=MEDIA_BASE)
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    click.echo(stats_table(row for module in result.modules for row in module_stats(module, codes)))
