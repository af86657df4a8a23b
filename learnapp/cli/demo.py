"""`flask demo seed`: one demo account per role, for trying the platform locally. Refused in production."""

from __future__ import annotations

from datetime import date

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from learnapp.accounts import operations
from learnapp.cohorts.operations import (
    CohortValues,
    add_session,
    assign_modules,
    create_cohort,
    enrol_records,
    record_attendance,
)
from learnapp.domain.profiles import Gender, Role, StakeholderGroup
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.models import Cohort, Module, User

demo_cli = AppGroup("demo", help="Demo data for local use.")
DEMO_COHORT = CohortValues(
    name="Demo cohort: Almaty follow-up",
    starts_on=date(2026, 12, 1),
    ends_on=date(2027, 5, 31),
    place="Almaty",
    working_language="ru",
    required_sessions=2,
)

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
    """Create the demo accounts and the demo cohort that do not exist yet, and print how to sign in."""
    if not current_app.config["IS_DEMO_ALLOWED"]:
        raise click.ClickException("Demo accounts are only for development (LEARNAPP_ENV=development).")
    existing = operations.existing_emails()
    created = [
        operations.create_user(record, DEMO_PASSWORD) for record in DEMO_ACCOUNTS if record.email not in existing
    ]
    _seed_cohort()
    db.session.commit()
    click.echo(f"Demo accounts: {len(created)} created, {len(DEMO_ACCOUNTS) - len(created)} already there.")
    for record in DEMO_ACCOUNTS:
        click.echo(f"  {record.role.value:<12} {record.email:<26} password: {DEMO_PASSWORD}")
    click.echo(
        f"Cohort '{DEMO_COHORT.name}': coordinated by the coordinator, with the trainee and every module;"
        " two in-person sessions required, the opening one attended."
    )


def _seed_cohort() -> None:
    """A blended cohort coordinated by the demo coordinator, with the demo trainee and every published module.

    Two in-person sessions are required and the trainee attended the opening one, so My learning shows both counts.
    """
    if db.session.scalar(sa.select(Cohort.id).filter_by(name=DEMO_COHORT.name)) is not None:
        return
    coordinator = db.session.execute(sa.select(User).filter_by(email="coordinator@example.org")).scalar_one()
    trainee = next(record for record in DEMO_ACCOUNTS if record.role is Role.TRAINEE)
    cohort = create_cohort(DEMO_COHORT, coordinator)
    for module_id in db.session.scalars(sa.select(Module.id).where(Module.is_archived.is_(False))):
        assign_modules(cohort, [module_id], is_required=True, due_on=None)
    enrol_records(cohort, [trainee])
    opening = add_session(cohort, "Opening workshop, Almaty", DEMO_COHORT.starts_on)
    trainee_id = db.session.execute(sa.select(User.id).filter_by(email=trainee.email)).scalar_one()
    record_attendance(cohort, opening, {trainee_id}, {trainee_id})
