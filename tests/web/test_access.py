"""Every route, every role: who gets in and who does not.

ACCESS lists each endpoint of the app with the URL to try and who may use it. A route added to the app without
an entry here fails `test_every_route_has_an_access_entry`.
"""

from __future__ import annotations

import pytest

from learnapp.domain.profiles import Role

ANONYMOUS = "anonymous"
EVERYONE = frozenset({ANONYMOUS, *Role})
SIGNED_IN = frozenset(Role)
ADMIN_ONLY = frozenset({Role.ADMIN})
LEARNERS = frozenset({Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN})
MANAGERS = frozenset({Role.COORDINATOR, Role.ADMIN})
REPORT_READERS = frozenset({Role.TRAINER, Role.COORDINATOR, Role.OBSERVER, Role.ADMIN})
ITEM_READERS = frozenset({Role.TRAINER, Role.COORDINATOR, Role.ADMIN})
MATRIX_READERS = frozenset({Role.COORDINATOR, Role.OBSERVER, Role.ADMIN})
QUESTION_AUTHORS = frozenset({Role.TRAINER, Role.ADMIN})
STUDIO = frozenset({Role.TRAINER, Role.ADMIN})
# Changing a draft: its authors and administrators; the trainer signed in here is no author, so gets 403 too.
STUDIO_WRITERS = ADMIN_ONLY

