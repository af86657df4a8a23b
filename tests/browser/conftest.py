"""Browser fixtures: the app served by a real server on a free loopback port, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright for Python; no browser is downloaded. Without
it these tests are skipped locally, and fail in CI (CI=true), so a missing browser is never silently green.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from config import TestConfig
from learnapp import create_app
from learnapp.author.sync import MEDIA_BASE, sync_modules
from learnapp.cli.demo import DEMO_PASSWORD
from learnapp.domain.loader import load_tree
from learnapp.extensions import db
from learnapp.models import User
from learnapp.privacy.notice import NOTICE_VERSION

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session."""
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class LiveServer:
    """The app on a real HTTP server in a background thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # A short poll interval: `shutdown` waits for the loop's next poll, half a second by default.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the schema and the demo accounts, made once for the session; never served itself."""
    path = tmp_path_factory.mktemp("browser-seed") / "browser.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    with app.app_context():
        # Returning users: the demo accounts have accepted the current privacy notice (tests/browser/test_privacy.py
        # shows a trainee asked at first sign-in).
        db.session.execute(sa.update(User).values(notice_version=NOTICE_VERSION))
        db.session.commit()
        db.engine.dispose()  # the last connection to close checkpoints the write-ahead log into the file
    assert not path.with_name("browser.db-wal").exists()
    return path


@contextmanager
def served_copy(seeded_database: Path, database: Path) -> Iterator[LiveServer]:
    """An app on a copy of `seeded_database` (the demo accounts) at `database`, served on a free port."""
    shutil.copyfile(seeded_database, database)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with LiveServer(app) as server:
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def live_server(tmp_path: Path, seeded_database: Path) -> Iterator[LiveServer]:
    """A fresh SQLite database file with the demo accounts (a copy of `seeded_database`), served on a free port."""
    with served_copy(seeded_database, tmp_path / "browser.db") as server:
        yield server


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A new browser tab with a phone-sized viewport and English as the browser language."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Any) -> None:
    """Run axe-core in the page and fail on any WCAG 2.1 A or AA violation, listing each one."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS)
    violations = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=2, ensure_ascii=False)}"


def publish_tree(server: LiveServer, root: Path) -> None:
    """Load the modules written under `root` into the live server's database, as `flask modules sync` would."""
    with server.app.app_context():
        result = load_tree(root, media_base=MEDIA_BASE)
        assert result.is_ok, [str(problem) for problem in result.problems]
        sync_modules(result.modules)
        db.session.commit()


def sign_in_as(page: Any, server: LiveServer, email: str) -> None:
    """Sign in through the form with a demo account and wait for the home page."""
    page.goto(f"{server.url}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")
