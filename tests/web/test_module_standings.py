"""Module standings: after every kind of write a trainee makes, the kept row equals what the raw rows say.

The writes go through the app as a trainee makes them (lesson reads, quiz attempts at a knowledge check, a pre-test
and a post-test, the completion they bring), then erasure and a new version of a module. `standings_from_raw` is
the reference: the rules the reports relied on before the standings existed, computed from reads, attempts and
completions alone.
"""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.models import Completion, ModuleStanding, User
from learnapp.privacy.erasure import erase_person
from learnapp.progress.standing_rows import COLUMNS, rebuild_standings, standings_from_raw
from tests.web.test_quiz import quiz_file, quiz_publisher, start, submit

RIGHT = {"pillars": "1", "jpoa": "false"}
WRONG = {"pillars": "0", "jpoa": "true"}


@pytest.fixture()
def publish_quiz(app, tmp_path):
    """Factory: see `tests.web.test_quiz.quiz_publisher`."""
    return quiz_publisher(tmp_path / "published-modules")


def kept() -> set[tuple[object, ...]]:
    db.session.expire_all()
    table = ModuleStanding.__table__
    return {tuple(row) for row in db.session.execute(sa.select(*(table.c[name] for name in COLUMNS)))}


def from_raw() -> set[tuple[object, ...]]:
    return {tuple(row) for row in db.session.execute(standings_from_raw())}


def assert_kept_equals_raw() -> None:
    expected = from_raw()
    assert expected, "the scenario wrote no progress"
    assert kept() == expected


def standing(user: User, module_id: int) -> ModuleStanding:
    db.session.expire_all()
    return db.session.get_one(ModuleStanding, (user.id, module_id))


def curriculum(publish_quiz):
    """A pre-test module, a knowledge-check module of two lessons, and a post-test module; unlimited attempts."""
    return (
        publish_quiz("pre", quiz_file(purpose="pre_test", attempts=0)),
        publish_quiz("alpha", quiz_file(attempts=0), order=2, lessons=2),
        publish_quiz("post", quiz_file(purpose="post_test", attempts=0), order=3),
    )


def test_each_read_attempt_and_completion_keeps_the_standing_equal_to_the_raw_rows(client, login_as, publish_quiz):
    pre, alpha, post = curriculum(publish_quiz)
    trainee = login_as(Role.TRAINEE)

    client.post("/modules/pre/lessons/01-intro/read")
    assert_kept_equals_raw()
    submit(client, start(client, "pre"), **WRONG)
    assert_kept_equals_raw()
    submit(client, start(client, "pre"), **RIGHT)
    assert_kept_equals_raw()
    assert standing(trainee, pre.id).pre_test_score == 100.0 and standing(trainee, pre.id).best_score is None

    client.post("/modules/alpha/lessons/01-intro/read")
    client.post("/modules/alpha/lessons/01-intro/read")  # read twice: counted once
    assert_kept_equals_raw()
    submit(client, start(client, "alpha"), **RIGHT)
    submit(client, start(client, "alpha"), **WRONG)  # a worse attempt keeps the best score
    assert_kept_equals_raw()
    assert standing(trainee, alpha.id).completed_at is None
    client.post("/modules/alpha/lessons/02-lesson-2/read")  # the last lesson completes the module
    assert_kept_equals_raw()
    alpha_standing = standing(trainee, alpha.id)
    assert (alpha_standing.lessons_read, alpha_standing.best_score) == (2, 100.0)
    assert alpha_standing.completed_at is not None

    submit(client, start(client, "post"), **RIGHT)
    submit(client, start(client, "post"), **WRONG)  # the latest post-test counts, not the best
    assert_kept_equals_raw()
    assert standing(trainee, post.id).post_test_score == 0.0
    assert standing(trainee, post.id).best_score == 100.0


def test_a_random_mix_of_writes_by_several_trainees_keeps_every_standing_equal(client, login_as, publish_quiz):
    curriculum(publish_quiz)
    steps = [
        *(("read", slug, lesson) for slug in ("pre", "alpha", "post") for lesson in ("01-intro", "02-lesson-2")),
        *(("quiz", slug, answers) for slug in ("pre", "alpha", "post") for answers in (RIGHT, WRONG)),
    ]
    rng = random.Random(16)
    for _ in range(3):
        login_as(Role.TRAINEE)
        submit(client, start(client, "pre"), **rng.choice((RIGHT, WRONG)))  # every other quiz waits for it
        for kind, slug, detail in rng.choices(steps, k=8):
            if kind == "read":
                client.post(f"/modules/{slug}/lessons/{detail}/read")
            else:
                submit(client, start(client, slug), **detail)
        assert_kept_equals_raw()


def test_erasure_keeps_the_standing_with_the_anonymous_rows_it_summarises(client, login_as, publish_quiz):
    _, alpha, _ = curriculum(publish_quiz)
    trainee = login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    submit(client, start(client, "pre"), **RIGHT)
    submit(client, start(client, "alpha"), **RIGHT)

    erase_person(db.session.get_one(User, trainee.id), actor=None)
    db.session.commit()

    assert_kept_equals_raw()
    assert standing(trainee, alpha.id).best_score == 100.0


def test_deleting_an_account_deletes_its_standings(client, login_as, publish_quiz):
    curriculum(publish_quiz)
    trainee = login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    assert kept()

    db.session.execute(sa.delete(User).where(User.id == trainee.id))
    db.session.commit()

    assert kept() == set() == from_raw()


def test_a_new_version_keeps_the_standing_and_attempts_at_it_count(client, login_as, publish_quiz):
    _, alpha, _ = curriculum(publish_quiz)
    trainee = login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    submit(client, start(client, "pre"), **WRONG)
    submit(client, start(client, "alpha"), **WRONG)
    first_version = alpha.current_version_id

    alpha = publish_quiz("alpha", quiz_file(attempts=0), order=2, lessons=2, body="A corrected lesson.")
    assert alpha.current_version_id != first_version
    assert_kept_equals_raw()

    submit(client, start(client, "alpha"), **RIGHT)
    client.post("/modules/alpha/lessons/02-lesson-2/read")
    assert_kept_equals_raw()
    assert db.session.scalar(sa.select(Completion.version_id).filter_by(user_id=trainee.id, module_id=alpha.id)) == (
        alpha.current_version_id
    )


def test_a_rebuild_writes_the_same_rows_the_operations_kept(client, login_as, publish_quiz):
    curriculum(publish_quiz)
    login_as(Role.TRAINEE)
    client.post("/modules/alpha/lessons/01-intro/read")
    submit(client, start(client, "pre"), **RIGHT)
    submit(client, start(client, "alpha"), **RIGHT)
    before = kept()

    rebuild_standings()
    db.session.commit()

    assert kept() == before
