"""The certificate PDF: the first download (rendered by WeasyPrint and stored) against the later ones (stored).

A trainee completes a small lessons-only module on a fresh SQLite database (development settings, real migrations),
then downloads the certificate's PDF through Flask's test client, signed in: once (rendered and kept), then
`--repeats` more times (served as stored). Goals: later downloads at 1/20 of the first or less, and the first one
in 0.5 s or less on this machine. It prints the timings and exits 0 whatever they are.

Run ``python -m bench.certificates`` (options: ``--help``). It removes its temporary folder at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import flask_migrate
import sqlalchemy as sa

from bench.pages import _inherited_env
from config import DevConfig
from learnapp import create_app
from learnapp.accounts.operations import create_user
from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.domain.loader import load_tree
from learnapp.domain.user_records import UserRecord
from learnapp.extensions import db
from learnapp.learn.operations import mark_read
from learnapp.models import Lesson, Module, User
from learnapp.models.types import utcnow
from learnapp.privacy.notice import NOTICE_VERSION
from tests.support.module_tree import write_module

MODULE = "bench-certificate"
SECOND_GOAL = 1 / 20
FIRST_GOAL_SECONDS = 0.5


def main(argv: Sequence[str] | None = None) -> int:
    """Build the data, download the PDF, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.certificates", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="downloads after the first (default 20)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="learnapp-bench-certificates-") as name:
        first, later = measure(Path(name), options.repeats)
    median = statistics.median(later)
    ratio = median / first
    print(f"{'download':<34}{'seconds':>10}{'ratio to first':>16}")
    print(f"{'first (rendered and stored)':<34}{first:>10.3f}{1:>16.3f}")
    print(f"{f'later (median of {len(later)})':<34}{median:>10.4f}{ratio:>16.4f}")
    print(f"{'later (slowest)':<34}{max(later):>10.4f}{max(later) / first:>16.4f}")
    print()
    print(f"Goal: later downloads at 1/20 of the first or less: {'met' if ratio <= SECOND_GOAL else 'NOT met'}.")
    met = "met" if first <= FIRST_GOAL_SECONDS else "NOT met"
    print(f"Goal: the first download in {FIRST_GOAL_SECONDS} s or less: {met} ({first:.3f} s).")
    return 0


def measure(folder: Path, repeats: int) -> tuple[float, list[float]]:
    """Seconds of the first download and of each later one."""
    env = {
        **_inherited_env(),
        "LEARNAPP_ENV": "development",
        "LEARNAPP_INSTANCE_DIR": str(folder / "instance"),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
    }
    app = create_app(DevConfig, environ=env)
    with app.app_context():
        flask_migrate.upgrade()
        write_module(folder / "modules", MODULE, completion="lessons", with_quiz=False, lessons=2)
        sync_modules(load_tree(folder / "modules", media_base=MEDIA_BASE).modules)
        user = create_user(UserRecord(email="certificate@example.org", full_name="Aigerim Example"))
        user.notice_version, user.notice_accepted_at = NOTICE_VERSION, utcnow()  # accepted before any other page
        module = db.session.scalar(sa.select(Module).filter_by(slug=MODULE))
        assert module is not None and module.current_version is not None
        for slug in db.session.scalars(sa.select(Lesson.slug).filter_by(version_id=module.current_version_id)):
            mark_read(user, module, module.current_version, slug)
        db.session.commit()
        code = db.session.scalar(sa.text("SELECT code FROM certificates"))
        session_id = f"{user.id}:{db.session.get(User, user.id).session_token}"  # type: ignore[union-attr]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    client.get(f"/certificates/{code}")  # the app's first request: templates compiled, connections opened
    timings = [_timed(client, f"/certificates/{code}.pdf") for _ in range(repeats + 1)]
    with app.app_context():
        db.engine.dispose()
    return timings[0], timings[1:]


def _timed(client: object, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    if response.status_code != 200 or not response.data.startswith(b"%PDF-"):
        raise RuntimeError(f"{path} answered {response.status_code} {response.headers.get('Location')}")
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
