"""A lesson page's first view stays light for slow links and old phones, and loads nothing from other hosts."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import Cohort, CohortModule, Enrolment, Module

ROOT = Path(__file__).resolve().parents[2]
BUDGET_BYTES = 40 * 1024
ASSET = re.compile(r'(?:src|href)="(/(?:static|media)/[^"]+)"')
# What makes the browser fetch something: src attributes and <link> elements (plain links to sources are fine).
EXTERNAL = re.compile(r'(?:\bsrc="|<link[^>]+href=")(?:https?:)?//', re.IGNORECASE)
# The longest lesson of the curriculum, with two scenario blocks and reflection forms: the heaviest first view.
HEAVIEST_LESSON = "/modules/disengagement-and-reintegration/lessons/05-case-returnee"


def compressed_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def enrol_for(db, user, module_slug):
    """Put `user` in a cohort assigning the module: the heaviest lesson's module is restricted to such trainees."""
    cohort = Cohort(name="Workshop", working_language="en")
    db.session.add(cohort)
    db.session.flush()
    module_id = db.session.scalar(sa.select(Module.id).filter_by(slug=module_slug))
    db.session.add_all(
        [CohortModule(cohort_id=cohort.id, module_id=module_id), Enrolment(cohort_id=cohort.id, user_id=user.id)]
    )
    db.session.commit()


def test_the_heaviest_lesson_page_with_all_its_assets_is_under_40_kb_compressed(client, db, runner, login_as):
    assert runner.invoke(args=["modules", "sync", str(ROOT / "modules")]).exit_code == 0
    enrol_for(db, login_as(Role.TRAINEE), HEAVIEST_LESSON.split("/")[2])
    page = client.get(HEAVIEST_LESSON).text
    assert "<article" in page
    total = compressed_size(page.encode())
    for asset in sorted(set(ASSET.findall(page))):
        with client.get(asset) as response:
            assert response.status_code == 200, asset
            total += compressed_size(response.data)
    print(f"heaviest lesson page, first view: {total} bytes compressed")
    assert total < BUDGET_BYTES, f"{total} bytes compressed"
    assert not EXTERNAL.search(page), "the page loads something from another host"
