"""The interface in English and Russian."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import g, render_template_string
from flask_babel import refresh

from learnapp.domain.profiles import Role

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "learnapp/translations/ru/LC_MESSAGES/messages.po"


def test_the_browser_language_is_the_default(client):
    page = client.get("/sign-in", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).text
    assert '<html lang="ru">' in page
    assert "Войти" in page


def test_english_when_the_browser_asks_for_a_language_we_do_not_have(client):
    assert '<html lang="en">' in client.get("/sign-in", headers={"Accept-Language": "de"}).text


def test_the_switch_changes_the_language_and_returns_to_the_same_page(client):
    response = client.post("/language", data={"language": "ru", "next": "/sign-in?next=/account"})
    assert response.headers["Location"] == "/sign-in?next=/account"
    assert '<html lang="ru">' in client.get("/sign-in", headers={"Accept-Language": "en"}).text


def test_the_switch_refuses_to_redirect_elsewhere(client):
    response = client.post("/language", data={"language": "ru", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"language": "xx", "next": "/sign-in"})
    assert '<html lang="en">' in client.get("/sign-in").text


def test_a_signed_in_users_choice_is_remembered_on_their_account(app, client, db, login_as):
    user = login_as(Role.TRAINEE)
    client.post("/language", data={"language": "ru", "next": "/"})
    db.session.refresh(user)
    assert user.preferred_language == "ru"
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    assert "<h1>Моё обучение</h1>" in other_device.get("/").text


def test_every_page_offers_the_language_switch(client, login_as):
    login_as(Role.ADMIN)
    for url in ("/", "/account", "/account/password", "/admin/users", "/admin/users/new", "/no-such-page"):
        page = client.get(url).text
        assert 'action="/language"' in page, url
        assert "Русский" in page and "English" in page


def extracted_messages() -> set[str]:
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "learnapp",
        method_map,
        options_map=options,
        keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)},
        # Babel skips folders whose names start with "_" unless told otherwise: templates/_partials has strings.
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_interface_string_has_a_russian_translation():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file, locale="ru")
    translated = {
        message.id[0] if isinstance(message.id, tuple) else message.id
        for message in catalogue
        if message.id and message.string and all(message.string) and "fuzzy" not in message.flags
    }
    missing = sorted(extracted_messages() - translated)
    assert missing == [], "run `make extract-messages` and translate these in messages.po"
    assert len(translated) > 100


def test_templates_translate_as_jinja_does_with_strings_kept_once_per_language(app):
    """The pages' faster `_` and `ngettext` give what Jinja's own give: translated, formatted, variables escaped."""
    source = (
        '{{ _("Sign out") }}|{{ _("Sign out") }}|{{ _("Lesson %(position)d of %(count)d", position=1, count=2) }}|'
        '{{ ngettext("%(num)d minute read", "%(num)d minutes read", 5) }}|'
        '{{ ngettext("%(num)s point", "%(num)s points", 2, num="2.5") }}|{{ _("%(name)s", name="<b>") }}'
    )
    pages = {}
    for language in ("ru", "en"):
        with app.test_request_context(headers={"Accept-Language": language}):
            refresh()  # the test's app context, where the locale is kept, outlives each request context
            g.pop("_learnapp_translations", None)
            pages[language] = render_template_string(source)
            again = render_template_string(source)
            jinjas_own = app.jinja_env.from_string(source).render()  # no context processor: Jinja's callables
        assert pages[language] == again == jinjas_own
        assert pages[language].endswith("|&lt;b&gt;")
    assert pages["en"].startswith("Sign out|Sign out|Lesson 1 of 2|5 minutes read|2.5 points|")
    assert pages["ru"].split("|")[:3] != pages["en"].split("|")[:3]
