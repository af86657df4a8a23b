"""The migration that adds the module standings backfills them from existing rows, as the app would have kept them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, Completion, LessonRead, ModuleStanding, User
from learnapp.progress.standing_rows import COLUMNS, standings_from_raw
from tests.support.bulk import bulk_catalogue

REVISION = "c3d5e7f9a1b2"
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def seed_history() -> None:
    """Two trainees with reads, graded and open attempts at a pre-test and a quiz, and one completion."""
    first, second = bulk_catalogue(2)
    pre_test, quiz = db.session.scalars(sa.select(Assessment).order_by(Assessment.id)).all()
    pre_test.purpose = "pre_test"
    db.session.execute(sa.insert(User), [{"email": f"t{n}@example.org", "full_name": f"T {n}"} for n in (1, 2)])
    one, two = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    db.session.add_all(
        LessonRead(user_id=user, module_id=module, lesson_slug=slug, version_id=module, read_at=NOW)
        for user, module, slug in ((one, first, "lesson-1"), (one, second, "lesson-1"), (one, second, "lesson-2"))
    )
    attempts = [
        (one, first, pre_test, 1, 40.0, NOW),
        (one, first, pre_test, 2, 30.0, NOW + timedelta(hours=1)),
        (one, second, quiz, 1, 90.0, NOW),
        (one, second, quiz, 2, 50.0, NOW + timedelta(hours=1)),
        (two, second, quiz, 1, None, None),  # open: not in any standing
    ]
    db.session.add_all(
        Attempt(
            user_id=user,
            module_id=module,
            assessment_id=assessment.id,
            number=number,
            question_slugs=[],
            seed="s",
            score=score,
            submitted_at=at,
        )
        for user, module, assessment, number, score, at in attempts
    )
    db.session.add(Completion(user_id=one, module_id=second, version_id=second, score=90.0, completed_at=NOW))
    db.session.commit()


def test_the_backfill_equals_what_the_app_keeps(empty_app):
    with empty_app.app_context():
        upgrade(revision=f"{REVISION}-1")
        seed_history()
        upgrade(revision=REVISION)
        table = ModuleStanding.__table__
        kept = {tuple(row) for row in db.session.execute(sa.select(*(table.c[name] for name in COLUMNS)))}
        expected = {tuple(row) for row in db.session.execute(standings_from_raw())}
        assert kept == expected
        assert {
            (row.lessons_read, row.best_score, row.pre_test_score, row.completed_at is not None)
            for row in (db.session.scalars(sa.select(ModuleStanding).order_by(ModuleStanding.module_id)))
        } == {(1, None, 30.0, False), (2, 90.0, None, True)}
        db.session.remove()
        downgrade(revision=f"{REVISION}-1")
        assert "module_standings" not in sa.inspect(db.engine).get_table_names()
