"""`flask demo seed`: one demo account per role, for trying the platform locally. Refused in production."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from learnapp.admin import operations
from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db

demo_cli = AppGroup("demo", help="Demo data for local use.")

# Demo passwords are public on purpose: these accounts exist only in development databases.
DEMO_PASSWORD = "demo-password-2016"
DEMO_ACCOUNTS = (
    UserRecord(
        "trainee@example.org",
        "Aigerim Demo",
        Role.TRAINEE,
        "KZ",
        "Youth Resource Centre",
        StakeholderGroup.YOUTH_INSTITUTION,
        Gender.FEMALE,
        "ru",
    ),
    UserRecord(
        "trainer@example.org",
        "Timur Demo",
        Role.TRAINER,
        "KG",
        "Regional trainers' pool",
        StakeholderGroup.EXPERT,
        Gender.MALE,
        "en",
    ),
    UserRecord(
        "coordinator@example.org",
        "Madina Demo",
        Role.COORDINATOR,
        "XX",
        "UNRCCA",
        StakeholderGroup.UN_STAFF,
        Gender.FEMALE,
        "en",
    ),
    UserRecord(
        "observer@example.org",
        "Observer Demo",
        Role.OBSERVER,
        "XX",
        "Donor liaison",
        StakeholderGroup.REGIONAL_ORGANISATION,
        None,
        "en",
    ),
    UserRecord(
        "admin@example.org", "Admin Demo", Role.ADMIN, "XX", "Platform team", StakeholderGroup.UN_STAFF, None, "en"
    ),
)


@demo_cli.command("seed")
def seed() -> None:
    """Create the demo accounts that do not exist yet, and print how to sign in."""
    if not current_app.config["IS_DEMO_ALLOWED"]:
        raise click.ClickException("Demo accounts are only for development (LEARNAPP_ENV=development).")
    existing = operations.existing_emails()
    created = [
        operations.create_user(record, DEMO_PASSWORD) for record in DEMO_ACCOUNTS if record.email not in existing
    ]
    db.session.commit()
    click.echo(f"Demo accounts: {len(created)} created, {len(DEMO_ACCOUNTS) - len(created)} already there.")
    for record in DEMO_ACCOUNTS:
        click.echo(f"  {record.role.value:<12} {record.email:<26} password: {DEMO_PASSWORD}")
