"""Backups: one file holding the database and the media folder, and its restore into an empty database.

A backup is an uncompressed tar file (the PostgreSQL dump is compressed already) with:

- ``manifest.json``: when, which backend, the migration head, and the row count of every table;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``, restored by ``pg_restore``) or ``database.sqlite3``
  (SQLite's online backup API: a consistent copy while the app keeps running);
- ``media/``: the files under MEDIA_DIR, if any (module media live in the database and need nothing more).

A restore goes into an empty database only, never over live data, and then checks every table's count against
the manifest. `SECRET_KEY` is not in the backup: keep it with the server's configuration (without it, sessions
and CSRF tokens of the old server stop working, nothing else).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from learnapp.extensions import db

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says what and where."""


@dataclass(frozen=True)
class RestoreReport:
    """What a restore found: each table's rows, and whether they match the manifest."""

    counts: dict[str, int]
    mismatches: dict[str, tuple[int, int]]
    media_files: int


def _url() -> sa.URL:
    return sa.make_url(str(current_app.config["SQLALCHEMY_DATABASE_URI"]))


def _libpq(url: sa.URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump and pg_restore read it, and an environment carrying the password.

    The password goes in PGPASSWORD, not on the command line, where any local user could read it.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _sqlite_path(url: sa.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be restored into; give DATABASE_URL a file.")
    return Path(url.database)


def table_counts() -> dict[str, int]:
    """Rows in every table of the app's schema (alembic's own table left out)."""
    tables = db.metadata.sorted_tables
    return {table.name: int(db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0) for table in tables}


def migration_head() -> list[str]:
    """The revision(s) recorded in the database; empty when it was never migrated."""
    try:
        return sorted(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return []


def create_backup(directory: Path) -> Path:
    """Write a backup file into `directory` (created if needed) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    url = _url()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"learnapp-{stamp}.tar"
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": url.get_backend_name(),
        "migration": migration_head(),
        "counts": table_counts(),
    }
    db.session.rollback()  # counts read; the dump below sees the database as it is now
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        database_file = _dump_database(url, workdir)
        (workdir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(workdir / MANIFEST, arcname=MANIFEST)
            archive.add(database_file, arcname=database_file.name)
            media = Path(current_app.config["MEDIA_DIR"])
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
        partial.rename(target)  # a backup that failed half-way never looks complete
    target.chmod(0o600)
    logger.info("Backup written: %s", target.name)
    return target


def _dump_database(url: sa.URL, workdir: Path) -> Path:
    if url.get_backend_name() == "postgresql":
        dump = workdir / POSTGRES_DUMP
        libpq_url, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", libpq_url], env)
        return dump
    if url.get_backend_name() == "sqlite":
        copy = workdir / SQLITE_COPY
        source = sqlite3.connect(_sqlite_path(url))
        destination = sqlite3.connect(copy)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return copy
    raise BackupError(f"No backup method for the {url.get_backend_name()} database.")


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[:500]}") from error


def read_manifest(backup: Path) -> dict[str, Any]:
    """The manifest of a backup file; BackupError when the file is not one of ours."""
    try:
        with tarfile.open(backup) as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError) as error:
        raise BackupError(f"{backup}: not a backup made by `flask backup create` ({error}).") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{backup}: backup format {manifest.get('format')!r}, this version reads {FORMAT_VERSION}.")
    return manifest


def restore_backup(backup: Path) -> RestoreReport:
    """Restore `backup` into the configured database, which must be empty, then compare every table's count."""
    manifest = read_manifest(backup)
    url = _url()
    if manifest["backend"] != url.get_backend_name():
        raise BackupError(f"{backup} holds a {manifest['backend']} database; DATABASE_URL is {url.get_backend_name()}.")
    existing = sa.inspect(db.engine).get_table_names()
    if existing:
        raise BackupError(
            f"The database of DATABASE_URL is not empty ({len(existing)} tables, e.g. {existing[0]}); "
            "restore into a new, empty database."
        )
    db.session.remove()
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        with tarfile.open(backup) as archive:
            archive.extractall(workdir, filter="data")
        _load_database(url, workdir)
        media_files = _restore_media(workdir / MEDIA, Path(current_app.config["MEDIA_DIR"]))
    db.engine.dispose()  # the SQLite file was replaced under the pool
    counts = table_counts()
    expected: dict[str, int] = manifest["counts"]
    mismatches = {
        name: (expected[name], counts.get(name, 0)) for name in expected if counts.get(name, 0) != expected[name]
    }
    logger.info("Backup %s restored; %d table(s) differ from the manifest", backup.name, len(mismatches))
    return RestoreReport(counts=counts, mismatches=mismatches, media_files=media_files)


def _load_database(url: sa.URL, workdir: Path) -> None:
    if url.get_backend_name() == "postgresql":
        libpq_url, env = _libpq(url)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={libpq_url}",
                str(workdir / POSTGRES_DUMP),
            ],
            env,
        )
        return
    db.engine.dispose()
    path = _sqlite_path(url)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)  # the empty database's journal must not be replayed over the copy
    shutil.copyfile(workdir / SQLITE_COPY, path)


def _restore_media(source: Path, target: Path) -> int:
    """Copy the backup's media into MEDIA_DIR (files already there are kept); return how many files came back."""
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for path in source.rglob("*") if path.is_file())
