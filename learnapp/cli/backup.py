"""`flask backup create DIR` and `flask backup restore FILE`: thin wrappers over `learnapp.backups`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.backups import BackupError, create_backup, read_manifest, restore_backup

backup_cli = AppGroup("backup", help="Back up the database and media, and restore a backup into an empty database.")


@backup_cli.command("create")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def create(directory: Path) -> None:
    """Write learnapp-<UTC time>.tar into DIRECTORY: the database (pg_dump or SQLite's backup API) and the media."""
    try:
        path = create_backup(directory)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = read_manifest(path)
    click.echo(f"Backup written to {path} ({path.stat().st_size // 1024} KiB, migration {manifest['migration']}).")
    click.echo(f"Rows: users {manifest['counts']['users']}, certificates {manifest['counts']['certificates']}.")


@backup_cli.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(backup_file: Path) -> None:
    """Restore BACKUP_FILE into the database of DATABASE_URL, which must be new and empty; then check the counts."""
    try:
        report = restore_backup(backup_file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    for table, (expected, found) in sorted(report.mismatches.items()):
        click.echo(f"{table}: {found} rows, the backup recorded {expected}", err=True)
    if report.mismatches:
        raise click.ClickException(f"Restored, but {len(report.mismatches)} table(s) differ from the backup.")
    click.echo(
        f"Restored {backup_file}: {len(report.counts)} tables, every count as recorded "
        f"(users {report.counts['users']}, certificates {report.counts['certificates']}); "
        f"{report.media_files} media file(s)."
    )