# endpoint: (method, url, who may use it)
ACCESS = {
    "static": ("GET", "/static/css/app.css", EVERYONE),
    "site.healthz": ("GET", "/healthz", EVERYONE),
    "site.readyz": ("GET", "/readyz", EVERYONE),
    # by role, everyone; by address, only LEARNAPP_METRICS_ALLOWED (tests/web/test_health.py)
    "site.metrics": ("GET", "/metrics", EVERYONE),
    "site.set_language": ("POST", "/language", EVERYONE),
    "site.home": ("GET", "/", SIGNED_IN),
    "auth.sign_in": ("GET", "/sign-in", EVERYONE),
    "auth.forgot_password": ("GET", "/forgot-password", EVERYONE),
    "auth.reset_password": ("GET", "/reset-password/not-a-token", EVERYONE),
    "auth.sign_out": ("POST", "/sign-out", SIGNED_IN),
    "auth.change_password": ("GET", "/account/password", SIGNED_IN),
    "auth.edit_profile": ("GET", "/account", SIGNED_IN),
    "admin.list_users": ("GET", "/admin/users", ADMIN_ONLY),
    "admin.new_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", ADMIN_ONLY),
    "admin.reset_user_password": ("POST", "/admin/users/{user_id}/reset-link", ADMIN_ONLY),
    # learn: modules and lessons (a module "alpha" with lesson "01-intro" is published for these tests)
    "learn.show_module": ("GET", "/modules/alpha", LEARNERS),
    "learn.show_lesson": ("GET", "/modules/alpha/lessons/01-intro", LEARNERS),
    "learn.mark_read": ("POST", "/modules/alpha/lessons/01-intro/read", LEARNERS),
    "learn.save_reflection": ("POST", "/modules/alpha/lessons/01-intro/answers/first-thoughts", LEARNERS),
    "learn.show_glossary": ("GET", "/glossary", LEARNERS),
    "learn.module_file": ("GET", "/media/alpha/media/map.png", LEARNERS),
    # certificates (owner only: anyone else signed in gets 404, not 403, so no one learns that a code exists)
    "certificates.show_certificate": ("GET", "/certificates/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", SIGNED_IN),
    "certificates.certificate_pdf": ("GET", "/certificates/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF.pdf", SIGNED_IN),
    "certificates.show_cohort_certificate": ("GET", "/cohort-certificates/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", SIGNED_IN),
    "certificates.cohort_certificate_pdf": ("GET", "/cohort-certificates/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF.pdf", SIGNED_IN),
    "certificates.verify_certificate": ("GET", "/verify/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", EVERYONE),
    "certificates.verify_form": ("GET", "/verify", EVERYONE),
    # quiz (an attempt is its owner's only: anyone else, administrators included, gets 404)
    "quiz.start_quiz": ("POST", "/modules/alpha/quiz/start", LEARNERS),
    "quiz.start_survey": ("POST", "/modules/alpha/survey/start", LEARNERS),
    "quiz.take_quiz": ("GET", "/attempts/1", LEARNERS),
    "quiz.save_answers": ("POST", "/attempts/1", LEARNERS),
    "quiz.submit_quiz": ("POST", "/attempts/1/submit", LEARNERS),
    "quiz.review_quiz": ("GET", "/attempts/1/review", LEARNERS),
    # cohorts (cohort 1 with session 1 exists; a coordinator who does not coordinate it gets 404, not 403)
    "cohorts.list_cohorts": ("GET", "/cohorts/", MANAGERS),
    "cohorts.new_cohort": ("GET", "/cohorts/new", MANAGERS),
    "cohorts.show_cohort": ("GET", "/cohorts/1", MANAGERS),
    "cohorts.edit_cohort": ("GET", "/cohorts/1/edit", MANAGERS),
    "cohorts.update_assignment": ("POST", "/cohorts/1/modules/1", MANAGERS),
    "cohorts.confirm_unassign": ("GET", "/cohorts/1/modules/1/unassign", MANAGERS),
    "cohorts.unassign_module": ("POST", "/cohorts/1/modules/1/unassign", MANAGERS),
    "cohorts.list_participants": ("GET", "/cohorts/1/participants", MANAGERS),
    "cohorts.add_participant": ("GET", "/cohorts/1/participants/new", MANAGERS),
    "cohorts.upload_participants": ("GET", "/cohorts/1/participants/upload", MANAGERS),
    "cohorts.upload_template": ("GET", "/cohorts/1/participants/upload/template.xlsx", MANAGERS),
    "cohorts.invite_participant": ("POST", "/cohorts/1/participants/{user_id}/invite", MANAGERS),
    "cohorts.email_participant_invitation": ("POST", "/cohorts/1/participants/{user_id}/invite/email", MANAGERS),
    "cohorts.email_invitations": ("POST", "/cohorts/1/participants/invite/email", MANAGERS),
    "cohorts.confirm_invitation_sheet": ("GET", "/cohorts/1/participants/invitations/print", MANAGERS),
    "cohorts.print_invitation_sheet": ("POST", "/cohorts/1/participants/invitations/print", MANAGERS),
    "cohorts.reset_participant_password": ("POST", "/cohorts/1/participants/{user_id}/reset-link", MANAGERS),
    "cohorts.list_sessions": ("GET", "/cohorts/1/sessions", MANAGERS),
    "cohorts.record_attendance": ("GET", "/cohorts/1/sessions/1", MANAGERS),
    "cohorts.issue_certificates": ("POST", "/cohorts/1/certificates", MANAGERS),
    "invitations.accept_invitation": ("GET", "/invitations/not-a-real-token", EVERYONE),
    # reports (cohort 1 exists; a coordinator who does not coordinate it gets 404, not 403)
    "reports.index": ("GET", "/reports/", REPORT_READERS),
    # an observer gets counts per module and status, never names
    "reports.cohort_matrix": ("GET", "/reports/cohorts/1/matrix", MATRIX_READERS),
    "reports.export_matrix": ("GET", "/reports/cohorts/1/matrix.csv", MATRIX_READERS),
    "reports.module_summary": ("GET", "/reports/modules", REPORT_READERS),
    "reports.export_module_summary": ("GET", "/reports/modules.xlsx", REPORT_READERS),
    "reports.knowledge_gain": ("GET", "/reports/knowledge-gain", REPORT_READERS),
    "reports.export_knowledge_gain": ("GET", "/reports/knowledge-gain.csv?by=country", REPORT_READERS),
    "reports.completion_by_group": ("GET", "/reports/completion?by=stakeholder_group", REPORT_READERS),
    "reports.export_completion_by_group": ("GET", "/reports/completion.xlsx?by=gender", REPORT_READERS),
    "reports.audit_log": ("GET", "/reports/audit", ADMIN_ONLY),
    "reports.item_analysis": ("GET", "/reports/modules/alpha/items", ITEM_READERS),
    "reports.trainee_detail": ("GET", "/reports/cohorts/1/trainees/{user_id}", MANAGERS),
    "reports.trainee_attempt": ("GET", "/reports/cohorts/1/trainees/{user_id}/attempts/1", MANAGERS),
    "reports.export_item_analysis": ("GET", "/reports/modules/alpha/items.xlsx", ITEM_READERS),
    # studio (module "alpha" has a draft; "beta" is published without one)
    "author.home": ("GET", "/studio/", STUDIO),
    "author.new_module": ("GET", "/studio/new", STUDIO),
    "author.show_module": ("GET", "/studio/alpha/", STUDIO),
    "author.start_draft": ("POST", "/studio/beta/draft", STUDIO_WRITERS),
    "author.add_author": ("POST", "/studio/alpha/authors", ADMIN_ONLY),
    "author.remove_author": ("POST", "/studio/alpha/authors/{user_id}/remove", ADMIN_ONLY),
    "author.edit_file": ("GET", "/studio/alpha/files/lessons/01-intro.en.md", STUDIO),
    "author.save_file": ("POST", "/studio/alpha/files/lessons/01-intro.en.md", STUDIO_WRITERS),
    "author.add_lesson": ("POST", "/studio/alpha/lessons", STUDIO_WRITERS),
    "author.move_lesson": ("POST", "/studio/alpha/lessons/01-intro/move", STUDIO_WRITERS),
    "author.rename_lesson": ("POST", "/studio/alpha/lessons/01-intro/rename", STUDIO_WRITERS),
    "author.delete_lesson": ("POST", "/studio/alpha/lessons/01-intro/delete", STUDIO_WRITERS),
    "author.edit_settings": ("GET", "/studio/alpha/settings", STUDIO),
    "author.edit_quiz_settings": ("GET", "/studio/alpha/quiz-settings", STUDIO),
    "author.preview_module": ("GET", "/studio/alpha/preview/", STUDIO),
    "author.preview_assessment": ("GET", "/studio/alpha/preview/quiz", STUDIO),
    # answering the preview stores nothing, so whoever may preview may check answers too
    "author.grade_preview": ("POST", "/studio/alpha/preview/quiz", STUDIO),
    "author.preview_lesson": ("GET", "/studio/alpha/preview/lessons/01-intro", STUDIO),
    "author.draft_media": ("GET", "/studio/alpha/media/media/map.png", STUDIO),
    "author.review": ("GET", "/studio/alpha/review", STUDIO),
    "author.request_review": ("POST", "/studio/alpha/review/request", STUDIO_WRITERS),
    "author.upload_media": ("POST", "/studio/alpha/media", STUDIO_WRITERS),
    "author.delete_media": ("POST", "/studio/alpha/media/media/map.png/delete", STUDIO_WRITERS),
    "author.publish": ("POST", "/studio/alpha/publish", STUDIO_WRITERS),
    "author.history": ("GET", "/studio/alpha/history", STUDIO),
    "author.diff": ("GET", "/studio/alpha/diff?from=1&to=draft", STUDIO),
    "author.restore": ("POST", "/studio/alpha/versions/1/restore", STUDIO_WRITERS),
    "author.download": ("GET", "/studio/alpha/download", STUDIO),
    "author.upload_module": ("POST", "/studio/upload", STUDIO),
    # privacy: the notice is public; everyone signed in may download their own data; erasure is an admin's
    "privacy.show_notice": ("GET", "/privacy", EVERYONE),
    "privacy.accept_notice": ("GET", "/privacy/accept", SIGNED_IN),
    "privacy.download_my_data": ("GET", "/account/my-data.zip", SIGNED_IN),
    "privacy.erase_user": ("GET", "/admin/users/{user_id}/erase", ADMIN_ONLY),
    # question bank (GIFT and Aiken in and out; nothing is stored)
    "questionbank.index": ("GET", "/question-bank/", QUESTION_AUTHORS),
    "questionbank.preview_import": ("POST", "/question-bank/import", QUESTION_AUTHORS),
    "questionbank.download_markdown": ("POST", "/question-bank/import/markdown", QUESTION_AUTHORS),
    "questionbank.download_quiz": ("GET", "/question-bank/modules/alpha/quiz.en.gift", QUESTION_AUTHORS),
}

