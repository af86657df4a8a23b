"""`flask users create` and `flask users import`: thin wrappers over the admin operations."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.accounts import operations
from learnapp.domain.passwords import password_problem
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import COLUMNS, check_row, parse_user_csv
from learnapp.extensions import db

users_cli = AppGroup("users", help="Create and import user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name as it appears on certificates.")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.TRAINEE.value)
@click.option("--country", default="XX", help="ISO code: KZ KG TJ TM UZ AF CN RU US, or XX for other.")
@click.option("--organisation", default="")
@click.option("--group", "stakeholder_group", default="expert")
@click.option("--language", default="en", type=click.Choice(["en", "ru"]))
@click.password_option(help="At least 12 characters; prompted when not given.")
def create_user(password: str, **fields: str) -> None:
    """Create one account."""
    record, problems = check_row(dict(fields), line=1)
    if record is None:
        raise click.BadParameter(problems[0].message, param_hint=f"--{problems[0].column}")
    if record.email in operations.existing_emails():
        raise click.BadParameter(f"an account with {record.email} already exists", param_hint="--email")
    reason = password_problem(password, [record.email, record.full_name])
    if reason is not None:
        raise click.BadParameter(f"the password is {reason.value.replace('_', ' ')}", param_hint="--password")
    operations.create_user(record, password)
    db.session.commit()
    click.echo(f"Created {record.role.value} {record.email}.")


@users_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_users(csv_file: Path) -> None:
    """Create every account listed in CSV_FILE, or none if any row is wrong.

    Columns: email, full_name (required), role, country, organisation, stakeholder_group, gender, language.
    Imported accounts have no password until an administrator sets one.
    """
    try:
        text = csv_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{csv_file}: not UTF-8 text (byte {error.start}); save it as CSV UTF-8.") from error
    records, problems = parse_user_csv(text, operations.existing_emails())
    if problems:
        for problem in problems:
            click.echo(f"{csv_file}: {problem}", err=True)
        raise click.ClickException(f"{len(problems)} problem(s) found; nothing was imported.")
    operations.create_users(records)
    db.session.commit()
    click.echo(f"Imported {len(records)} account(s) from {csv_file}. Columns understood: {', '.join(COLUMNS)}.")
