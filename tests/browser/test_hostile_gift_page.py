"""Hostile GIFT: the lessons' XSS corpus in stems, answers and feedback, in each GIFT text format, stays inert.

A trainer uploads a GIFT file holding every input of the hostile corpus (tests/domain/test_hostile_markdown.py) as
the stem, the right answer, its feedback and the general feedback of one question per input, once per text format
(``[markdown]``, ``[html]``, ``[plain]``, ``[moodle]``). The preview renders them with the trainees' renderer and
sanitiser. With the page's Content Security Policy removed, so that the sanitiser alone is tested, the test
hovers, clicks and focuses everything it can and watches for dialogs, the payloads' pushes, requests to other
hosts, navigations and popups.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from learnapp.domain.gift import escape
from tests.browser.conftest import assert_accessible, sign_in_as
from tests.browser.test_hostile_markdown_page import WATCH, Watch, was_pwned
from tests.domain.test_hostile_markdown import HOSTILE

PREVIEW = "/question-bank/import"
FOCUSABLE = "a[href], button, input, select, textarea, summary, iframe, object, embed, [tabindex], [contenteditable]"
POINTED_AT = """
() => [...document.querySelectorAll("article.question-preview *")].map((element, index) => [element, index])
  .filter(([element]) => element.matches("a, [tabindex]") || getComputedStyle(element).cursor === "pointer")
  .map(([, index]) => index)
"""


def hostile_gift(fmt: str) -> str:
    """One question per hostile input, the input in its stem, right answer, answer feedback and general feedback."""
    questions = []
    for index, hostile in enumerate(HOSTILE):
        text = f"[{fmt}]{escape(hostile.source)}"
        questions.append(f"::{fmt}-{index}::{text}{{={text}#{text} ~a harmless answer####{text}}}")
    return "\n\n".join(questions) + "\n"


def watch(page, server):
    """Record what must not happen; strip the CSP from the preview so only the sanitiser stands in the way."""
    seen = Watch(origin=server.url)

    def route(route):
        request = route.request
        if request.is_navigation_request() and seen.is_loaded:
            route.fulfill(status=204)
        elif seen.is_foreign(request.url):
            route.abort()
        elif request.is_navigation_request() and request.url == server.url + PREVIEW:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
            route.fulfill(response=response, headers=headers)
        else:
            route.continue_()

    def dialog(dialog):
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def request(request):
        if request.is_navigation_request() and seen.is_loaded:
            seen.navigations.append(request.url)
        elif seen.is_foreign(request.url):
            seen.foreign_requests.append(request.url)

    page.context.route("**/*", route)
    page.context.on("request", request)
    page.context.on("page", lambda popup: seen.popups.append(popup.url) if popup != page else None)
    page.add_init_script(WATCH)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    return seen


def poke_everything(page):
    elements = page.locator("article.question-preview *")
    for index in page.evaluate(POINTED_AT):
        element = elements.nth(index)
        if element.is_visible():
            element.hover(timeout=2000)
            element.click(timeout=2000)
    for element in page.locator("article.question-preview").locator(FOCUSABLE).all():
        element.focus(timeout=2000)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("fmt", ["markdown", "html", "plain", "moodle"])
def test_hostile_gift_renders_inert_in_the_preview(page, live_server, fmt):
    seen = watch(page, live_server)
    sign_in_as(page, live_server, "trainer@example.org")
    page.goto(f"{live_server.url}/question-bank/")
    page.get_by_label("Question file").set_input_files(
        {"name": f"hostile-{fmt}.gift", "mimeType": "text/plain", "buffer": hostile_gift(fmt).encode("utf-8")}
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    seen.is_loaded = True
    previews = page.locator("article.question-preview")
    assert previews.count() >= len(HOSTILE) - 4, "nearly every hostile question is importable and previewed"
    poke_everything(page)

    assert seen.dialogs == []
    assert was_pwned(page) == {"pwned": [], "violations": []}
    assert seen.foreign_requests == []
    assert all(urlsplit(url).scheme in ("http", "https") for url in seen.navigations)
    assert seen.popups == []
    assert seen.page_errors == []


def test_the_question_bank_pages_are_accessible(page, live_server):
    sign_in_as(page, live_server, "trainer@example.org")
    page.goto(f"{live_server.url}/question-bank/")
    assert_accessible(page)
    gift = "::Pillars::[markdown]How many **pillars**?{=Four#Right. ~Two}\n\n::Broken::Who?{=A ~B\n"
    page.get_by_label("Question file").set_input_files(
        {"name": "bank.gift", "mimeType": "text/plain", "buffer": gift.encode("utf-8")}
    )
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().count("line 3: the answer block") == 1
    assert_accessible(page)
