"""Large data sets written straight into the tables, for statement-count tests at scale (no loader, no HTML)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from learnapp.extensions import db
from learnapp.models import Assessment, Attempt, Lesson, LessonRead, LessonText, Module, ModuleVersion
from learnapp.progress.standing_rows import rebuild_standings

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def bulk_catalogue(modules: int, lessons: int = 3) -> list[int]:
    """Publish `modules` modules of `lessons` lessons and a quiz each; return the module ids."""
    db.session.execute(sa.insert(Module), [{"slug": f"bulk-{n}", "is_archived": False} for n in range(modules)])
    module_ids = list(db.session.scalars(sa.select(Module.id).where(Module.slug.like("bulk-%")).order_by(Module.id)))
    db.session.execute(sa.insert(ModuleVersion), [_version(module_id, n) for n, module_id in enumerate(module_ids)])
    versions = dict(db.session.execute(sa.select(ModuleVersion.module_id, ModuleVersion.id)).all())
    for module_id, version_id in versions.items():
        db.session.execute(sa.update(Module).where(Module.id == module_id).values(current_version_id=version_id))
    db.session.execute(
        sa.insert(Lesson),
        [
            {"version_id": v, "slug": f"lesson-{p}", "position": p}
            for v in versions.values()
            for p in range(1, lessons + 1)
        ],
    )
    lesson_ids = db.session.scalars(sa.select(Lesson.id)).all()
    db.session.execute(
        sa.insert(LessonText),
        [
            {
                "lesson_id": i,
                "language": "en",
                "title": f"Lesson {i}",
                "summary": "",
                "minutes": 5,
                "parts": [{"kind": "html", "html": "<p>Text.</p>"}],
            }
            for i in lesson_ids
        ],
    )
    db.session.execute(
        sa.insert(Assessment),
        [{"version_id": v, "kind": "quiz", "titles": {"en": "Quiz"}, "bands": {}} for v in versions.values()],
    )
    db.session.commit()
    return module_ids


def _version(module_id: int, order: int) -> dict[str, object]:
    return {
        "module_id": module_id,
        "number": 1,
        "content_hash": "0" * 64,
        "position": order,
        "default_language": "en",
        "estimated_minutes": 30,
        "sensitivity": "programme",
        "completion": "lessons_and_quiz",
        "prerequisites": [],
        "tags": [],
        "title": {"en": f"Bulk module {order}"},
        "summary": {"en": "Summary."},
        "objectives": {"en": ["Learn."]},
        "source_folder": f"bulk-{order}",
    }


def bulk_history(user_id: int, module_ids: list[int], attempts_per_module: int = 1) -> None:
    """Give a user a read lesson and submitted quiz attempts in every module."""
    bulk_histories([user_id], module_ids, attempts_per_module)


def bulk_histories(user_ids: list[int], module_ids: list[int], attempts_per_module: int = 1) -> None:
    """Give each user a read lesson and submitted quiz attempts in every module, in one insert per table."""
    quizzes = dict(
        db.session.execute(
            sa.select(ModuleVersion.module_id, Assessment.id).join(
                Assessment, Assessment.version_id == ModuleVersion.id
            )
        ).all()
    )
    versions = dict(db.session.execute(sa.select(ModuleVersion.module_id, ModuleVersion.id)).all())
    db.session.execute(
        sa.insert(LessonRead),
        [
            {"user_id": user_id, "module_id": m, "lesson_slug": "lesson-1", "version_id": versions[m], "read_at": NOW}
            for user_id in user_ids
            for m in module_ids
        ],
    )
    db.session.execute(
        sa.insert(Attempt),
        [
            {
                "user_id": user_id,
                "module_id": m,
                "assessment_id": quizzes[m],
                "number": n,
                "question_slugs": [],
                "seed": "s",
                "started_at": NOW + timedelta(minutes=n),
                "submitted_at": NOW + timedelta(minutes=n + 1),
                "score": 50.0,
                "is_passed": False,
            }
            for user_id in user_ids
            for m in module_ids
            for n in range(1, attempts_per_module + 1)
        ],
    )
    rebuild_standings(user_ids)
    db.session.commit()
