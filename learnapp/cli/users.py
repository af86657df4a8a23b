"""`flask users create`, `import`, `set-password` and `invite`: thin wrappers over the account operations.

`set-password` and `invite` bring imported (password-less) accounts in: the first for an operator who sets a
password and hands it over in person, the second prints a one-time link the person uses to choose their own.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from learnapp.accounts import operations
from learnapp.auth.operations import find_user_by_email
from learnapp.cohorts.invitations import create_invitation
from learnapp.domain.enrolment import INVITATION_LIFETIME
from learnapp.domain.passwords import password_problem
from learnapp.domain.profiles import Role
from learnapp.domain.user_records import COLUMNS, check_row, parse_user_csv
from learnapp.extensions import db
from learnapp.models import User

logger = logging.getLogger(__name__)
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


def _existing_user(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.BadParameter(f"there is no account with {email.strip().lower()}", param_hint="EMAIL")
    return user


@users_cli.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set the password of the account EMAIL; it is asked for twice, never taken from the command line.

    Any lockout is cleared and every session of the account ends.
    """
    user = _existing_user(email)
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    reason = password_problem(password, [user.email, user.full_name])
    if reason is not None:
        raise click.ClickException(f"The password is {reason.value.replace('_', ' ')}; nothing was changed.")
    operations.set_password(user, password)
    db.session.commit()
    logger.info("Password of account %s set from the command line", user.id)
    click.echo(f"Password set for {user.email}.")


@users_cli.command("invite")
@click.argument("email")
@click.option(
    "--base-url",
    envvar="LEARNAPP_PUBLIC_URL",
    required=True,
    help="The site's public address, e.g. https://learn.example.org (or LEARNAPP_PUBLIC_URL).",
)
def invite(email: str, base_url: str) -> None:
    """Print a one-time link with which the account EMAIL sets its own password (valid two weeks).

    Only for accounts without a password; an earlier unused link of theirs stops working.
    """
    user = _existing_user(email)
    if user.password_hash is not None:
        raise click.ClickException(f"{user.email} can already sign in; use `flask users set-password` instead.")
    if not user.is_active:
        raise click.ClickException(f"{user.email} is deactivated; activate the account first.")
    token = create_invitation(user, None)
    db.session.commit()
    with current_app.test_request_context(base_url=base_url):
        link = url_for("invitations.accept_invitation", token=token, _external=True)
    logger.info("Invitation link made from the command line for account %s", user.id)
    click.echo(f"One-time link for {user.email} (valid {INVITATION_LIFETIME.days} days, shown only now):")
    click.echo(link)
