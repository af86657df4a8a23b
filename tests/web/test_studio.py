"""The trainers' studio: a module's draft edited in the browser, checked on every save, previewed and reviewed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from learnapp.domain.profiles import Role
from learnapp.models import AuditEvent, Draft, DraftFile
from tests.conftest import sign_in


def new_module(client, slug="media-literacy", title_ru="Медиаграмотность"):
    return client.post("/studio/new", data={"slug": slug, "title_en": "Media literacy", "title_ru": title_ru})


def file_text(db, slug, path):
    draft = db.session.scalar(sa.select(Draft).filter_by(slug=slug))
    file = db.session.scalar(sa.select(DraftFile).filter_by(draft_id=draft.id, path=path))
    return None if file is None else file.data.decode("utf-8", errors="replace")


def test_a_trainer_creates_a_module_that_loads_without_problems_in_both_languages(client, db, login_as):
    login_as(Role.TRAINER)
    response = new_module(client)
    assert response.status_code == 302 and response.headers["Location"] == "/studio/media-literacy/"
    desk = client.get("/studio/media-literacy/").text
    assert "No problems: the module loads as it is." in desk
    assert "01-introduction" in desk
    home = client.get("/studio/").text
    assert "Media literacy" in home and "not published" in home and "author" in home
    assert "id: media-literacy" in file_text(db, "media-literacy", "module.yaml")
    assert file_text(db, "media-literacy", "lessons/01-introduction.ru.md").startswith("---\ntitle:")


def save(client, path, text, revision, slug="media-literacy", **extra):
    return client.post(f"/studio/{slug}/files/{path}", data={"text": text, "revision": revision, "save": "1", **extra})


LESSON = "lessons/01-introduction.en.md"


def test_saving_a_lesson_reports_a_problem_at_its_line_and_the_fix_clears_it(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    broken = "---\ntitle: Introduction\n---\n\nSee the map:\n\n![](media/map.png)\n"
    response = save(client, LESSON, broken, 1)
    assert response.status_code == 302
    editor = client.get(f"/studio/media-literacy/files/{LESSON}").text
    assert 'href="#line-7"' in editor and 'id="line-7" class="has-problem"' in editor
    assert "2 errors" in client.get("/studio/").text  # no alt text, and no such file
    fixed = "---\ntitle: Introduction\n---\n\nSee the overview below.\n"
    assert save(client, LESSON, fixed, 2).status_code == 302
    assert "No problems" in client.get("/studio/media-literacy/").text
    assert file_text(db, "media-literacy", LESSON) == fixed


def test_a_stale_save_gets_a_conflict_page_with_both_texts_and_nothing_is_lost(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    first = file_text(db, "media-literacy", LESSON)
    save(client, LESSON, first + "\nA paragraph by the first author.\n", 1)
    conflict = save(client, LESSON, first + "\nA <b>paragraph</b> by the second author.\n", 1)
    assert conflict.status_code == 409
    assert "A paragraph by the first author." in conflict.text
    assert "A &lt;b&gt;paragraph&lt;/b&gt; by the second author." in conflict.text
    assert 'class="diff-added"' in conflict.text and 'class="diff-removed"' in conflict.text
    assert "first author" in file_text(db, "media-literacy", LESSON)


def test_lessons_are_added_moved_renamed_and_deleted_with_positions_renumbered(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    added = client.post("/studio/media-literacy/lessons", data={"name": "sources"})
    assert added.headers["Location"] == "/studio/media-literacy/files/lessons/02-sources.en.md"
    client.post("/studio/media-literacy/lessons/02-sources/move", data={"direction": "up"})
    assert file_text(db, "media-literacy", "lessons/01-sources.ru.md") is not None
    assert file_text(db, "media-literacy", "lessons/02-introduction.en.md") is not None
    client.post("/studio/media-literacy/lessons/01-sources/rename", data={"name": "checking-sources"})
    assert file_text(db, "media-literacy", "lessons/01-checking-sources.en.md") is not None
    client.post("/studio/media-literacy/lessons/01-checking-sources/delete")
    assert file_text(db, "media-literacy", "lessons/01-introduction.en.md") is not None
    assert file_text(db, "media-literacy", "lessons/02-introduction.en.md") is None
    refused = client.post("/studio/media-literacy/lessons", data={"name": "Bad Name"}, follow_redirects=True)
    assert "Use lowercase latin letters" in refused.text


def test_a_missing_translation_is_listed_and_the_twin_is_shown_side_by_side(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    desk = client.get("/studio/media-literacy/").text
    assert "Missing translations" in desk and "lessons/01-introduction.ru.md" in desk
    twin = client.get("/studio/media-literacy/files/lessons/01-introduction.ru.md?twin=1").text
    assert "lessons/01-introduction.en.md" in twin and "Write the lesson here." in twin


def test_the_settings_form_writes_module_yaml(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    form = {
        "order": "7",
        "estimated_minutes": "45",
        "sensitivity": "programme",
        "completion": "lessons",
        "prerequisites": "",
        "tags": "media, online",
        "title_en": "Media literacy",
        "summary_en": "Reading the news critically.",
        "objectives_en": "Check a source\nSpot a manipulated image",
        "title_ru": "Медиаграмотность",
        "summary_ru": "Критическое чтение новостей.",
        "objectives_ru": "Проверять источник",
        "review_required": "y",
    }
    assert client.post("/studio/media-literacy/settings", data=form).status_code == 302
    written = file_text(db, "media-literacy", "module.yaml")
    assert "estimated_minutes: 45" in written and "Медиаграмотность" in written
    assert "- Spot a manipulated image" in written and "- online" in written
    assert "No problems" in client.get("/studio/media-literacy/").text
    assert db.session.scalar(sa.select(Draft.review_required).filter_by(slug="media-literacy")) is True


def test_a_quiz_gets_a_question_skeleton_of_each_type_that_loads(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    quiz = "---\ntitle: Check\npass_mark: 70\n---\n"
    for number, kind in enumerate(("single", "truefalse", "matching"), start=0):
        client.post(
            "/studio/media-literacy/files/quiz.en.md",
            data={"text": quiz, "revision": number, "add_question": "1", "question_kind": kind},
        )
        quiz = file_text(db, "media-literacy", "quiz.en.md")
    assert "(single)" in quiz and "(truefalse)" in quiz and "(matching)" in quiz
    assert "No problems" in client.get("/studio/media-literacy/").text


def test_the_preview_renders_the_draft_lesson_sanitised_in_each_language(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    text = "---\ntitle: Introduction\n---\n\nHello <script>alert(1)</script> **world**.\n"
    save(client, LESSON, text, 1, preview="1")
    page = client.get("/studio/media-literacy/preview/lessons/01-introduction?lang=en")
    assert page.status_code == 200
    assert "<strong>world</strong>" in page.text and "<script>alert" not in page.text
    assert "Content-Security-Policy" in page.headers
    russian = client.get("/studio/media-literacy/preview/lessons/01-introduction?lang=ru")
    assert 'lang="ru"' in russian.text
    module = client.get("/studio/media-literacy/preview/?lang=ru").text
    assert "Медиаграмотность" in module


def switch_to(client, user):
    client.post("/sign-out")
    assert sign_in(client, user.email).status_code == 302


def test_only_authors_and_admins_change_a_draft_others_read_and_preview_it(client, db, create_user):
    author, other, admin = create_user(Role.TRAINER), create_user(Role.TRAINER), create_user(Role.ADMIN)
    switch_to(client, author)
    new_module(client)
    switch_to(client, other)
    assert client.get(f"/studio/media-literacy/files/{LESSON}").status_code == 200
    assert client.get("/studio/media-literacy/preview/lessons/01-introduction").status_code == 200
    assert save(client, LESSON, "changed", 1).status_code == 403
    assert client.post("/studio/media-literacy/lessons", data={"name": "x"}).status_code == 403
    assert "read and preview" in client.get("/studio/").text
    switch_to(client, admin)
    client.post("/studio/media-literacy/authors", data={"user_id": other.id})
    switch_to(client, other)
    assert save(client, LESSON, "---\ntitle: Changed\n---\n\nText.\n", 1).status_code == 302


def test_a_post_without_csrf_token_changes_nothing(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    response = client.post(f"/studio/media-literacy/files/{LESSON}", data={"text": "x", "revision": 1}, csrf=False)
    assert response.status_code == 400
    assert file_text(db, "media-literacy", LESSON).startswith("---")


def test_review_the_writer_cannot_approve_another_author_can_and_the_log_records_it(client, db, create_user):
    writer, reviewer = create_user(Role.TRAINER), create_user(Role.TRAINER)
    switch_to(client, writer)
    new_module(client)
    draft_id = db.session.scalar(sa.select(Draft.id).filter_by(slug="media-literacy"))
    from learnapp.models import ModuleAuthor

    db.session.add(ModuleAuthor(draft_id=draft_id, user_id=reviewer.id))
    db.session.commit()
    client.post("/studio/media-literacy/review/request", data={"request_note": "First draft, please check lesson 1."})
    own = client.post("/studio/media-literacy/review", data={"decision": "approve"}, follow_redirects=True)
    assert "another author or an administrator must approve it" in own.text
    switch_to(client, reviewer)
    page = client.get("/studio/media-literacy/review").text
    assert "First draft, please check lesson 1." in page and "lessons/01-introduction.en.md" in page
    client.post("/studio/media-literacy/review", data={"decision": "approve", "body": "Good."})
    assert db.session.scalar(sa.select(Draft.review_state).filter_by(slug="media-literacy")) == "approved"
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"studio.request_review", "studio.approve"} <= actions
    switch_to(client, writer)
    save(client, LESSON, "---\ntitle: Later\n---\n\nText.\n", 1)
    assert db.session.scalar(sa.select(Draft.review_state).filter_by(slug="media-literacy")) == "editing"


def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, name, data, alt=""):
    import io

    return client.post(
        "/studio/media-literacy/media",
        data={"file": (io.BytesIO(data), name), "alt": alt},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_media_is_checked_by_its_bytes_and_an_image_needs_alt_text(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    assert "describe it in the alternative text" in upload(client, "map.png", png_bytes()).text
    svg = upload(client, "diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert "SVG images are not accepted" in svg.text
    assert "its content was checked, not its name" in upload(client, "fake.png", b"not an image at all").text
    added = upload(client, "Regional Map.PNG", png_bytes(), alt="Map of Central Asia")
    assert "![Map of Central Asia](media/regional-map.png)" in added.text
    assert file_text(db, "media-literacy", "media/regional-map.png") is not None
    assert "media/handout.pdf" in upload(client, "handout.pdf", b"%PDF-1.4\n%%EOF\n").text
    big = upload(client, "big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    assert "attachments may be at most 10 MB" in big.text


def test_an_upload_may_be_larger_than_other_requests_but_not_without_bound(client, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    three_megabytes = upload(client, "handout.pdf", b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n")
    assert three_megabytes.status_code == 200 and "media/handout.pdf" in three_megabytes.text
    eleven_megabytes = b"0" * (11 * 1024 * 1024)  # refused by its length alone, before it is read
    too_large = client.post(
        "/studio/media-literacy/media", data=eleven_megabytes, content_type="multipart/form-data", csrf=False
    )
    assert too_large.status_code == 413 and "larger than 10 MB" in too_large.text


def test_deleting_media_in_use_first_lists_where_it_is_used(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    upload(client, "map.png", png_bytes(), alt="A map")
    save(client, LESSON, "---\ntitle: Introduction\n---\n\n![A map](media/map.png)\n", 1)
    warning = client.post("/studio/media-literacy/media/media/map.png/delete")
    assert "This file is in use" in warning.text and LESSON in warning.text
    assert file_text(db, "media-literacy", "media/map.png") is not None
    client.post("/studio/media-literacy/media/media/map.png/delete", data={"confirm": "1"})
    assert file_text(db, "media-literacy", "media/map.png") is None


def test_autosave_gets_json_with_the_new_revision_and_a_conflict_as_409(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client)
    headers = {"Accept": "application/json"}
    text = "---\ntitle: Introduction\n---\n\nFirst words.\n"
    saved = client.post(f"/studio/media-literacy/files/{LESSON}", data={"text": text, "revision": 1}, headers=headers)
    assert saved.status_code == 200 and saved.json == {"revision": 2, "errors": 0, "warnings": 0}
    stale = client.post(f"/studio/media-literacy/files/{LESSON}", data={"text": "x", "revision": 1}, headers=headers)
    assert stale.status_code == 409 and stale.json == {"error": "conflict"}
    assert file_text(db, "media-literacy", LESSON) == text


def test_publish_needs_a_note_and_no_errors_then_history_diff_and_restore(client, db, login_as):
    from learnapp.models import Module, ModuleVersion

    login_as(Role.TRAINER)
    new_module(client)
    refused = client.post("/studio/media-literacy/publish", data={"note": ""}, follow_redirects=True)
    assert "Write a change note" in refused.text
    save(client, LESSON, "---\ntitle: Intro\n---\n\n![](media/none.png)\n", 1)
    blocked = client.post("/studio/media-literacy/publish", data={"note": "First"}, follow_redirects=True)
    assert "fix every problem marked as an error first" in blocked.text
    save(client, LESSON, "---\ntitle: Intro\n---\n\nFirst text.\n", 2)
    first = client.post("/studio/media-literacy/publish", data={"note": "First version"}, follow_redirects=True)
    assert "Version 1 is published" in first.text and "First version" in first.text
    assert client.get("/modules/media-literacy/lessons/01-introduction").status_code == 200
    save(client, LESSON, "---\ntitle: Intro\n---\n\nSecond <text>.\n", 3)
    client.post("/studio/media-literacy/publish", data={"note": "Second version"})
    module = db.session.scalar(sa.select(Module).filter_by(slug="media-literacy"))
    versions = db.session.scalars(sa.select(ModuleVersion).filter_by(module_id=module.id)).all()
    assert [(v.number, v.origin, v.change_note) for v in versions] == [
        (1, "web", "First version"),
        (2, "web", "Second version"),
    ]
    diff = client.get("/studio/media-literacy/diff?from=1&to=2").text
    assert 'class="diff-removed"><span class="visually-hidden">Removed:</span>First text.' in diff
    assert "Second &lt;text&gt;." in diff
    client.post("/studio/media-literacy/versions/1/restore")
    assert "First text." in file_text(db, "media-literacy", LESSON)
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("studio.publish") == 2 and "studio.restore" in actions


def test_a_module_with_review_on_publishes_only_once_approved(client, db, create_user):
    from learnapp.models import ModuleAuthor

    writer, reviewer = create_user(Role.TRAINER), create_user(Role.TRAINER)
    switch_to(client, writer)
    new_module(client)
    draft = db.session.scalar(sa.select(Draft).filter_by(slug="media-literacy"))
    draft.review_required = True
    db.session.add(ModuleAuthor(draft_id=draft.id, user_id=reviewer.id))
    db.session.commit()
    refused = client.post("/studio/media-literacy/publish", data={"note": "v1"}, follow_redirects=True)
    assert "needs an approved review" in refused.text
    client.post("/studio/media-literacy/review/request", data={"request_note": "Please review"})
    switch_to(client, reviewer)
    client.post("/studio/media-literacy/review", data={"decision": "approve"})
    switch_to(client, writer)
    assert (
        "Version 1 is published"
        in client.post("/studio/media-literacy/publish", data={"note": "v1"}, follow_redirects=True).text
    )


def test_the_zip_download_uploads_again_as_the_same_content(client, db, login_as):
    import io

    login_as(Role.ADMIN)
    new_module(client)
    client.post("/studio/media-literacy/publish", data={"note": "First version"})
    archive = client.get("/studio/media-literacy/download")
    assert archive.headers["Content-Type"] == "application/zip"
    original = db.session.scalar(sa.select(Draft.content_hash).filter_by(slug="media-literacy"))
    save(client, LESSON, "---\ntitle: Changed\n---\n\nChanged.\n", 1)
    uploaded = client.post(
        "/studio/upload",
        data={"file": (io.BytesIO(archive.data), "media-literacy.zip")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "uploaded as a draft" in uploaded.text
    assert db.session.scalar(sa.select(Draft.content_hash).filter_by(slug="media-literacy")) == original
    bad = client.post(
        "/studio/upload",
        data={"file": (io.BytesIO(b"not a zip"), "x.zip")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "nothing was changed: the file is not a zip archive" in bad.text


@pytest.mark.parametrize("lessons", [1, 50])
def test_home_editor_and_preview_run_a_fixed_number_of_statements(client, db, login_as, count_queries, lessons):
    from learnapp.author import operations

    user = login_as(Role.TRAINER)
    new_module(client)
    draft = db.session.scalar(sa.select(Draft).filter_by(slug="media-literacy"))
    for number in range(2, lessons + 1):
        for language in ("en", "ru"):
            path = f"lessons/{number:02d}-lesson-{number}.{language}.md"
            db.session.add(
                DraftFile(draft_id=draft.id, path=path, data=f"---\ntitle: Lesson {number}\n---\n\nText.\n".encode())
            )
    quiz = "---\ntitle: Check\npass_mark: 70\n---\n\n## q1 (truefalse)\nThe sky is blue.\n\nAnswer: true\n"
    db.session.add(DraftFile(draft_id=draft.id, path="quiz.en.md", data=quiz.encode()))
    db.session.flush()
    operations.recheck(draft)
    db.session.commit()
    assert draft.error_count == 0 and user.id
    counts = {}
    for name, url in (
        ("home", "/studio/"),
        ("desk", "/studio/media-literacy/"),
        ("editor", f"/studio/media-literacy/files/{LESSON}?twin=1"),
        ("lesson preview", "/studio/media-literacy/preview/lessons/01-introduction?lang=ru"),
        ("module preview", "/studio/media-literacy/preview/"),
        ("quiz preview", "/studio/media-literacy/preview/quiz?lang=en&width=phone"),
    ):
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts[name] = counter.count
    answers = {"shown": "q1", "q.q1": "true"}
    with count_queries() as counter:
        assert client.post("/studio/media-literacy/preview/quiz?lang=en", data=answers).status_code == 200
    counts["quiz preview answered"] = counter.count
    assert counts == {
        "home": 3,
        "desk": 6,
        "editor": 6,
        "lesson preview": 4,
        "module preview": 3,
        "quiz preview": 3,
        "quiz preview answered": 3,
    }


def test_the_quiz_preview_shows_each_question_with_its_key_and_feedback(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    quiz = "---\ntitle: Check your understanding\npass_mark: 70\n---\n"
    client.post(
        "/studio/media-literacy/files/quiz.en.md",
        data={"text": quiz, "revision": 0, "add_question": "1", "question_kind": "single"},
    )
    page = client.get("/studio/media-literacy/preview/quiz?lang=en").text
    assert "Check your understanding" in page and "Single choice" in page
    assert "3 choices (correct: 2)" in page and "See lesson 1." in page


def test_the_quiz_settings_form_rewrites_the_front_matter_and_keeps_the_questions(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    quiz = "---\ntitle: Check\npass_mark: 70\n---\n\n## q1 (truefalse)\nThe sky is blue.\n\nAnswer: true\n"
    save(client, "quiz.en.md", quiz, 0)
    page = client.get("/studio/media-literacy/quiz-settings").text
    assert 'value="70"' in page
    form = {
        "title": "Check your understanding",
        "purpose": "knowledge_check",
        "pass_mark": "80",
        "attempts": "2",
        "grading": "last",
        "time_limit_minutes": "15",
        "pool": "0",
        "review": "correctness",
        "bands": "0: Re-read the lessons.\n80: Well done.",
    }
    wrong = client.post("/studio/media-literacy/quiz-settings", data={**form, "bands": "well done"})
    assert "is not &#39;lowest score: text&#39;" in wrong.text
    assert client.post("/studio/media-literacy/quiz-settings", data=form).status_code == 302
    written = file_text(db, "media-literacy", "quiz.en.md")
    assert "pass_mark: 80" in written and "grading: last" in written and "text: Well done." in written
    assert written.endswith("## q1 (truefalse)\nThe sky is blue.\n\nAnswer: true\n")
    assert "No problems" in client.get("/studio/media-literacy/").text


def test_the_quiz_settings_form_keeps_the_default_review_policy(client, db, login_as):
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    quiz = "---\ntitle: Check\npass_mark: 70\n---\n\n## q1 (truefalse)\nThe sky is blue.\n\nAnswer: true\n"
    save(client, "quiz.en.md", quiz, 0)
    page = client.get("/studio/media-literacy/quiz-settings").text
    assert '<option selected value="after_last_attempt">' in page
    form = {"title": "Check", "purpose": "knowledge_check", "pass_mark": "70", "attempts": "3", "grading": "highest"}
    form |= {"time_limit_minutes": "0", "pool": "0", "review": "after_last_attempt", "bands": ""}
    assert client.post("/studio/media-literacy/quiz-settings", data=form).status_code == 302
    assert "review: after_last_attempt" in file_text(db, "media-literacy", "quiz.en.md")


def test_a_prerequisite_is_checked_against_the_rest_of_the_curriculum(client, db, login_as, publish):
    publish("alpha")
    login_as(Role.TRAINER)
    new_module(client, title_ru="")
    yaml_text = file_text(db, "media-literacy", "module.yaml")
    save(client, "module.yaml", yaml_text.replace("prerequisites: []", "prerequisites:\n- alpha\n- nowhere"), 1)
    draft = db.session.scalar(sa.select(Draft).filter_by(slug="media-literacy"))
    assert [problem["path"] for problem in draft.problems] == ["module.yaml"]
    assert "nowhere" in draft.problems[0]["message"] and "alpha" not in draft.problems[0]["message"]


def test_the_home_lists_the_authors_modules_first_each_group_in_curriculum_order(client, db, login_as, publish):
    publish("zulu", order=1)
    publish("alpha", order=2)
    login_as(Role.TRAINER)
    new_module(client, slug="media-literacy")
    home = client.get("/studio/").text
    assert home.index("Media literacy") < home.index("Module zulu") < home.index("Module alpha")