WHO = [ANONYMOUS, *Role]


def build_access_data(tmp_path):
    """Module "alpha" with an image, and cohort 1 with session 1, so that every URL above names something that exists.

    Built once per backend for the whole module: each case then only signs in and sends its request.
    """
    from learnapp.author.operations import start_draft
    from learnapp.domain.files import module_files
    from learnapp.extensions import db
    from learnapp.models import Cohort, CohortSession
    from tests.support.publishing import publisher

    publish = publisher(tmp_path / "published-modules")
    module = publish("alpha", body="![A map](media/map.png)", media={"media/map.png": b"\x89PNG\r\n\x1a\n"})
    publish("beta", order=2)
    folder = tmp_path / "published-modules" / "01-alpha"
    start_draft(
        "alpha", {name: path.read_bytes() for name, path in module_files(folder).items()}, None, module_id=module.id
    )
    cohort = Cohort(name="Almaty workshop", working_language="ru")
    db.session.add(cohort)
    db.session.flush()
    db.session.add(CohortSession(cohort_id=cohort.id, title="Day 1"))
    db.session.commit()
    return {"module": module.id, "cohort": cohort.id}


pytestmark = pytest.mark.module_data(build=build_access_data)


@pytest.fixture()
def published(db, module_data):
    """Module "alpha", with an image (see `build_access_data`)."""
    from learnapp.models import Module

    return db.session.get(Module, module_data["module"])


@pytest.fixture()
def cohort(db, module_data):
    """Cohort 1 with session 1 (see `build_access_data`)."""
    from learnapp.models import Cohort

    return db.session.get(Cohort, module_data["cohort"])


def test_every_route_has_an_access_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ACCESS), "add new routes to ACCESS with who may use them"


@pytest.mark.parametrize("endpoint", sorted(ACCESS))
@pytest.mark.parametrize("who", WHO)
def test_route_admits_exactly_its_audience(client, login_as, published, cohort, endpoint, who):
    method, url, allowed = ACCESS[endpoint]
    user = None if who == ANONYMOUS else login_as(who)
    url = url.format(user_id=user.id if user else 1)
    response = client.post(url) if method == "POST" else client.get(url)
    response.close()
    if who in allowed:
        assert response.status_code != 403
        assert "/sign-in?next=" not in response.headers.get("Location", "")
    elif who == ANONYMOUS:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")
    else:
        assert response.status_code == 403
