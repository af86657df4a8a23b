"""`flask privacy export`, `flask privacy erase` and `flask privacy purge`: thin wrappers over the privacy area."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from learnapp.auth.operations import find_user_by_email
from learnapp.extensions import db
from learnapp.models import User
from learnapp.privacy.erasure import erase_person
from learnapp.privacy.export import archive_name, export_archive, record_export
from learnapp.privacy.retention import apply_purge, purge_plan

privacy_cli = AppGroup("privacy", help="People's data: export, erasure and retention (docs/privacy.md).")


def _person(email: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account has the email {email!r} (an erased account no longer has its email)")
    return user


@privacy_cli.command("export")
@click.option("--email", required=True, help="The person's email.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_person(email: str, directory: Path) -> None:
    """Write the person's data as a .zip (JSON and CSV files) into DIRECTORY; the export is audited."""
    user = _person(email)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / archive_name(user)
    path.write_bytes(export_archive(user))
    record_export(user, actor=None)
    db.session.commit()
    click.echo(f"Wrote {path}.")


@privacy_cli.command("erase")
@click.option("--email", required=True, help="The person's email.")
@click.confirmation_option(prompt="Erase this person's name, email, organisation and free text? It cannot be undone.")
def erase(email: str) -> None:
    """Erase the person's data, keeping their anonymous results in the statistics (all or nothing)."""
    user = _person(email)
    erase_person(user, actor=None)
    db.session.commit()
    click.echo(f"Erased account {user.id}.")


@privacy_cli.command("purge")
@click.option("--apply", "apply_it", is_flag=True, help="Carry the purge out; without it, only show what it would do.")
def purge(apply_it: bool) -> None:
    """Anonymise inactive accounts and delete old audit entries; a dry run unless --apply is given.

    The periods are LEARNAPP_RETENTION_MONTHS (36) and LEARNAPP_AUDIT_RETENTION_MONTHS (24).
    """
    plan = purge_plan()
    verb = "Anonymised" if apply_it else "Would anonymise"
    click.echo(
        f"{verb} {len(plan.account_ids)} account(s) inactive since before {plan.account_cutoff.date().isoformat()}"
        + (f": {', '.join(str(user_id) for user_id in plan.account_ids)}." if plan.account_ids else ".")
    )
    click.echo(
        f"{'Deleted' if apply_it else 'Would delete'} {plan.audit_events} audit entr(ies) from before "
        f"{plan.audit_cutoff.date().isoformat()}."
    )
    if apply_it:
        apply_purge(plan)
        db.session.commit()
    else:
        click.echo("Dry run: nothing was changed. Run with --apply to carry it out.")
