"""No hostile input runs a script or reaches another host on a real lesson page, even without the page's CSP.

The lesson's stored text is replaced by the sanitised HTML of every input of the hostile corpus, which is what a
sync would store if the checker had let them through. A trainee opens the lesson; the test hovers and clicks
everything that can be pointed at and focuses everything focusable, while it watches for dialogs, for the
payloads' ``window.top.__pwned.push(...)``, for requests and navigations to other hosts and for popups. It runs
once with the Content Security Policy as served (any violation report means an attempt got through the
sanitiser) and once with that header removed, so that the sanitiser alone is what is tested. A control run with
unsanitised HTML shows that the watch does see a script that runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.loader import load_tree
from learnapp.domain.markdown_render import render_markdown
from learnapp.extensions import db
from learnapp.models import LessonText
from tests.domain.test_hostile_markdown import HOSTILE
from tests.support.module_tree import write_module

LESSON = "/modules/alpha/lessons/01-intro"
WATCH = """
window.__pwned = [];
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
POINTED_AT = """
() => [...document.querySelectorAll("article.lesson *")].map((element, index) => [element, index])
  .filter(([element]) => element.matches("a, [tabindex]") || getComputedStyle(element).cursor === "pointer")
  .map(([, index]) => index)
"""
LINK_TARGETS = "() => [...document.querySelectorAll('article.lesson a[href]')].map((link) => link.href)"
FOCUSABLE = "a[href], button, input, select, textarea, summary, iframe, object, embed, [tabindex], [contenteditable]"


@dataclass
class Watch:
    """What the page did: dialogs, requests off the site, navigations once the lesson was loaded, popups, errors."""

    origin: str
    dialogs: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    is_loaded: bool = False

    def is_foreign(self, url):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" != self.origin


def sanitised_corpus():
    """The lesson HTML a sync would store for every hostile input, served from the module's media folder."""
    media_base = MEDIA_BASE.replace("{module_id}", "alpha")
    return "\n".join(render_markdown(hostile.source, media_base=media_base).html for hostile in HOSTILE)


def publish_lesson(server, tmp_path, html):
    """Publish module alpha, then store ``html`` as its only lesson's text in both languages."""
    root = tmp_path / "modules"
    write_module(root, "alpha", order=1, lessons=1, completion="lessons", with_quiz=False)
    with server.app.app_context():
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, result.problems
        sync_modules(result.modules)
        texts = db.session.scalars(sa.select(LessonText)).all()
        assert sorted(text.language for text in texts) == ["en", "ru"]
        for text in texts:
            text.parts = [{"kind": "html", "html": html}]
        db.session.commit()


def watch(page, server, *, strip_csp):
    """Record everything that must not happen; keep the browser on the site and on the lesson once it is loaded."""
    seen = Watch(origin=server.url)
    lesson_url = server.url + LESSON

    def route(route):
        request = route.request
        if request.is_navigation_request() and seen.is_loaded:
            route.fulfill(status=204)  # the navigation stops here and the lesson stays in place
        elif seen.is_foreign(request.url):
            route.abort()
        elif strip_csp and request.is_navigation_request() and request.url == lesson_url:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
            route.fulfill(response=response, headers=headers)
        else:
            route.continue_()

    def dialog(dialog):
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.context.route("**/*", route)

    def request(request):
        if request.is_navigation_request() and seen.is_loaded:
            seen.navigations.append(request.url)
        elif seen.is_foreign(request.url):
            seen.foreign_requests.append(request.url)

    page.context.on("request", request)
    page.context.on("page", lambda popup: seen.popups.append(popup.url) if popup != page else None)
    page.add_init_script(WATCH)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
    return seen


def sign_in_and_open_the_lesson(page, server, seen):
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email").fill("trainee@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")
    page.goto(server.url + LESSON)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    seen.is_loaded = True


def poke_everything(page):
    """Hover and click whatever can be pointed at in the lesson, then focus whatever can be focused."""
    elements = page.locator("article.lesson *")
    for index in page.evaluate(POINTED_AT):
        element = elements.nth(index)
        if element.is_visible():
            element.hover(timeout=2000)
            element.click(timeout=2000)
    for element in page.locator("article.lesson").locator(FOCUSABLE).all():
        element.focus(timeout=2000)
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)


def was_pwned(page):
    """What the payloads left in the page: their pushes and any CSP violation report."""
    return page.evaluate("() => ({pwned: window.__pwned, violations: window.__violations})")


@pytest.mark.parametrize("strip_csp", [False, True], ids=["csp-as-served", "csp-removed"])
def test_no_hostile_input_runs_a_script_or_leaves_the_site_on_a_lesson_page(page, live_server, tmp_path, strip_csp):
    publish_lesson(live_server, tmp_path, sanitised_corpus())
    seen = watch(page, live_server, strip_csp=strip_csp)
    sign_in_and_open_the_lesson(page, live_server, seen)
    poke_everything(page)

    assert seen.dialogs == []
    assert was_pwned(page) == {"pwned": [], "violations": []}
    assert seen.foreign_requests == []
    assert set(seen.navigations) <= set(page.evaluate(LINK_TARGETS)), "only a click on a kept link navigates"
    assert all(urlsplit(url).scheme in ("http", "https") for url in seen.navigations)
    assert seen.popups == []
    assert seen.page_errors == []
    assert [message for message in seen.console if "Content Security Policy" in message] == []
    assert urlsplit(page.url)._replace(fragment="").geturl() == live_server.url + LESSON
    lesson = page.locator("article.lesson")
    assert page.get_by_role("heading", level=1).inner_text() in {"Introduction", "Урок 1"}
    assert lesson.get_by_role("link", name="open").get_attribute("href") == "https://x.example"
    shown = (
        lesson.inner_text() + " " + " ".join(lesson.locator("img").evaluate_all("(images) => images.map((i) => i.alt)"))
    )
    assert [words for hostile in HOSTILE for words in hostile.keeps if words not in shown] == []


UNSANITISED = (
    '<img src="x" onerror="alert(1);window.top.__pwned.push(1)" alt="raw">'
    '<img src="https://tracker.example/p.gif" alt="pixel">'
)


def test_without_csp_the_watch_sees_unsanitised_html_run_a_script_and_call_another_host(page, live_server, tmp_path):
    publish_lesson(live_server, tmp_path, UNSANITISED)
    seen = watch(page, live_server, strip_csp=True)
    sign_in_and_open_the_lesson(page, live_server, seen)

    assert seen.dialogs == ["alert: 1"]
    assert was_pwned(page)["pwned"] == [1]
    assert seen.foreign_requests == ["https://tracker.example/p.gif"]


def test_with_csp_the_watch_sees_violation_reports_for_unsanitised_html(page, live_server, tmp_path):
    publish_lesson(live_server, tmp_path, UNSANITISED)
    seen = watch(page, live_server, strip_csp=False)
    sign_in_and_open_the_lesson(page, live_server, seen)

    reports = was_pwned(page)
    assert seen.dialogs == []
    assert reports["pwned"] == []
    assert sorted(report.split()[0] for report in reports["violations"]) == ["img-src", "script-src-attr"]
